import { useTranslation } from 'react-i18next';
import type { ChartView } from '../../../shared/api/chart-method.js';
import { QueryView } from '../../components/Panel.js';
import { Tabs } from '../../components/Tabs.js';
import { CHART_TABS, useAppStore } from '../../state/app-store.js';
import type { ChartTab } from '../../state/app-store.js';
import { AllergyBanner } from './AllergyBanner.js';
import { AnamnesisTab } from './AnamnesisTab.js';
import { ChartHeader } from './ChartHeader.js';
import { LabsTab } from './LabsTab.js';
import { StudiesTab } from './StudiesTab.js';
import { SummaryTab } from './SummaryTab.js';
import { TimelineTab } from './TimelineTab.js';
import { useChart } from './use-chart.js';

/** The chart for the consultation: who, allergies, then the record by section. */
export function ChartScreen(props: { patientId: string }) {
  const chart = useChart(props.patientId);
  return (
    <div className="screen chart">
      <QueryView query={chart}>{(data) => <ChartBody chart={data} />}</QueryView>
    </div>
  );
}

function ChartBody(props: { chart: ChartView }) {
  const { t } = useTranslation();
  const go = useAppStore((s) => s.go);
  const tab = useAppStore((s) => s.chartTab);
  const setTab = useAppStore((s) => s.setChartTab);
  const canDocument = useAppStore((s) => s.session?.user?.role === 'doctor' || s.session?.user?.role === 'nurse');
  const { chart } = props;
  const counts: Partial<Record<ChartTab, number>> = { timeline: chart.timeline.length, labs: chart.labs.length, studies: chart.studies.length, anamnesis: chart.anamnesis.length };
  return (
    <>
      <div className="chart-top">
        <ChartHeader chart={chart} />
        {canDocument ? (
          <button type="button" className="primary" onClick={() => go({ name: 'visit', patientId: chart.patient.id })}>
            {t('chart.documentVisit')}
          </button>
        ) : null}
      </div>
      <AllergyBanner summary={chart.summary} />
      <Tabs
        label={t('chart.sections')}
        idPrefix="chart"
        active={tab}
        onChange={setTab}
        tabs={CHART_TABS.map((key) => ({ key, label: counts[key] !== undefined ? `${t(`chart.tabs.${key}`)} (${counts[key]})` : t(`chart.tabs.${key}`) }))}
      >
        {tab === 'summary' ? <SummaryTab chart={chart} /> : null}
        {tab === 'timeline' ? <TimelineTab entries={chart.timeline} /> : null}
        {tab === 'labs' ? <LabsTab labs={chart.labs} /> : null}
        {tab === 'studies' ? <StudiesTab studies={chart.studies} /> : null}
        {tab === 'anamnesis' ? <AnamnesisTab items={chart.anamnesis} /> : null}
      </Tabs>
    </>
  );
}
