import { useTranslation } from 'react-i18next';
import type { AnamnesisItem, AnamnesisKind } from '../../../shared/api/chart-method.js';
import { ANAMNESIS_KINDS } from '../../../shared/api/chart-method.js';
import { Box } from '../../components/Panel.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';

/** Life anamnesis in the order a doctor asks about it, one panel per kind that has anything. */
export function AnamnesisTab(props: { items: readonly AnamnesisItem[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  if (props.items.length === 0) return <p className="panel-state panel-empty">{t('chart.noAnamnesis')}</p>;
  const groups = ANAMNESIS_KINDS.map((kind) => [kind, props.items.filter((item) => item.kind === kind)] as [AnamnesisKind, AnamnesisItem[]]).filter(([, items]) => items.length > 0);
  return (
    <div className="anamnesis-grid">
      {groups.map(([kind, items]) => (
        <Box key={kind} title={t(`anamnesisKinds.${kind}`)}>
          <ul className="plain-list">
            {items.map((item) => (
              <li key={item.id}>
                <strong>{item.title}</strong>
                {item.text ? <span className={item.text.length > 80 ? 'prose block' : undefined}> {item.text}</span> : null}
                {item.date ? <span className="muted small"> · {formatDate(item.date, language)}</span> : null}
              </li>
            ))}
          </ul>
        </Box>
      ))}
    </div>
  );
}
