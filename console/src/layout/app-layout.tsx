/** Signed-in screens: the header, then the screen. */
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { FullPageMessage } from '../common/full-page-message';
import { AppHeader } from './app-header';

export function AppLayout() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app__main" id="main">
        <Suspense fallback={<FullPageMessage messageKey="app.loading" />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
