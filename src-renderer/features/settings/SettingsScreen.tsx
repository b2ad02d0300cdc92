import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function SettingsScreen() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.session);
  const settings = useApiQuery(() => api.settings.get(), []);
  return (
    <div className="screen narrow">
      <h1>{t('settings.title')}</h1>
      <Panel title={t('settings.interface')} query={settings}>
        {(data) => (
          <div className="form-grid">
            <LanguageSwitch />
            <div className="field-static">
              <span className="label">{t('settings.idleLock')}</span>
              <span>{t('settings.minutes', { count: data.idleLockMinutes })}</span>
            </div>
          </div>
        )}
      </Panel>
      <Panel title={t('settings.workstation')} query={{ state: 'data', data: session, reload: () => {} }}>
        {(data) => (
          <dl className="facts">
            <dt>{t('header.clinic')}</dt>
            <dd>{data?.clinic?.name ?? '—'}</dd>
            <dt>{t('header.user')}</dt>
            <dd>{data?.user ? `${data.user.displayName} (${t(`roles.${data.user.role}`)})` : '—'}</dd>
          </dl>
        )}
      </Panel>
    </div>
  );
}
