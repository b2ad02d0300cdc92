import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/api/sync.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { useApiQuery } from '../../lib/use-api.js';
import type { Query } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
import { InboxEntry } from './InboxEntry.js';
import { useSyncStatus } from './use-sync.js';

export function SyncScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const status = useSyncStatus();
  const inbox = useApiQuery(() => api.inbox.list(), [], { refreshOnChange: true });
  const [syncing, setSyncing] = useState(false);
  const statusQuery: Query<SyncStatus> = status ? { state: 'data', data: status, reload: () => {} } : { state: 'loading', reload: () => {} };
  return (
    <div className="screen">
      <h1>{t('sync.title')}</h1>
      <Panel
        title={t('sync.status')}
        query={statusQuery}
        actions={
          <button type="button" disabled={syncing} onClick={() => { setSyncing(true); void api.sync.now().finally(() => setSyncing(false)).catch(() => {}); }}>
            {t('sync.now')}
          </button>
        }
      >
        {(s) => (
          <dl className="facts inline">
            <dt>{t('sync.connection')}</dt>
            <dd><span className={`tag ${s.online ? 'ok' : 'warn'}`}>{s.online ? t('sync.online') : t('sync.offline')}</span></dd>
            <dt>{t('sync.lastSync')}</dt>
            <dd>{s.lastSyncAt ? `${formatDateTime(s.lastSyncAt, language)} (${formatRelative(s.lastSyncAt, new Date(), language)})` : t('sync.never')}</dd>
            <dt>{t('sync.pending')}</dt>
            <dd>{s.pending}</dd>
            <dt>{t('sync.inbox')}</dt>
            <dd>{t('sync.inboxSummary', { rejections: s.rejections, conflicts: s.conflicts })}</dd>
            {s.progress ? (
              <>
                <dt>{t('sync.download')}</dt>
                <dd>
                  <progress value={s.progress.done} max={s.progress.total} /> {t('sync.progress', { done: s.progress.done, total: s.progress.total })}
                </dd>
              </>
            ) : null}
            {s.lastError ? (<><dt>{t('sync.lastError')}</dt><dd className="form-error">{s.lastError}</dd></>) : null}
          </dl>
        )}
      </Panel>
      <Panel title={t('sync.inbox')} query={inbox} isEmpty={(d) => d.items.length === 0} empty={t('sync.inboxEmpty')}>
        {(data) => (
          <ul className="inbox">
            {data.items.map((item) => (
              <InboxEntry key={item.id} item={item} onResolved={inbox.reload} />
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}

