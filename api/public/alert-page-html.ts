/**
 * The public alert page as HTML: pure functions from what the alert says to a document. No script,
 * one inline style element (allowed by its hash in the page's Content-Security-Policy), every value
 * escaped. Mobile first: one column, the photo and the number to call first; the layout mirrors itself
 * for right-to-left languages (logical CSS properties, `dir` on the root).
 */
import { createHash } from 'node:crypto';
import type { AlertLanguage, PublicAlertTexts } from '../../domain/cap';
import { escapeHtml as e } from './html';
import { PAGE_TEXTS } from './page-texts';

export interface LanguageLink {
  language: AlertLanguage;
  /** Relative link to the page in that language. */
  href: string;
}

export interface PagePhoto {
  /** As the page links it (relative for the service's own photos). */
  src: string;
  /** Absolute, for the share tags. */
  absoluteUrl: string;
  width: number | null;
  height: number | null;
}

export interface PageBase {
  language: AlertLanguage;
  languages: LanguageLink[];
  /** The page's address without a language: what people share. */
  canonicalUrl: string;
  /** Absolute address of the page in each language, for `hreflang` alternates. */
  alternates: Array<{ language: AlertLanguage; url: string }>;
  senderName: string;
  contact: string;
}

export interface ActivePageModel extends PageBase {
  texts: PublicAlertTexts;
  name: string;
  sex: 'female' | 'male';
  ageYears: number;
  lastSeen: { date: string; time: string; offset: string };
  place: string;
  photos: PagePhoto[];
  areaDescriptions: string[];
  mapSvg: string;
  updated: { date: string; time: string; offset: string };
  /** The tip form (api/public/tip-pages-html.ts), after the alert. */
  tipForm: string;
}

export type EndedPageModel = PageBase;

