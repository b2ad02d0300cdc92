import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel.js';
import { fullName, RecordBadge } from '../../components/RecordBadge.js';
import { formatDate, formatPersonalNumber } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { FetchRemoteBox } from './FetchRemoteBox.js';
import { usePatientSearch } from './use-patient-search.js';
import { checkNumber } from './use-registration.js';

/** Keyboard first: type, arrow keys move through the results, Enter opens the chart. */
export function SearchScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const go = useAppStore((s) => s.go);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const { query, result } = usePatientSearch(text);
  const items = result.data?.items ?? [];
  const number = checkNumber(query);
  const remoteNumber = number.state === 'ok' ? number.value : null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, items.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && items[active]) go({ name: 'chart', patientId: items[active].id });
    else return;
    event.preventDefault();
  };

  return (
    <div className="screen">
      <h1>{t('search.title')}</h1>
      <div className="search-bar">
        <input
          type="search"
          autoFocus
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          aria-controls="search-results"
        />
        <button type="button" onClick={() => go({ name: 'register' })}>
          {t('nav.register')}
        </button>
      </div>
      {query && result.state === 'data' && items.length === 0 && remoteNumber ? <FetchRemoteBox personalNumber={remoteNumber} /> : null}
      {query ? (
        <Panel title={t('search.results')} query={result} isEmpty={(data) => data.items.length === 0} empty={t('search.nothing', { query })}>
          {(data) => (
            <table className="grid" id="search-results" role="grid" aria-label={t('search.results')}>
              <thead>
                <tr>
                  <th>{t('patient.name')}</th>
                  <th>{t('patient.birthDate')}</th>
                  <th>{t('patient.personalNumber')}</th>
                  <th>{t('day.record')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((p, i) => (
                  <tr key={p.id} aria-selected={i === active} className={i === active ? 'selected' : undefined} onClick={() => go({ name: 'chart', patientId: p.id })}>
                    <td>
                      <button type="button" className="link" tabIndex={-1}>
                        {fullName(p)}
                      </button>
                    </td>
                    <td className="nowrap">{formatDate(p.birthDate, language)}</td>
                    <td className="nowrap mono">{formatPersonalNumber(p.personalNumber)}</td>
                    <td>
                      <RecordBadge record={p.record} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      ) : (
        <p className="muted">{t('search.help')}</p>
      )}
    </div>
  );
}
