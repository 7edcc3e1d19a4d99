/**
 * Development sign-in: pick a role and a jurisdiction (or national). The API mints a short-lived
 * token (POST /dev/sign-in) that stays in memory.
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import type { DevelopmentAuthProvider, DevSignInChoice, Role } from '../auth/types';

interface Props {
  provider: DevelopmentAuthProvider;
  redirectTo: string;
}

export function DevSignInForm({ provider, redirectTo }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = { role: useId(), jurisdiction: useId(), list: useId(), national: useId(), error: useId() };
  const [role, setRole] = useState<Role>(provider.roles[0] ?? 'intake_officer');
  const [jurisdiction, setJurisdiction] = useState(provider.suggestedJurisdictions[5] ?? provider.suggestedJurisdictions[0] ?? '');
  const [national, setNational] = useState(false);
  const signIn = useMutation({
    mutationFn: (choice: DevSignInChoice) => provider.signIn(choice),
    onSuccess: () => navigate(redirectTo, { replace: true }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ role, jurisdiction: national ? provider.national : jurisdiction.trim() });
  };
  const error = signIn.error instanceof ApiError ? signIn.error : null;
  return (
    <form className="form" onSubmit={submit} aria-describedby={signIn.isError ? ids.error : undefined}>
      <p className="notice">{t('signIn.developmentNotice')}</p>
      <div className="field">
        <label htmlFor={ids.role}>{t('signIn.role')}</label>
        <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {provider.roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.jurisdiction}>{t('signIn.jurisdiction')}</label>
        <input
          id={ids.jurisdiction}
          list={ids.list}
          value={national ? '' : jurisdiction}
          disabled={national}
          required={!national}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setJurisdiction(e.target.value)}
        />
        <datalist id={ids.list}>
          {provider.suggestedJurisdictions.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
      </div>
      <div className="field field--check">
        <input id={ids.national} type="checkbox" checked={national} onChange={(e) => setNational(e.target.checked)} />
        <label htmlFor={ids.national}>{t('signIn.national')}</label>
      </div>
      {signIn.isError && (
        <p className="notice notice--error" id={ids.error} role="alert">
          {error?.errors.length ? error.errors.map((p) => `${p.field}: ${p.reason}`).join(' · ') : t('signIn.failed')}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={signIn.isPending}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
