import { useTranslation } from 'react-i18next';
import { Header, Nav } from './components/Header.js';
import { ChartScreen } from './features/chart/ChartScreen.js';
import { DayScreen } from './features/day/DayScreen.js';
import { RegisterScreen } from './features/patients/RegisterScreen.js';
import { SearchScreen } from './features/patients/SearchScreen.js';
import { LockScreen, LoginScreen } from './features/session/LoginScreen.js';
import { useSessionSync } from './features/session/use-session.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { useInitialLanguage } from './features/settings/use-settings.js';
import { SyncScreen } from './features/sync/SyncScreen.js';
import { VisitScreen } from './features/visit/VisitScreen.js';
import { useAppStore } from './state/app-store.js';

export function App() {
  useSessionSync();
  useInitialLanguage();
  const { t } = useTranslation();
  const session = useAppStore((s) => s.session);
  const view = useAppStore((s) => s.view);
  if (!session) return <div className="gate muted" aria-busy="true">{t('common.loading')}</div>;
  const active = session.state === 'active';
  return (
    <div className="app">
      <Header signedIn={active} />
      {session.state === 'locked' ? <LockScreen /> : null}
      {session.state === 'signed-out' || session.state === 'not-enrolled' ? <LoginScreen /> : null}
      {active ? (
        <div className="workspace">
          <Nav />
          <main className="content">
            {view.name === 'day' ? <DayScreen /> : null}
            {view.name === 'search' ? <SearchScreen /> : null}
            {view.name === 'register' ? <RegisterScreen /> : null}
            {view.name === 'chart' ? <ChartScreen patientId={view.patientId} /> : null}
            {view.name === 'visit' ? <VisitScreen patientId={view.patientId} /> : null}
            {view.name === 'sync' ? <SyncScreen /> : null}
            {view.name === 'settings' ? <SettingsScreen /> : null}
          </main>
        </div>
      ) : null}
    </div>
  );
}
