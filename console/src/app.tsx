/**
 * The console's shell: server state (TanStack Query), the installation's sign-in (from
 * /console/config.json), then the routes under /console/.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, use, useEffect, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import { CONFIG_QUERY_KEY, useConsoleConfig } from './api/console-config';
import { AuthProviderContext } from './auth/auth-context';
import type { AuthProvider } from './auth/types';
import { createAuthProvider } from './auth/create-provider';
import { RequireRole, RequireSession } from './auth/require-session';
import { CasesPage } from './cases/cases-page';
import { FullPageMessage } from './common/full-page-message';
import { AppLayout } from './layout/app-layout';
import { SignInPage } from './sign-in/sign-in-page';

// The heavier screens (and Leaflet, inside them) load when first opened.
const ReportPage = lazy(() => import('./report/report-page'));
const CasePage = lazy(() => import('./case/case-page'));
const ApprovalsPage = lazy(() => import('./approvals/approvals-page'));
const DecisionPage = lazy(() => import('./approvals/decision-page'));
const StatsPage = lazy(() => import('./stats/stats-page'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A 4xx will not get better by asking again.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
    },
  },
});

/** Renders once the provider knows who is signed in (the return from an OpenID provider is processed). */
function WhenReady({ provider, children }: { provider: AuthProvider; children: ReactNode }) {
  use(provider.ready);
  return <>{children}</>;
}

function Routed() {
  const config = useConsoleConfig();
  const provider = useMemo(() => (config.data ? createAuthProvider(config.data) : null), [config.data]);
  // Signed out or expired: nothing the last user read stays in memory (only the sign-in settings).
  useEffect(
    () => provider?.subscribe((session) => session || queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== CONFIG_QUERY_KEY[0] })),
    [provider],
  );
  if (config.isError) return <FullPageMessage tone="error" messageKey="app.unreachable" onRetry={() => void config.refetch()} />;
  if (!provider) return <FullPageMessage messageKey="app.loading" />;
  return (
    <AuthProviderContext provider={provider}>
      <Suspense fallback={<FullPageMessage messageKey="app.loading" />}>
        <WhenReady provider={provider}>
          <BrowserRouter basename="/console">
            <Routes>
              <Route path="sign-in" element={<SignInPage />} />
              <Route
                element={
                  <RequireSession>
                    <AppLayout />
                  </RequireSession>
                }
              >
                <Route index element={<Navigate to="cases" replace />} />
                <Route path="cases" element={<CasesPage />} />
                <Route path="cases/:caseId" element={<CasePage />} />
                <Route path="report" element={<RequireRole can="report"><ReportPage /></RequireRole>} />
                <Route path="approvals" element={<RequireRole can="queue"><ApprovalsPage /></RequireRole>} />
                <Route path="approvals/:caseId" element={<RequireRole can="decide"><DecisionPage /></RequireRole>} />
                <Route path="stats" element={<RequireRole can="stats"><StatsPage /></RequireRole>} />
                <Route path="*" element={<FullPageMessage messageKey="app.notFound" />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </WhenReady>
      </Suspense>
    </AuthProviderContext>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      {/* The language's strings load before the first paint. */}
      <Suspense fallback={null}>
        <Routed />
      </Suspense>
    </QueryClientProvider>
  );
}
