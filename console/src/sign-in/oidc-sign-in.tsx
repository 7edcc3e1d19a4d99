/** Production sign-in: one button to the identity provider, which sends the browser back here. */
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OidcAuthProvider } from '../auth/oidc-provider';

interface Props {
  provider: OidcAuthProvider;
  redirectTo: string;
}

export function OidcSignIn({ provider, redirectTo }: Props) {
  const { t, i18n } = useTranslation();
  // Resolves only if the navigation to the provider could not start (the provider is unreachable).
  const signIn = useMutation({ mutationFn: () => provider.signIn(redirectTo, i18n.language) });
  const error = signIn.isError ? 'unreachable' : provider.error();
  return (
    <div className="form">
      <p className="notice">{t('signIn.oidcNotice')}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {t(`signIn.oidcError.${error}`)}
        </p>
      )}
      <button type="button" className="button button--primary" disabled={signIn.isPending && !signIn.isError} onClick={() => signIn.mutate()}>
        {t('signIn.oidcSubmit')}
      </button>
    </div>
  );
}
