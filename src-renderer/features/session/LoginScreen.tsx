import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useAppStore } from '../../state/app-store.js';
import { LanguageSwitch } from '../settings/LanguageSwitch.js';
import { useSessionAction } from './use-session.js';

const login = (username: string, password: string) => api.session.login({ username, password });
const unlock = (password: string) => api.session.unlock({ password });
const logout = () => api.session.logout();

export function LoginScreen() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { run, pending, error } = useSessionAction(login);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(username.trim(), password);
  };
  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.hint')}</p>
        <label>
          {t('login.username')}
          <input autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error ? <p role="alert" className="form-error">{t(`login.errors.${error}`, { defaultValue: t(`errors.${error}`) })}</p> : null}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('login.signingIn') : t('login.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}

export function LockScreen() {
  const { t } = useTranslation();
  const user = useAppStore((s) => s.session?.user);
  const [password, setPassword] = useState('');
  const unlocking = useSessionAction(unlock);
  const leaving = useSessionAction(logout);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void unlocking.run(password);
  };
  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-labelledby="lock-title">
        <h1 id="lock-title">{t('lock.title')}</h1>
        <p className="muted">{t('lock.hint', { name: user?.displayName ?? '' })}</p>
        <label>
          {t('login.password')}
          <input type="password" autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {unlocking.error ? <p role="alert" className="form-error">{t(`login.errors.${unlocking.error}`, { defaultValue: t(`errors.${unlocking.error}`) })}</p> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={unlocking.pending}>
            {t('lock.unlock')}
          </button>
          <button type="button" onClick={() => void leaving.run()}>
            {t('lock.otherUser')}
          </button>
        </div>
      </form>
    </main>
  );
}
