/**
 * The words of the public alert page around the alert's own texts (which come from the CAP builder,
 * domain/cap/public-texts.ts): labels, the language switch, the ended notice. One entry per language
 * the CAP builder knows, so adding a language to domain/cap/texts/ makes the compiler ask for its
 * page words here too.
 */
import type { AlertLanguage } from '../../domain/cap';
import { arabicYears } from '../../domain/cap/texts/ar-ma';

export interface PageTexts {
  /** The language's own name, in the language switch. */
  languageName: string;
  /** Right-to-left script. */
  rtl: boolean;
  /** Open Graph locale (`ar_MA`). */
  ogLocale: string;
  call(contact: string): string;
  name: string;
  age: string;
  years(n: number): string;
  lastSeen(sex: 'female' | 'male'): string;
  lastSeenAt(date: string, time: string, offset: string): string;
  place: string;
  areaHeading: string;
  mapLabel: string;
  photoMissing: string;
  updated(date: string, time: string, offset: string): string;
  shareHint: string;
  languages: string;
  endedTitle: string;
  endedThanks: string;
  endedRemoveShares: string;
  notFoundTitle: string;
}

export const PAGE_TEXTS: Record<AlertLanguage, PageTexts> = {
  'ar-MA': {
    languageName: 'العربية',
    rtl: true,
    ogLocale: 'ar_MA',
    call: (contact) => `اتصلوا بالرقم ${contact}`,
    name: 'الاسم',
    age: 'العمر',
    years: arabicYears,
    lastSeen: (sex) => (sex === 'female' ? 'شوهدت آخر مرة' : 'شوهد آخر مرة'),
    lastSeenAt: (date, time, offset) => `${date} على الساعة ${time} (${offset})`,
    place: 'المكان',
    areaHeading: 'منطقة البحث',
    mapLabel: 'خريطة تقريبية لمنطقة الإنذار',
    photoMissing: 'لا توجد صورة',
    updated: (date, time, offset) => `آخر تحديث: ${date} على الساعة ${time} (${offset})`,
    shareHint: 'شاركوا رابط هذه الصفحة بدل نسخ محتواها: عند انتهاء الإنذار، ستُظهر الصفحة ذلك لكل من يفتحها.',
    languages: 'اللغة',
    endedTitle: 'انتهى هذا الإنذار',
    endedThanks: 'شكراً لكم على مساعدتكم.',
    endedRemoveShares: 'نرجو منكم حذف منشوراتكم ورسائلكم التي شاركتم فيها هذا الإنذار.',
    notFoundTitle: 'لا يوجد إنذار بهذا العنوان',
  },
  'fr-MA': {
    languageName: 'Français',
    rtl: false,
    ogLocale: 'fr_MA',
    call: (contact) => `Appelez le ${contact}`,
    name: 'Nom',
    age: 'Âge',
    years: (n) => (n === 1 ? '1 an' : `${n} ans`),
    lastSeen: (sex) => (sex === 'female' ? 'Vue pour la dernière fois' : 'Vu pour la dernière fois'),
    lastSeenAt: (date, time, offset) => `le ${date} à ${time} (${offset})`,
    place: 'Lieu',
    areaHeading: "Zone de l'alerte",
    mapLabel: "Carte approximative de la zone de l'alerte",
    photoMissing: 'Pas de photo',
    updated: (date, time, offset) => `Mis à jour le ${date} à ${time} (${offset})`,
    shareHint: "Partagez le lien de cette page plutôt qu'une copie : quand l'alerte prend fin, la page l'indique à tous ceux qui l'ouvrent.",
    languages: 'Langue',
    endedTitle: 'Cette alerte est terminée',
    endedThanks: 'Merci pour votre aide.',
    endedRemoveShares: 'Merci de supprimer vos publications et messages qui partageaient cette alerte.',
    notFoundTitle: 'Aucune alerte à cette adresse',
  },
  en: {
    languageName: 'English',
    rtl: false,
    ogLocale: 'en_GB',
    call: (contact) => `Call ${contact}`,
    name: 'Name',
    age: 'Age',
    years: (n) => (n === 1 ? '1 year' : `${n} years`),
    lastSeen: () => 'Last seen',
    lastSeenAt: (date, time, offset) => `on ${date} at ${time} (${offset})`,
    place: 'Place',
    areaHeading: 'Alert area',
    mapLabel: 'Approximate map of the alert area',
    photoMissing: 'No photo',
    updated: (date, time, offset) => `Updated ${date} at ${time} (${offset})`,
    shareHint: 'Share the link to this page rather than a copy: when the alert ends, the page says so to everyone who opens it.',
    languages: 'Language',
    endedTitle: 'This alert has ended',
    endedThanks: 'Thank you for your help.',
    endedRemoveShares: 'Please remove your posts and messages that shared this alert.',
    notFoundTitle: 'No alert at this address',
  },
};
