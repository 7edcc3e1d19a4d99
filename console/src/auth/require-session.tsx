/** Routes behind it need a session; without one, the sign-in page, then back where the user was. */
import { Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageMessage } from '../common/full-page-message';
import { useSession } from './auth-context';
import { may } from './permissions';

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** A screen for some roles only: the others read why (the API would refuse them anyway). */
export function RequireRole({ can, children }: { can: keyof typeof may; children: ReactNode }) {
  const session = useSession();
  if (!session || !may[can](session.principal.role)) return <FullPageMessage messageKey="app.notForRole" />;
  return <Suspense fallback={<FullPageMessage messageKey="app.loading" />}>{children}</Suspense>;
}
