import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useSyncStatus } from '../features/sync/use-sync.js';
import { useAppStore } from '../state/app-store.js';
import type { View } from '../state/app-store.js';
import type { StaffRole } from '../../shared/domain/roles.js';

/** Always on screen once enrolled: which clinic, who is working, and whether we are online. */
export function Header(props: { signedIn: boolean }) {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.session);
  return (
    <header className="app-header">
      <div className="brand">{t('app.name')}</div>
      <div className="who">
        <span title={t('header.clinic')}>{session?.clinic?.name ?? t('header.notEnrolled')}</span>
        {session?.user ? (
          <span title={t('header.user')}>
            {session.user.displayName} · {t(`roles.${session.user.role}`)}
          </span>
        ) : null}
      </div>
      {props.signedIn ? <SignedInTools /> : null}
    </header>
  );
}

function SignedInTools() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const go = useAppStore((s) => s.go);
  const setSession = useAppStore((s) => s.setSession);
  return (
    <div className="tools">
      <button type="button" className={`net ${status?.online ? 'online' : 'offline'}`} onClick={() => go({ name: 'sync' })}>
        {status ? (status.online ? t('sync.online') : t('sync.offline')) : '…'}
        {status && status.pending > 0 ? ` · ${t('sync.pendingShort', { count: status.pending })}` : ''}
      </button>
      <button type="button" onClick={() => void api.session.lock().then(setSession, () => {})}>
        {t('header.lock')}
      </button>
      <button type="button" onClick={() => void api.session.logout().then(setSession, () => {})}>
        {t('header.logout')}
      </button>
    </div>
  );
}

const NAV: { view: View; key: string; roles?: readonly StaffRole[] }[] = [
  { view: { name: 'day' }, key: 'nav.day' },
  { view: { name: 'search' }, key: 'nav.search' },
  { view: { name: 'register' }, key: 'nav.register' },
  { view: { name: 'sync' }, key: 'nav.sync' },
  { view: { name: 'settings' }, key: 'nav.settings' },
  // Last, so the other sections keep their Alt+digit whoever is logged in.
  { view: { name: 'schedule' }, key: 'schedule.title', roles: ['registrar', 'clinic-admin', 'doctor'] },
];

/** The sections a role sees. */
function navFor(role: StaffRole | undefined) {
  return NAV.filter((item) => !item.roles || (role !== undefined && item.roles.includes(role)));
}

export function Nav() {
  const { t } = useTranslation();
  const view = useAppStore((s) => s.view);
  const go = useAppStore((s) => s.go);
  const role = useAppStore((s) => s.session?.user?.role);
  const nav = useMemo(() => navFor(role), [role]);
  // Alt+1…Alt+6 open the sections from anywhere: the hands stay on the keyboard.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const index = event.altKey && !event.ctrlKey && !event.metaKey ? Number(event.key) - 1 : -1;
      const item = nav[index];
      if (!item) return;
      event.preventDefault();
      go(item.view);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, nav]);
  const status = useSyncStatus();
  const inbox = (status?.rejections ?? 0) + (status?.conflicts ?? 0);
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      {nav.map((item) => (
        <button key={item.key} type="button" aria-keyshortcuts={`Alt+${nav.indexOf(item) + 1}`} aria-current={view.name === item.view.name ? 'page' : undefined} onClick={() => go(item.view)}>
          {t(item.key)}
          {item.view.name === 'sync' && inbox > 0 ? <span className="badge" aria-label={t('sync.inboxCount', { count: inbox })}>{inbox}</span> : null}
        </button>
      ))}
    </nav>
  );
}
