/** Who is signed in (role, jurisdiction), the language, sign-out. */
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { useAuth, useSignedIn } from '../auth/auth-context';
import { may } from '../auth/permissions';
import { JurisdictionName } from '../common/jurisdiction-name';
import { LanguageSwitch } from './language-switch';
import { LiveIndicator } from './live-indicator';

export function AppHeader() {
  const { t } = useTranslation();
  const auth = useAuth();
  const { principal } = useSignedIn();
  const navigate = useNavigate();
  const signOut = async () => {
    await auth.signOut();
    navigate('/sign-in', { replace: true });
  };
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true" />
        <span>{t('app.name')}</span>
      </div>
      <nav className="app-header__nav" aria-label={t('app.navigation')}>
        <NavLink to="/cases" end>
          {t('cases.title')}
        </NavLink>
        {may.queue(principal.role) && <NavLink to="/approvals">{t('approvals.nav')}</NavLink>}
        {may.report(principal.role) && <NavLink to="/report">{t('report.nav')}</NavLink>}
        {may.stats(principal.role) && <NavLink to="/stats">{t('stats.nav')}</NavLink>}
      </nav>
      <div className="app-header__user">
        <span className="app-header__who">
          <span className="app-header__role">{t(`roles.${principal.role}`)}</span>
          <span className="app-header__jurisdiction">
            <JurisdictionName code={principal.jurisdiction} />
          </span>
        </span>
        <LiveIndicator />
        <LanguageSwitch />
        <button type="button" className="button button--quiet" onClick={() => void signOut()}>
          {t('app.signOut')}
        </button>
      </div>
    </header>
  );
}