export const PAGE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;overflow-wrap:anywhere;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",Tahoma,sans-serif;line-height:1.5;color:#1b1b1b;background:#f4f4f2}
header,main,footer{max-width:40rem;margin:0 auto;padding:0.75rem 1rem}
header{display:flex;flex-wrap:wrap;gap:0.5rem;align-items:center;justify-content:space-between;font-size:0.9rem}
.sender{font-weight:600}
nav ul{display:flex;gap:0.75rem;list-style:none;margin:0;padding:0}
nav a{color:#0b4f9c}
nav a[aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}
.event{display:inline-block;margin:0;padding:0.15rem 0.6rem;border-radius:0.25rem;background:#b3261e;color:#fff;font-weight:700;text-transform:uppercase;font-size:0.85rem}
h1{font-size:1.4rem;line-height:1.3;margin:0.5rem 0 0.75rem}
.photos{margin:0 0 1rem;display:grid;gap:0.5rem}
.photos img{display:block;width:100%;height:auto;max-height:70vh;object-fit:contain;background:#ddd;border-radius:0.4rem}
.call{display:block;margin:0 0 1rem;padding:0.9rem 1rem;border-radius:0.5rem;background:#b3261e;color:#fff;text-align:center;font-size:1.25rem;font-weight:700;text-decoration:none}
.call:focus,.call:hover{background:#8c1d18}
dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:0.25rem 1rem;margin:0 0 1rem;padding:0.75rem 1rem;background:#fff;border-radius:0.5rem}
dt{font-weight:600}
dd{margin:0}
.description,.instruction{margin:0 0 1rem}
.instruction{font-weight:600}
section{margin:0 0 1rem;padding:0.75rem 1rem;background:#fff;border-radius:0.5rem}
h2{font-size:1.1rem;margin:0 0 0.5rem}
.map{display:block;width:100%;height:auto;max-height:22rem;border-radius:0.25rem}
.sea{fill:#dbe9f4}
.land{fill:#f3efe3;stroke:#8a8372}
.zone{fill:#b3261e;fill-opacity:0.18;stroke:#b3261e}
.centre{fill:#b3261e}
section ul{margin:0.5rem 0 0;padding-inline-start:1.25rem}
.updated,footer{color:#555;font-size:0.9rem}
.ended h1{font-size:1.6rem}
.ended p{font-size:1.1rem}
form{display:grid;gap:0.35rem}
label{font-weight:600;margin-block-start:0.4rem}
input,textarea,button{font:inherit;width:100%;padding:0.5rem;border:1px solid #767676;border-radius:0.3rem;background:#fff;color:inherit}
textarea{min-height:6rem;resize:vertical}
.check{display:flex;gap:0.5rem;align-items:flex-start;font-weight:400}
.check input{width:auto;margin-block-start:0.35rem}
.hint{margin:0;color:#555;font-size:0.9rem}
.hp{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}
button{margin-block-start:0.75rem;background:#0b4f9c;color:#fff;border:0;font-weight:700;padding:0.75rem}
[aria-invalid="true"]{border:2px solid #b3261e}
.problems{border-inline-start:4px solid #b3261e}
.receipt{font-size:1.5rem;font-weight:700;letter-spacing:0.1em;direction:ltr;unicode-bidi:isolate}
@media (min-width:40rem){h1{font-size:1.75rem}}`;

/** The CSP source of the one style element (computed from the very bytes served). */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;

/** The service's icon (the console's, same origin): without one a browser asks /favicon.ico and gets 404. */
export const PAGE_ICON = '/console/favicon.svg';

export function head(model: PageBase, title: string, extra: string): string {
  const alternates = model.alternates.map((a) => `<link rel="alternate" hreflang="${e(a.language)}" href="${e(a.url)}">`).join('\n');
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, noarchive">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="${PAGE_ICON}" type="image/svg+xml">
<title>${e(title)}</title>
${alternates}
${extra}<style>${PAGE_CSS}</style>
</head>`;
}

function pageHeader(model: PageBase): string {
  const texts = PAGE_TEXTS[model.language];
  const links = model.languages
    .map((l) => {
      const current = l.language === model.language ? ' aria-current="true"' : '';
      return `<li><a href="${e(l.href)}" hreflang="${e(l.language)}" lang="${e(l.language)}"${current}>${e(PAGE_TEXTS[l.language].languageName)}</a></li>`;
    })
    .join('');
  const nav = model.languages.length > 1 ? `<nav aria-label="${e(texts.languages)}"><ul>${links}</ul></nav>` : '';
  return `<header><span class="sender">${e(model.senderName)}</span>${nav}</header>`;
}

export function documentOf(model: PageBase, headHtml: string, body: string, bodyClass: string): string {
  const texts = PAGE_TEXTS[model.language];
  return `<!DOCTYPE html>
<html lang="${e(model.language)}" dir="${texts.rtl ? 'rtl' : 'ltr'}">
${headHtml}
<body class="${bodyClass}">
${pageHeader(model)}
${body}
</body>
</html>
`;
}

/** Open Graph and Twitter card tags: what a share on a network or a messaging app previews. */
function shareTags(model: ActivePageModel): string {
  const texts = PAGE_TEXTS[model.language];
  const photo = model.photos[0];
  const tags: Array<[string, string, string]> = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', model.senderName],
    ['property', 'og:url', model.canonicalUrl],
    ['property', 'og:title', model.texts.headline],
    ['property', 'og:description', model.texts.description],
    ['property', 'og:locale', texts.ogLocale],
    ...model.alternates.filter((a) => a.language !== model.language).map((a): [string, string, string] => ['property', 'og:locale:alternate', PAGE_TEXTS[a.language].ogLocale]),
    ...(photo
      ? ([
          ['property', 'og:image', photo.absoluteUrl],
          ...(photo.width && photo.height ? ([['property', 'og:image:width', String(photo.width)], ['property', 'og:image:height', String(photo.height)]] as Array<[string, string, string]>) : []),
          ['property', 'og:image:alt', model.texts.photoDescription],
        ] as Array<[string, string, string]>)
      : []),
    ['name', 'twitter:card', photo ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', model.texts.headline],
    ['name', 'twitter:description', model.texts.description],
    ...(photo ? ([['name', 'twitter:image', photo.absoluteUrl], ['name', 'twitter:image:alt', model.texts.photoDescription]] as Array<[string, string, string]>) : []),
  ];
  return tags.map(([attr, key, value]) => `<meta ${attr}="${e(key)}" content="${e(value)}">\n`).join('');
}

export function renderActivePage(model: ActivePageModel): string {
  const texts = PAGE_TEXTS[model.language];
  const { texts: alert } = model;
  const photos =
    model.photos.length === 0
      ? ''
      : `<div class="photos">${model.photos
          .map((p, i) => {
            const size = p.width && p.height ? ` width="${p.width}" height="${p.height}"` : '';
            return `<img src="${e(p.src)}" alt="${e(alert.photoDescription)}"${size}${i === 0 ? '' : ' loading="lazy"'}>`;
          })
          .join('')}</div>`;
  const tel = model.contact.replace(/[^0-9+]/g, '');
  const body = `<main>
<p class="event">${e(alert.event)}</p>
<h1>${e(alert.headline)}</h1>
${photos}
<a class="call" href="tel:${e(tel)}">${e(texts.call(model.contact))}</a>
<dl>
<dt>${e(texts.name)}</dt><dd>${e(model.name)}</dd>
<dt>${e(texts.age)}</dt><dd>${e(texts.years(model.ageYears))}</dd>
<dt>${e(texts.lastSeen(model.sex))}</dt><dd>${e(texts.lastSeenAt(model.lastSeen.date, model.lastSeen.time, model.lastSeen.offset))}</dd>
<dt>${e(texts.place)}</dt><dd>${e(model.place)}</dd>
</dl>
<p class="description">${e(alert.description)}</p>
<p class="instruction">${e(alert.instruction)}</p>
<section>
<h2>${e(texts.areaHeading)}</h2>
${model.mapSvg}
<ul>${model.areaDescriptions.map((d) => `<li>${e(d)}</li>`).join('')}</ul>
</section>
<p class="updated">${e(texts.updated(model.updated.date, model.updated.time, model.updated.offset))}</p>
${model.tipForm}
</main>
<footer><p>${e(texts.shareHint)}</p></footer>`;
  const description = `<meta name="description" content="${e(alert.headline)}">\n`;
  return documentOf(model, head(model, alert.headline, description + shareTags(model)), body, 'active');
}

/** After the end: no name, no photo, no description, no share tags. */
export function renderEndedPage(model: EndedPageModel): string {
  const texts = PAGE_TEXTS[model.language];
  const body = `<main>
<h1>${e(texts.endedTitle)}</h1>
<p>${e(texts.endedThanks)}</p>
<p>${e(texts.endedRemoveShares)}</p>
</main>`;
  return documentOf(model, head(model, texts.endedTitle, ''), body, 'ended');
}
