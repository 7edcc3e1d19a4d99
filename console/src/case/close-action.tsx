/** Close the case (prosecutors, admins): a reason, a note, and a confirmation that alerts are withdrawn. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseCommand, type CommandBodies } from '../api/commands';
import { ConfirmDialog } from '../common/confirm-dialog';
import { FormField } from '../common/form-field';

const REASONS = ['false_report', 'withdrawn', 'duplicate', 'other'] as const;

export function CloseAction({ caseId, alerting }: { caseId: string; alerting: boolean }) {
  const { t } = useTranslation();
  const mutation = useCaseCommand(caseId, 'close');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const confirm = async () => {
    if (!reason) return setMissing(true);
    await mutation.mutateAsync({ reason: reason as CommandBodies['close']['reason'], note: note.trim() || undefined });
    setOpen(false);
  };
  return (
    <>
      <button type="button" className="button button--danger-quiet" onClick={() => setOpen(true)}>
        {t('actions.close.button')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('actions.close.confirmTitle')}
        consequence={t(alerting ? 'actions.close.consequenceAlerting' : 'actions.close.consequence')}
        confirmLabel={t('actions.close.confirm')}
        danger
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={() => void confirm().catch(() => undefined)}
        onClose={() => {
          setOpen(false);
          mutation.reset();
        }}
      >
        <FormField
          label={t('actions.close.reason')}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setMissing(false);
          }}
          options={REASONS.map((r) => [r, t(`actions.close.reasons.${r}`)] as const)}
          error={missing ? { key: 'required' } : undefined}
          required
        />
        <FormField label={t('actions.note')} value={note} onChange={setNote} multiline />
      </ConfirmDialog>
    </>
  );
}
