/**
 * A labelled input, textarea or select with its hint and its error (the console's check or the API's
 * reason), tied by aria-describedby so a screen reader says why the field is refused.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface FieldError {
  key?: string;
  reason?: string;
}

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: FieldError;
  hint?: string;
  type?: 'text' | 'date' | 'datetime-local' | 'tel' | 'number' | 'url';
  multiline?: boolean;
  required?: boolean;
  options?: ReadonlyArray<readonly [string, string]>;
  dir?: 'ltr' | 'auto';
  inputMode?: 'decimal' | 'tel' | 'url' | 'numeric';
  readOnly?: boolean;
  children?: ReactNode;
}

export function FieldMessage({ id, error }: { id: string; error?: FieldError }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field__error">
      {error.key ? t(`report.errors.${error.key}`) : t('common.serverSays', { reason: error.reason })}
    </p>
  );
}

export function FormField({ label, value, onChange, error, hint, type = 'text', multiline, required, options, dir, inputMode, readOnly, children }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, value, required, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, dir };
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {!required && <span className="field__optional"> {t('common.optional')}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {options ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('common.choose')}</option>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} inputMode={inputMode} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} />
      )}
      {children}
      <FieldMessage id={`${id}-error`} error={error} />
    </div>
  );
}
