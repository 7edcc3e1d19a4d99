import type { AlertTexts } from './alert-texts';
import { displayName, known, localTime, sentences } from './alert-texts';

/** Arabic counts: 1 سنة واحدة, 2 سنتان, 3-10 سنوات (plural), 11 and more سنة (singular accusative). */
export function arabicYears(n: number): string {
  if (n === 1) return 'سنة واحدة';
  if (n === 2) return 'سنتان';
  if (n >= 3 && n <= 10) return `${n} سنوات`;
  return `${n} سنة`;
}

/** Verbs and adjectives agree with the child: "شوهد" / "شوهدت". */
const bySex = (sex: 'female' | 'male', female: string, male: string) => (sex === 'female' ? female : male);
const atPlace = (hasAddress: boolean, place: string) => (hasAddress ? `في ${place}` : `قرب ${place}`);

export const arMA: AlertTexts = {
  event: (abducted) => (abducted ? 'طفل مختطف' : 'طفل مفقود'),
  senderName: 'المديرية العامة للأمن الوطني',
  headline: (c) => {
    const child = c.abducted ? bySex(c.sex, 'طفلة مختطفة', 'طفل مختطف') : bySex(c.sex, 'طفلة مفقودة', 'طفل مفقود');
    return `${child}: ${displayName(c)}، ${arabicYears(c.ageYears)}، ${bySex(c.sex, 'شوهدت', 'شوهد')} آخر مرة ${atPlace(c.lastSeen.hasAddress, c.lastSeen.place)}`;
  },
  description: (c) => {
    const when = localTime(c.lastSeen.at);
    const d = c.description;
    return sentences([
      `${displayName(c)} (${bySex(c.sex, 'أنثى', 'ذكر')}، العمر ${arabicYears(c.ageYears)}) ${bySex(c.sex, 'شوهدت', 'شوهد')} آخر مرة يوم ${when.date} على الساعة ${when.time} (${when.offset}) ${atPlace(c.lastSeen.hasAddress, c.lastSeen.place)}.`,
      known(d.heightCm, (v) => `الطول: ${v} سم.`),
      known(d.build, (v) => `البنية: ${v}.`),
      known(d.hair, (v) => `الشعر: ${v}.`),
      known(d.eyes, (v) => `العينان: ${v}.`),
      known(d.clothing, (v) => `الملابس: ${v}.`),
      known(d.distinguishingMarks, (v) => `علامات مميزة: ${v}.`),
      known(c.suspect, (s) => `المشتبه به: ${s.description}.`),
      known(c.suspect?.vehicle ?? null, (v) => `المركبة: ${v}.`),
    ]);
  },
  instruction: (c, contact) =>
    `إذا رأيت ${bySex(c.sex, 'هذه الطفلة', 'هذا الطفل')} أو كانت لديك أي معلومة، اتصل فورًا بالرقم ${contact} أو توجه إلى أقرب مركز للشرطة. لا تتدخل بنفسك.`,
  photoDescription: (c) => `صورة ${displayName(c)}`,
  radiusArea: (km, place) => `داخل دائرة نصف قطرها ${km} كم حول ${place}`,
  nationalArea: (country) => `${country} (كامل التراب الوطني)`,
  cancelHeadline: (name, reason) => (reason === 'found' ? `انتهاء الإنذار: تم العثور على ${name}` : `سحب الإنذار: ${name}`),
  cancelInstruction: () => 'شكرًا على مساعدتكم. لا حاجة لأي إجراء. يرجى التوقف عن نشر هذا الإنذار.',
};
