import { useTranslation } from 'react-i18next';
import type { Source } from '../../../shared/api/chart-method.js';

/** Where and by whom: "УЗ «14-я городская поликлиника» (state) · Иванова М. П.". */
export function SourceLine(props: { source: Source; withoutPractitioner?: boolean }) {
  const { t } = useTranslation();
  const { institution, institutionKind, practitioner } = props.source;
  if (!institution && !practitioner) return <span className="muted small">{t('chart.sourceUnknown')}</span>;
  return (
    <span className="source small">
      {institution ? <span className="institution">{institution}</span> : null}
      {institution && institutionKind !== 'unknown' ? <span className={`tag kind-${institutionKind}`}>{t(`institutionKinds.${institutionKind}`)}</span> : null}
      {practitioner && !props.withoutPractitioner ? <span className="muted">{practitioner}</span> : null}
    </span>
  );
}
