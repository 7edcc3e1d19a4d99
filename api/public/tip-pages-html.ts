/**
 * The tip form and the pages that answer it, as HTML: pure functions, every value escaped, no script.
 * The form works without JavaScript (a plain POST to /public/tips, URL-encoded); a refused tip comes
 * back as the same form, filled in as sent, with the reasons above it and on each field.
 */
import type { AlertLanguage } from '../../domain/cap';
import type { TipProblem } from '../../domain/public-tip';
import { documentOf, head, type PageBase } from './alert-page-html';
import { escapeHtml as e } from './html';
import { TIP_TEXTS, type TipField } from './tip-texts';

/** Where the form posts (POST /public/tips). */
export const PUBLIC_TIPS_PATH = '/public/tips';

export interface TipFormValues {
  seenAt?: string;
  place?: string;
  description?: string;
  phone?: string;
  callbackConsent?: boolean;
}

export interface TipFormModel {
  ref: string;
  language: AlertLanguage;
  values?: TipFormValues;
  problems?: TipProblem[];
}

const FIELD_IDS: Record<TipField, string> = { seenAt: 'tip-seen', place: 'tip-place', description: 'tip-what', phone: 'tip-phone', callbackConsent: 'tip-consent' };
const isFormField = (field: string): field is TipField => field in FIELD_IDS;

/** A field's reasons under it, tied to it (`aria-describedby`, with its own hint when it has one). */
function problemsOf(field: TipField, problems: TipProblem[], language: AlertLanguage, hintId?: string): { attrs: string; note: string } {
  const mine = problems.filter((p) => p.field === field);
  const id = `${FIELD_IDS[field]}-problem`;
  const describedBy = [hintId, mine.length > 0 ? id : undefined].filter(Boolean).join(' ');
  const attrs = `${mine.length > 0 ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`;
  const words = mine.map((p) => TIP_TEXTS[language].reasons[p.reason]).join(' ; ');
  return { attrs, note: mine.length > 0 ? `<p class="hint" id="${id}">${e(words)}</p>` : '' };
}

export function renderTipForm({ ref, language, values = {}, problems = [] }: TipFormModel): string {
  const t = TIP_TEXTS[language];
  const field = (name: TipField) => problemsOf(name, problems, language, name === 'phone' ? 'tip-phone-hint' : undefined);
  const label = (name: TipField) => `<label for="${FIELD_IDS[name]}">${e(t.labels[name])}</label>`;
  const value = (v: string | undefined) => (v === undefined ? '' : ` value="${e(v)}"`);
  const [seen, place, what, phone, consent] = (['seenAt', 'place', 'description', 'phone', 'callbackConsent'] as const).map(field);
  return `<section class="tip" aria-labelledby="tip-heading">
<h2 id="tip-heading">${e(t.heading)}</h2>
<p class="hint">${e(t.intro)}</p>
<form method="post" action="${PUBLIC_TIPS_PATH}" accept-charset="utf-8">
<input type="hidden" name="alert" value="${e(ref)}">
<input type="hidden" name="lang" value="${e(language)}">
${label('seenAt')}
<input id="${FIELD_IDS.seenAt}" name="seenAt" type="datetime-local" required${value(values.seenAt)}${seen.attrs}>${seen.note}
${label('place')}
<input id="${FIELD_IDS.place}" name="place" type="text" maxlength="200" required${value(values.place)}${place.attrs}>${place.note}
${label('description')}
<textarea id="${FIELD_IDS.description}" name="description" maxlength="1000" rows="4" required${what.attrs}>${e(values.description ?? '')}</textarea>${what.note}
${label('phone')}
<input id="${FIELD_IDS.phone}" name="phone" type="tel" maxlength="20" autocomplete="tel"${value(values.phone)}${phone.attrs}>
<p class="hint" id="tip-phone-hint">${e(t.phoneHint)}</p>${phone.note}
<label class="check" for="${FIELD_IDS.callbackConsent}"><input id="${FIELD_IDS.callbackConsent}" name="callbackConsent" type="checkbox" value="yes"${values.callbackConsent ? ' checked' : ''}${consent.attrs}>${e(t.labels.callbackConsent)}</label>${consent.note}
<div class="hp" aria-hidden="true"><label for="tip-website">${e(t.leaveEmpty)}</label><input id="tip-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<button type="submit">${e(t.submit)}</button>
</form>
</section>`;
}

const page = (base: PageBase, title: string, body: string, bodyClass: string) => documentOf(base, head(base, title, ''), `<main>\n${body}\n</main>`, bodyClass);

/** 202: the receipt code, and what to do if the child is in front of them. */
export function renderTipReceipt(base: PageBase, receipt: string, alertHref: string): string {
  const t = TIP_TEXTS[base.language];
  const tel = base.contact.replace(/[^0-9+]/g, '');
  return page(
    base,
    t.receiptTitle,
    `<h1>${e(t.receiptTitle)}</h1>
<p>${e(t.receiptBody)}</p>
<p>${e(t.receiptCode)} : <span class="receipt">${e(receipt)}</span></p>
<p><a class="call" href="tel:${e(tel)}">${e(t.receiptUrgent(base.contact))}</a></p>
<p><a href="${e(alertHref)}">${e(t.backToAlert)}</a></p>`,
    'receipt',
  );
}

/** 422: the reasons, then the form as it was sent. */
export function renderTipRefused(base: PageBase, form: TipFormModel, alertHref: string): string {
  const t = TIP_TEXTS[base.language];
  const problems = form.problems ?? [];
  const items = problems.map((p) => {
    const words = t.reasons[p.reason];
    return isFormField(p.field) ? `<li><a href="#${FIELD_IDS[p.field]}">${e(t.labels[p.field])}</a> : ${e(words)}</li>` : `<li>${e(t.otherField)} (${e(p.field)}) : ${e(words)}</li>`;
  });
  return page(
    base,
    t.refusedTitle,
    `<section class="problems" role="alert"><h1>${e(t.refusedTitle)}</h1><ul>${items.join('')}</ul></section>
${renderTipForm(form)}
<p><a href="${e(alertHref)}">${e(t.backToAlert)}</a></p>`,
    'refused',
  );
}

/** 404, 410, 413, 429: one sentence, and the number to call. */
export function renderTipNotice(base: PageBase, title: string, message: string): string {
  const tel = base.contact.replace(/[^0-9+]/g, '');
  return page(base, title, `<h1>${e(title)}</h1>\n<p>${e(message)}</p>\n<p><a class="call" href="tel:${e(tel)}">${e(base.contact)}</a></p>`, 'notice');
}
