import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaveDefinitionOutput } from '../../../shared/api/schedule-admin.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';
import { DefinitionForm, NEW_DEFINITION } from './DefinitionForm.js';

const NEW = 'new';

/**
 * A clinic administrator's doctors' schedules: pick one to change, or start a new one for a doctor
 * of the clinic. Both go to Central (online only), which generates or regenerates the slots for
 * the weeks ahead; the registrars' workstations get them through sync.
 */
export function DefinitionsPanel() {
  const { t } = useTranslation();
  const list = useApiQuery(() => api.schedule.definitions(), []);
  const choices = useApiQuery(() => api.schedule.definitionChoices(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const [created, setCreated] = useState<SaveDefinitionOutput | null>(null);
  const schedules = list.data?.schedules ?? [];
  const creating = chosen === NEW;
  const current = creating ? undefined : (schedules.find((s) => s.scheduleId === chosen) ?? schedules[0]);
  const offline = list.state === 'error' && errorCode(list.error) === 'unavailable';
  const choicesProblem = choices.state === 'error' && choices.data === undefined ? (errorCode(choices.error) === 'unavailable' ? t('scheduleAdmin.offline') : t(`errors.${errorCode(choices.error)}`)) : null;
  return (
    <Panel
      title={t('scheduleAdmin.definitions')}
      query={offline ? { state: 'data', data: { schedules: [] }, reload: list.reload } : list}
      isEmpty={(data) => data.schedules.length === 0 && !creating}
      empty={offline ? t('scheduleAdmin.offline') : t('scheduleAdmin.empty')}
      className="definitions-panel"
      actions={
        offline ? null : (
          <>
            {schedules.length > 0 && !creating ? (
              <label>
                {t('scheduleAdmin.schedule')}{' '}
                <select value={current?.scheduleId ?? ''} onChange={(e) => {
                  setCreated(null);
                  setChosen(e.target.value);
                }}>
                  {schedules.map((s) => (
                    <option key={s.scheduleId} value={s.scheduleId}>
                      {s.definition.display ?? s.scheduleId}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {creating ? null : (
              <button type="button" onClick={() => {
                setCreated(null);
                setChosen(NEW);
              }}>
                {t('scheduleAdmin.newSchedule')}
              </button>
            )}
          </>
        )
      }
    >
      {() => (
        <>
          {created ? (
            <div className="notice ok" role="status">
              {t('scheduleAdmin.created', { display: created.schedule.definition.display ?? '', created: created.regeneration.created })}
            </div>
          ) : null}
          {creating ? (
            <>
              <h3>{t('scheduleAdmin.newTitle')}</h3>
              {choicesProblem ? (
                <div className="notice warn" role="alert">
                  {choicesProblem}{' '}
                  <button type="button" className="link" onClick={choices.reload}>
                    {t('common.retry')}
                  </button>
                </div>
              ) : choices.data ? (
                <DefinitionForm
                  key={NEW}
                  initial={NEW_DEFINITION}
                  choices={choices.data}
                  onSaved={(saved) => {
                    setCreated(saved);
                    setChosen(saved.schedule.scheduleId);
                    list.reload();
                    choices.reload();
                  }}
                  onReload={list.reload}
                  onCancel={() => setChosen(null)}
                />
              ) : (
                <div className="panel-state" aria-busy="true">{t('common.loading')}</div>
              )}
            </>
          ) : current ? (
            <DefinitionForm key={`${current.scheduleId}:${current.version}`} scheduleId={current.scheduleId} version={current.version} initial={current.definition} choices={choices.data} onSaved={() => undefined} onReload={list.reload} />
          ) : null}
        </>
      )}
    </Panel>
  );
}
