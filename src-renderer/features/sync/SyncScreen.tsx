import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem, SyncStatus } from '../../../shared/api/sync.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';
import type { Query } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
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

/** One refusal or conflict: what Central said, both versions side by side, and the choices. */
function InboxEntry(props: { item: InboxItem; onResolved: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { item } = props;
  const [error, setError] = useState<string | null>(null);
  const resolve = (choice: 'keep-local' | 'keep-central' | 'dismiss') =>
    api.inbox.resolve({ id: item.id, choice }).then(props.onResolved, (e: unknown) => setError(errorCode(e)));
  const paths = [...new Set([...item.local.map((f) => f.path), ...(item.central ?? []).map((f) => f.path)])];
  const valueOf = (fields: InboxItem['local'] | null, path: string) => fields?.find((f) => f.path === path)?.value ?? '—';
  return (
    <li className="inbox-item" aria-label={`${t(`sync.kind.${item.kind}`)}: ${item.patient?.name ?? item.resourceType}`}>
      <div className="inbox-head">
        <span className={`tag ${item.kind === 'conflict' ? 'warn' : 'bad'}`}>{t(`sync.kind.${item.kind}`)}</span>
        <strong>{item.patient?.name ?? item.resourceType}</strong>
        <span className="muted small">{formatDateTime(item.createdAt, language)}</span>
      </div>
      <p className="small">{t('sync.reason')}: {item.reason}</p>
      <table className="grid compare">
        <thead>
          <tr>
            <th>{t('sync.field')}</th>
            <th>{t('sync.ours')}</th>
            {item.central ? <th>{t('sync.theirs')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {paths.map((path) => {
            const ours = valueOf(item.local, path);
            const theirs = item.central ? valueOf(item.central, path) : null;
            return (
              <tr key={path} className={theirs !== null && ours !== theirs ? 'differs' : undefined}>
                <td className="mono small">{path}</td>
                <td>{ours}</td>
                {theirs !== null ? <td>{theirs}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        {item.kind === 'conflict' ? (
          <>
            <button type="button" className="primary" onClick={() => void resolve('keep-local')}>{t('sync.keepOurs')}</button>
            <button type="button" onClick={() => void resolve('keep-central')}>{t('sync.keepTheirs')}</button>
          </>
        ) : (
          <button type="button" onClick={() => void resolve('dismiss')}>{t('sync.acknowledge')}</button>
        )}
      </div>
      {error ? <p role="alert" className="form-error">{t(`errors.${error}`)}</p> : null}
    </li>
  );
}
