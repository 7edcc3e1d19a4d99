/** The sign-in page of whichever provider this installation uses. */
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useAuth, useSession } from '../auth/auth-context';
import type { OidcAuthProvider } from '../auth/oidc-provider';
import type { DevelopmentAuthProvider } from '../auth/types';
import { LanguageSwitch } from '../layout/language-switch';
import { DevSignInForm } from './dev-sign-in-form';
import { OidcSignIn } from './oidc-sign-in';

export function SignInPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const session = useSession();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/cases';
  if (session) return <Navigate to={from} replace />;
  return (
    <main className="sign-in" id="main">
      <div className="sign-in__card">
        <div className="sign-in__top">
          <span className="app-header__logo" aria-hidden="true" />
          <LanguageSwitch />
        </div>
        <h1>{t('app.name')}</h1>
        {auth.kind === 'development' ? (
          <DevSignInForm provider={auth as DevelopmentAuthProvider} redirectTo={from} />
        ) : auth.kind === 'oidc' ? (
          <OidcSignIn provider={auth as OidcAuthProvider} redirectTo={from} />
        ) : (
          <p className="notice notice--warning" role="status">
            {t('signIn.unavailable')}
          </p>
        )}
      </div>
    </main>
  );
}
