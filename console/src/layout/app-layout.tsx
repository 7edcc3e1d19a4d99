/** Signed-in screens: the header, then the screen. */
import { Outlet } from 'react-router';
import { AppHeader } from './app-header';

export function AppLayout() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app__main" id="main">
        <Outlet />
      </main>
    </div>
  );
}
