/** The alert exactly as the public will read it, one block per language the service sends. */
import { useTranslation } from 'react-i18next';
import type { PublicPreview } from '../api/approvals';
import { useCasePhotoUrl } from '../api/case-photo';

const DIRECTION = (language: string) => (language.startsWith('ar') ? 'rtl' : 'ltr');

function HeldPhoto({ path, width, height, label }: { path: string; width: number; height: number; label: string }) {
  const { t } = useTranslation();
  const { url, failed } = useCasePhotoUrl(path);
  if (failed) return <p className="notice notice--warning">{t('decision.photoUnavailable')}</p>;
  return <img className="held-photo" src={url} width={width} height={height} alt={label} />;
}

export function PublicText({ preview }: { preview: PublicPreview }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="public-text-title">
      <h2 id="public-text-title">{t('decision.publicText')}</h2>
      <p className="field__hint">{t('decision.publicTextHint')}</p>
      {preview.photos.length + preview.photoUrls.length > 0 ? (
        <div className="photos">
          {preview.photos.map((photo, index) => (
            <HeldPhoto key={photo.path} path={photo.path} width={photo.width} height={photo.height} label={t('decision.photoAlt', { number: index + 1 })} />
          ))}
          {preview.photoUrls.map((url) => (
            <a key={url} href={url} target="_blank" rel="noreferrer noopener" className="photo-link" dir="ltr">
              {t('decision.photoLink')} <span className="photo-link__url">{url}</span>
            </a>
          ))}
        </div>
      ) : (
        <p className="notice notice--warning">{t('decision.noPhoto')}</p>
      )}
      <div className="public-texts">
        {preview.texts.map((text) => (
          <article key={text.language} className="public-text" lang={text.language} dir={DIRECTION(text.language)}>
            <p className="public-text__language">{t(`decision.language.${text.language}`, { defaultValue: text.language })}</p>
            <p className="public-text__event">{text.event}</p>
            <h3>{text.headline}</h3>
            <p>{text.description}</p>
            <p className="public-text__instruction">{text.instruction}</p>
            <p className="public-text__sender">{text.senderName}</p>
          </article>
        ))}
      </div>
    </section>
  );
}
