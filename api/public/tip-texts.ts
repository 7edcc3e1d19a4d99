/**
 * The words of the tip form (on the alert page) and of the pages the form's answers are: the receipt,
 * the reasons a tip was refused, the limits. One entry per language the CAP builder knows, like PAGE_TEXTS.
 */
import type { AlertLanguage } from '../../domain/cap';
import type { TipReason } from '../../domain/public-tip';

export type TipField = 'seenAt' | 'place' | 'description' | 'phone' | 'callbackConsent';

export interface TipTexts {
  heading: string;
  intro: string;
  labels: Record<TipField, string>;
  /** Under the phone field: why, and that it is optional. */
  phoneHint: string;
  /** The honeypot's label (hidden from people; a screen reader user is told to leave it empty). */
  leaveEmpty: string;
  submit: string;
  receiptTitle: string;
  receiptBody: string;
  receiptCode: string;
  receiptUrgent(contact: string): string;
  backToAlert: string;
  refusedTitle: string;
  /** A field the form does not show (e.g. `lat`), named in a reason. */
  otherField: string;
  reasons: Record<TipReason, string>;
  tooManyTitle: string;
  tooMany: string;
  tooLarge: string;
  notActiveTitle: string;
  notActive: string;
}

export const TIP_TEXTS: Record<AlertLanguage, TipTexts> = {
  'ar-MA': {
    heading: 'هل رأيتم هذا الطفل؟',
    intro: 'أخبرونا متى وأين رأيتموه. في حالة الاستعجال، اتصلوا مباشرة.',
    labels: { seenAt: 'متى؟', place: 'أين؟ (المكان بالكلمات)', description: 'ماذا رأيتم؟', phone: 'رقم هاتفكم (اختياري)', callbackConsent: 'أوافق على أن تتصل بي الشرطة على هذا الرقم' },
    phoneHint: 'لن يُستعمل رقمكم إلا للاتصال بكم بخصوص هذه المعلومة.',
    leaveEmpty: 'اتركوا هذا الحقل فارغاً',
    submit: 'إرسال المعلومة',
    receiptTitle: 'شكراً، وصلتنا معلومتكم',
    receiptBody: 'سيطلع عليها المحققون. احتفظوا بهذا الرمز إذا اتصلتم بنا بخصوصها:',
    receiptCode: 'رمز الإيصال',
    receiptUrgent: (contact) => `إذا كان الطفل أمامكم الآن، اتصلوا بالرقم ${contact}.`,
    backToAlert: 'العودة إلى الإنذار',
    refusedTitle: 'لم تُرسل المعلومة: يرجى التصحيح',
    otherField: 'حقل آخر',
    reasons: {
      required: 'هذا الحقل مطلوب',
      invalid: 'القيمة غير صالحة',
      tooLong: 'النص طويل جداً',
      html: 'اكتبوا نصاً عادياً فقط (بدون رموز HTML)',
      control: 'النص يحتوي على رموز غير مقبولة',
      phone: 'رقم الهاتف غير صالح (أرقام ومسافات، من 6 إلى 20 رمزاً)',
      future: 'هذا الوقت في المستقبل',
      beforeMissing: 'هذا الوقت قبل اختفاء الطفل',
      outside: 'هذا المكان خارج منطقة الخدمة',
      where: 'اذكروا المكان',
      consent: 'يلزم قبول الاتصال بكم لترك رقم الهاتف',
      unknown: 'حقل غير معروف',
    },
    tooManyTitle: 'محاولات كثيرة',
    tooMany: 'وصلتنا معلومات كثيرة في وقت قصير. أعيدوا المحاولة بعد قليل، أو اتصلوا مباشرة.',
    tooLarge: 'النص طويل جداً.',
    notActiveTitle: 'هذا الإنذار غير نشط',
    notActive: 'لا يمكن إرسال معلومة بخصوص هذا الإنذار.',
  },
  'fr-MA': {
    heading: 'Vous avez vu cet enfant ?',
    intro: 'Dites-nous quand et où. En cas d’urgence, appelez directement.',
    labels: { seenAt: 'Quand ?', place: 'Où ? (le lieu en mots)', description: 'Qu’avez-vous vu ?', phone: 'Votre téléphone (facultatif)', callbackConsent: 'J’accepte que la police me rappelle à ce numéro' },
    phoneHint: 'Votre numéro ne sert qu’à vous rappeler au sujet de ce signalement.',
    leaveEmpty: 'Laissez ce champ vide',
    submit: 'Envoyer le signalement',
    receiptTitle: 'Merci, votre signalement est bien reçu',
    receiptBody: 'Les enquêteurs vont le lire. Gardez ce code si vous nous appelez à son sujet :',
    receiptCode: 'Code de reçu',
    receiptUrgent: (contact) => `Si l’enfant est devant vous maintenant, appelez le ${contact}.`,
    backToAlert: 'Retour à l’alerte',
    refusedTitle: 'Signalement non envoyé : merci de corriger',
    otherField: 'Autre champ',
    reasons: {
      required: 'Ce champ est obligatoire',
      invalid: 'Valeur non valide',
      tooLong: 'Texte trop long',
      html: 'Texte simple uniquement (pas de HTML)',
      control: 'Le texte contient des caractères non acceptés',
      phone: 'Numéro non valide (chiffres et espaces, 6 à 20 caractères)',
      future: 'Cette heure est dans le futur',
      beforeMissing: 'Cette heure est antérieure à la disparition',
      outside: 'Ce lieu est hors de la zone du service',
      where: 'Indiquez le lieu',
      consent: 'Cochez l’accord de rappel pour laisser un numéro',
      unknown: 'Champ inconnu',
    },
    tooManyTitle: 'Trop de tentatives',
    tooMany: 'Nous avons reçu beaucoup de signalements en peu de temps. Réessayez dans un moment, ou appelez directement.',
    tooLarge: 'Le texte est trop long.',
    notActiveTitle: 'Cette alerte n’est pas active',
    notActive: 'Il n’est pas possible d’envoyer un signalement pour cette alerte.',
  },
  en: {
    heading: 'Have you seen this child?',
    intro: 'Tell us when and where. If it is urgent, call directly.',
    labels: { seenAt: 'When?', place: 'Where? (the place in words)', description: 'What did you see?', phone: 'Your phone (optional)', callbackConsent: 'I agree that the police may call me back on this number' },
    phoneHint: 'Your number is used only to call you back about this tip.',
    leaveEmpty: 'Leave this field empty',
    submit: 'Send the tip',
    receiptTitle: 'Thank you, your tip has been received',
    receiptBody: 'Investigators will read it. Keep this code if you call us about it:',
    receiptCode: 'Receipt code',
    receiptUrgent: (contact) => `If the child is in front of you now, call ${contact}.`,
    backToAlert: 'Back to the alert',
    refusedTitle: 'Tip not sent: please correct',
    otherField: 'Other field',
    reasons: {
      required: 'This field is required',
      invalid: 'This value is not valid',
      tooLong: 'The text is too long',
      html: 'Plain text only (no HTML)',
      control: 'The text contains characters that are not accepted',
      phone: 'Not a valid number (digits and spaces, 6 to 20 characters)',
      future: 'This time is in the future',
      beforeMissing: 'This time is before the child went missing',
      outside: 'This place is outside the service area',
      where: 'Say where',
      consent: 'Tick the call-back consent to leave a number',
      unknown: 'Unknown field',
    },
    tooManyTitle: 'Too many attempts',
    tooMany: 'We received many tips in a short time. Try again in a moment, or call directly.',
    tooLarge: 'The text is too long.',
    notActiveTitle: 'This alert is not active',
    notActive: 'No tip can be sent for this alert.',
  },
};
