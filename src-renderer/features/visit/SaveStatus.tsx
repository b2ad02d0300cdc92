import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import type { SaveState } from './use-visit.js';

/** Where the visit stands: saved on this computer (and when), waiting for Central, or what went wrong. */
export function SaveStatus(props: { save: SaveState }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { save } = props;
  return (
    <p role="status" className="save-status small">
      {save.state === 'idle' ? <span className="muted">{t('visit.notSaved')}</span> : null}
      {save.state === 'saving' ? <span className="muted">{t('visit.saving')}</span> : null}
      {save.state === 'saved' ? (
        <>
          <span className="tag ok">{t(save.final ? 'visit.savedFinal' : 'visit.savedDraft', { time: formatTime(save.at, language) })}</span>{' '}
          {save.pendingSync ? <span className="tag warn">{t('visit.waitingForCentral')}</span> : <span className="muted">{t('visit.sentToCentral')}</span>}
        </>
      ) : null}
      {save.state === 'error' ? <span className="form-error">{t(`errors.${save.code}`)}</span> : null}
    </p>
  );
}
