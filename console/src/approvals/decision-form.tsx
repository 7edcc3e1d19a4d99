/**
 * Approve (the first alert goes out at once) or decline (a reason is required): each confirmed in a
 * dialog that says what will happen. The API's 403 and 409 (someone decided first) are shown there.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCaseCommand } from '../api/commands';
import { ConfirmDialog } from '../common/confirm-dialog';
import { FormField } from '../common/form-field';

export function DecisionForm({ caseId, consent }: { caseId: string; consent: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mutation = useCaseCommand(caseId, 'approval');
  const [choice, setChoice] = useState<'approve' | 'decline' | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const confirm = async () => {
    if (choice === 'decline' && reason.trim() === '') return setMissing(true);
    await mutation.mutateAsync(choice === 'approve' ? { decision: 'approve' } : { decision: 'decline', reason: reason.trim() });
    navigate(`/cases/${caseId}`);
  };
  const close = () => {
    setChoice(null);
    mutation.reset();
  };
  return (
    <section className="panel panel--action" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('decision.title')}</h2>
      {!consent && <p className="notice notice--warning">{t('decision.noConsent')}</p>}
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={() => setChoice('approve')}>
          {t('decision.approve')}
        </button>
        <button type="button" className="button button--danger-quiet" onClick={() => setChoice('decline')}>
          {t('decision.decline')}
        </button>
      </div>
      <ConfirmDialog
        open={choice !== null}
        title={t(choice === 'decline' ? 'decision.declineTitle' : 'decision.approveTitle')}
        consequence={t(choice === 'decline' ? 'decision.declineConsequence' : 'decision.approveConsequence')}
        confirmLabel={t(choice === 'decline' ? 'decision.declineConfirm' : 'decision.approveConfirm')}
        danger={choice === 'approve'}
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={() => void confirm().catch(() => undefined)}
        onClose={close}
      >
        {choice === 'decline' && (
          <FormField
            label={t('decision.reason')}
            hint={t('decision.reasonHint')}
            value={reason}
            onChange={(v) => {
              setReason(v);
              setMissing(false);
            }}
            error={missing ? { key: 'required' } : undefined}
            multiline
            required
          />
        )}
      </ConfirmDialog>
    </section>
  );
}
