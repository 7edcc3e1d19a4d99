/**
 * A modal confirmation (native <dialog>: focus is trapped, Escape cancels) that says what will happen
 * before it happens. `children`: the fields the command needs; the API's refusal is shown inside.
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from './api-problem';

interface Props {
  open: boolean;
  title: string;
  consequence: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}

export function ConfirmDialog({ open, title, consequence, confirmLabel, danger, pending, error, onConfirm, onClose, children }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs may sit on one page (one per tip): each its own title id.
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm();
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        <p className={`notice${danger ? ' notice--warning' : ''}`}>{consequence}</p>
        {children}
        <ApiProblem error={error} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={pending}>
            {pending ? t('common.sending') : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
