import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../../../shared/api/sync.js';
import { formatDateTime } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { compareVersions } from './compare-versions.js';
import { refusalMessage, showsCentralWords } from './refusal-text.js';
import { useResolve } from './use-sync.js';

/**
 * One refusal or conflict: what happened in plain words, Central's own reason, both versions side
 * by side with what differs first, and the choices. Nothing leaves the inbox without one.
 */
export function InboxEntry(props: { item: InboxItem; onResolved: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { item } = props;
  const [showSame, setShowSame] = useState(false);
  const { resolve, error, pending } = useResolve(item.id, props.onResolved);
  const rows = compareVersions(item.local, item.central);
  const differing = rows.filter((row) => row.differs);
  const shown = item.central && !showSame ? differing : rows;
  const who = item.patient?.name ?? item.resourceType;
  return (
    <li className="inbox-item" aria-label={`${t(`sync.kind.${item.kind}`)}: ${who}`}>
      <div className="inbox-head">
        <span className={`tag ${item.kind === 'conflict' ? 'warn' : 'bad'}`}>{t(`sync.kind.${item.kind}`)}</span>
        <strong>{who}</strong>
        <span className="muted">{t(`resourceTypes.${item.resourceType}`, { defaultValue: item.resourceType })}</span>
        <span className="muted small">{formatDateTime(item.createdAt, language)}</span>
      </div>
      <p className="small">{t(item.kind === 'conflict' ? 'sync.conflictExplain' : 'sync.rejectedExplain')}</p>
      <p className="small muted">
        {t('sync.reason')}: {refusalMessage(t, item.reasonCode, item.reason)}
      </p>
      {showsCentralWords(item.reasonCode) ? (
        <p className="small muted">
          {t('refusals.centralWords')}: <span lang="en">{item.reason}</span>
        </p>
      ) : null}
      <table className="grid compare">
        <thead>
          <tr>
            <th>{t('sync.field')}</th>
            <th>{t('sync.ours')}</th>
            {item.central ? <th>{t('sync.theirs')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.path} className={item.central && row.differs ? 'differs' : undefined}>
              <td className="mono small">{row.path}</td>
              <td>{row.ours ?? '—'}</td>
              {item.central ? <td>{row.theirs ?? '—'}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {item.central && rows.length > differing.length ? (
        <button type="button" className="link small" aria-expanded={showSame} onClick={() => setShowSame((v) => !v)}>
          {showSame ? t('sync.hideSame') : t('sync.showSame', { count: rows.length - differing.length })}
        </button>
      ) : null}
      <div className="row">
        {item.kind === 'conflict' ? (
          <>
            <button type="button" className="primary" disabled={pending} onClick={() => void resolve('keep-local')}>
              {t('sync.keepOurs')}
            </button>
            <button type="button" disabled={pending} onClick={() => void resolve('keep-central')}>
              {t('sync.keepTheirs')}
            </button>
          </>
        ) : (
          <button type="button" disabled={pending} onClick={() => void resolve('dismiss')}>
            {t('sync.acknowledge')}
          </button>
        )}
      </div>
      {error ? <p role="alert" className="form-error">{t(`errors.${error}`)}</p> : null}
    </li>
  );
}
