import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { errorCode } from '../../lib/use-api.js';
import type { Action } from './visit-form.js';
import { EMPTY_VISIT, hasContent, toInput, visitReducer } from './visit-form.js';

export type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string; pendingSync: boolean; final: boolean } | { state: 'error'; code: string };

/**
 * A visit being documented: saved locally as a draft a moment after each change and on request,
 * signed off as final. Saves run one after another so the second save always names the encounter
 * the first one created (never two encounters for one visit).
 */
export function useVisit(patientId: string) {
  const [form, dispatch] = useReducer(visitReducer, EMPTY_VISIT);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const encounterId = useRef<string | undefined>(undefined);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const dirty = useRef(false);
  const latest = useRef(form);
  latest.current = form;

  const saveNow = useCallback(
    (status: 'draft' | 'final') => {
      const run = async (): Promise<boolean> => {
        setSave({ state: 'saving' });
        dirty.current = false;
        try {
          const result = await api.visits.save(toInput(patientId, encounterId.current, latest.current, status));
          encounterId.current = result.encounterId;
          setSave({ state: 'saved', at: result.savedAt, pendingSync: result.pendingSync, final: status === 'final' });
          return true;
        } catch (error) {
          dirty.current = true;
          setSave({ state: 'error', code: errorCode(error) });
          return false;
        }
      };
      const next = chain.current.then(run, run);
      chain.current = next;
      return next;
    },
    [patientId],
  );

  const change = useCallback((action: Action) => {
    dirty.current = true;
    dispatch(action);
  }, []);

  // A draft is written shortly after the doctor stops typing: nothing typed is lost if the power goes.
  useEffect(() => {
    if (!dirty.current || !hasContent(form)) return;
    // Still unsaved when the pause is over: an explicit save in between makes this one unnecessary.
    const timer = setTimeout(() => dirty.current && void saveNow('draft'), 1200);
    return () => clearTimeout(timer);
  }, [form, saveNow]);

  /** Saves the draft (so that what hangs off the visit, a sick-leave certificate, can name it) and gives its id. */
  const saveForEncounter = useCallback(async () => ((await saveNow('draft')) ? encounterId.current : undefined), [saveNow]);

  return { form, change, save, saveNow, saveForEncounter, hasContent: hasContent(form) };
}

