/**
 * The child's photos: files chosen on the device (the service re-encodes them and strips their
 * metadata, a phone's GPS position included), each shown before sending and removable; photo links
 * only where the installation accepts some hosts (PHOTO_URL_HOSTS).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoConfig } from '../api/console-config';
import { FieldMessage, FormField } from '../common/form-field';
import { useObjectUrl } from '../common/object-url';
import type { SectionProps } from './report-sections';

interface Props extends SectionProps {
  photos: readonly File[];
  setPhotos: (files: File[]) => void;
  limits: PhotoConfig;
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

function PhotoPreview({ file, onRemove }: { file: File; onRemove: () => void }) {
  const { t } = useTranslation();
  const url = useObjectUrl(file);
  return (
    <li className="photo-choice">
      <img src={url} alt="" className="photo-choice__image" />
      <span className="photo-choice__name" dir="auto">
        {file.name} · {Math.max(1, Math.round(file.size / 1024))} KB
      </span>
      <button type="button" className="button button--quiet" onClick={onRemove} aria-label={t('report.photos.remove', { name: file.name })}>
        {t('report.photos.removeShort')}
      </button>
    </li>
  );
}

export function PhotoSection({ draft, set, errors, photos, setPhotos, limits }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const error = errors.photos;
  const add = (chosen: FileList | null) => setPhotos([...photos, ...Array.from(chosen ?? [])]);
  return (
    <fieldset className="form-section">
      <legend>{t('report.photos.title')}</legend>
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label htmlFor={id}>
          {t('report.photos.files')} <span className="field__optional">{t('common.optional')}</span>
        </label>
        <p id={`${id}-hint`} className="field__hint">
          {t('report.photos.hint', { count: limits.maxFiles, size: megabytes(limits.maxBytes) })}
        </p>
        {/* The native picker's own words ("Choose Files") are the browser's language, not the console's. */}
        <div className="file-picker">
          <input
            id={id}
            className="visually-hidden"
            type="file"
            multiple
            accept={limits.types.join(',')}
            aria-invalid={error ? true : undefined}
            aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
          <label htmlFor={id} className="button file-picker__button" aria-hidden="true">
            {t('report.photos.choose')}
          </label>
          <span className="field__hint">{photos.length === 0 ? t('report.photos.none') : t('report.photos.chosen', { count: photos.length })}</span>
        </div>
        <FieldMessage id={`${id}-error`} error={error} />
      </div>
      {photos.length > 0 && (
        <ul className="photo-choices">
          {photos.map((file, index) => (
            <PhotoPreview key={`${file.name}-${file.size}-${file.lastModified}-${index}`} file={file} onRemove={() => setPhotos(photos.filter((_, i) => i !== index))} />
          ))}
        </ul>
      )}
      {limits.urlHosts.length > 0 && (
        <FormField
          label={t('report.child.photoUrls')}
          hint={t('report.child.photoHint', { hosts: limits.urlHosts.join(', ') })}
          value={draft.photoUrls}
          onChange={(v) => set('photoUrls', v)}
          error={errors['child.photoUrls']}
          multiline
          dir="ltr"
        />
      )}
    </fieldset>
  );
}
