/**
 * The public words of an alert in one language: what a CAP `info` block of an Alert says (event,
 * headline, description, instruction, photo caption). buildCapMessage writes these very strings, and
 * the API shows them to the prosecutor before approval (GET /cases/:id/public-preview), so what is
 * approved is what is published.
 */
import { ALERT_TEXTS, type AlertLanguage } from './alert-languages';
import type { PublicAlertContent } from './public-content';

export interface PublicAlertTexts {
  language: AlertLanguage;
  event: string;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  photoDescription: string;
}

export function publicAlertTexts(content: PublicAlertContent, language: AlertLanguage, contact: string): PublicAlertTexts {
  const texts = ALERT_TEXTS[language];
  return {
    language,
    event: texts.event(content.abducted),
    senderName: texts.senderName,
    headline: texts.headline(content),
    description: texts.description(content),
    instruction: texts.instruction(content, contact),
    photoDescription: texts.photoDescription(content),
  };
}
