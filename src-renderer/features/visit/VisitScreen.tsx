import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, QueryView } from '../../components/Panel.js';
import { AllergyBanner } from '../chart/AllergyBanner.js';
import { ChartHeader } from '../chart/ChartHeader.js';
import { useChart } from '../chart/use-chart.js';
import { useAppStore } from '../../state/app-store.js';
import { SickLeaveSection } from '../sick-leave/SickLeaveSection.js';
import { DiagnosesEditor } from './DiagnosesEditor.js';
import { Icd10Picker } from './Icd10Picker.js';
import { PrescriptionsEditor } from './PrescriptionsEditor.js';
import { SaveStatus } from './SaveStatus.js';
import type { TextField } from './visit-form.js';
import { useVisit } from './use-visit.js';

const SECTIONS: readonly TextField[] = ['complaints', 'anamnesis', 'examination', 'plan'];

/**
 * Documenting a visit: the patient and their allergies stay in sight, the note is written section by
 * section, diagnoses come from ICD-10, and everything is saved on this computer at once.
 */
export function VisitScreen(props: { patientId: string }) {
  const { t } = useTranslation();
  const go = useAppStore((s) => s.go);
  const setChartTab = useAppStore((s) => s.setChartTab);
  const chart = useChart(props.patientId);
  const visit = useVisit(props.patientId);
  const { form, change } = visit;
  const isDoctor = useAppStore((s) => s.session?.user?.role === 'doctor');
  const primary = form.diagnoses.find((d) => d.primary) ?? null;

  const finish = async () => {
    if (await visit.saveNow('final')) {
      setChartTab('timeline');
      go({ name: 'chart', patientId: props.patientId });
    }
  };
  // Ctrl+S saves the draft, Ctrl+Enter signs the visit off: the hands stay on the keyboard.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      if (event.key === 's') void visit.saveNow('draft');
      else if (event.key === 'Enter') void finish();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="screen visit">
      <QueryView query={chart}>
        {(data) => (
          <div className="visit-patient">
            <ChartHeader chart={data} compact />
            <AllergyBanner summary={data.summary} />
          </div>
        )}
      </QueryView>
      <h2 className="visit-title">{t('visit.title')}</h2>
      <form className="visit-form" onSubmit={(e) => { e.preventDefault(); void finish(); }}>
        <div className="visit-columns">
          <Box title={t('visit.note')}>
            {SECTIONS.map((field) => (
              <label key={field} className="block">
                {t(`noteSections.${field}`)}
                <textarea rows={field === 'examination' ? 5 : 3} maxLength={20000} value={form[field]} onChange={(e) => change({ type: 'text', field, value: e.target.value })} />
              </label>
            ))}
          </Box>
          <div className="visit-side">
            <Box title={t('visit.diagnoses')}>
              <Icd10Picker onPick={(d) => change({ type: 'add-diagnosis', diagnosis: { code: d.code, title: d.title } })} />
              <DiagnosesEditor diagnoses={form.diagnoses} onPrimary={(code) => change({ type: 'make-primary', code })} onRemove={(code) => change({ type: 'remove-diagnosis', code })} />
            </Box>
            <Box title={t('visit.prescriptions')}>
              <PrescriptionsEditor
                prescriptions={form.prescriptions}
                onAdd={() => change({ type: 'add-prescription' })}
                onChange={(index, field, value) => change({ type: 'prescription', index, field, value })}
                onRemove={(index) => change({ type: 'remove-prescription', index })}
              />
            </Box>
            {isDoctor ? <SickLeaveSection patientId={props.patientId} diagnosis={primary ? { code: primary.code, title: primary.title } : null} saveVisit={visit.saveForEncounter} /> : null}
          </div>
        </div>
        <div className="visit-actions">
          <SaveStatus save={visit.save} />
          <button type="button" onClick={() => void visit.saveNow('draft')} disabled={!visit.hasContent} aria-keyshortcuts="Control+S">
            {t('visit.saveDraft')}
          </button>
          <button type="submit" className="primary" disabled={form.diagnoses.length === 0} aria-keyshortcuts="Control+Enter">
            {t('visit.finish')}
          </button>
          <button type="button" onClick={() => go({ name: 'chart', patientId: props.patientId })}>
            {t('visit.backToChart')}
          </button>
        </div>
      </form>
    </div>
  );
}
