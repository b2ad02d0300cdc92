import { useTranslation } from 'react-i18next';
import { Header, Nav } from './components/Header.js';
import { isAllowed } from '../shared/domain/access.js';
import { ChartScreen } from './features/chart/ChartScreen.js';
import { DayScreen } from './features/day/DayScreen.js';
import { RegisterScreen } from './features/patients/RegisterScreen.js';
import { RefusalAlert } from './features/schedule/RefusalAlert.js';
import { ScheduleScreen } from './features/schedule/ScheduleScreen.js';
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
  const role = session.user?.role;
  // A registrar's day is the schedule; a doctor's is their own list of patients.
  const registrar = role === 'registrar';
  const books = role !== undefined && isAllowed([role], 'create', 'Appointment');
  return (
    <div className="app">
      <Header signedIn={active} />
      {session.state === 'locked' ? <LockScreen /> : null}
      {session.state === 'signed-out' || session.state === 'not-enrolled' ? <LoginScreen /> : null}
      {active ? (
        <div className="workspace">
          <Nav />
          <main className="content">
            {view.name === 'day' ? registrar ? <ScheduleScreen /> : <DayScreen /> : null}
            {view.name === 'schedule' ? <ScheduleScreen /> : null}
            {view.name === 'search' ? <SearchScreen /> : null}
            {view.name === 'register' ? <RegisterScreen /> : null}
            {view.name === 'chart' ? <ChartScreen patientId={view.patientId} /> : null}
            {view.name === 'visit' ? <VisitScreen patientId={view.patientId} /> : null}
            {view.name === 'sync' ? <SyncScreen /> : null}
            {view.name === 'settings' ? <SettingsScreen /> : null}
          </main>
          {books ? <RefusalAlert /> : null}
        </div>
      ) : null}
    </div>
  );
}
