import { useTranslation } from 'react-i18next';
import { MAX_PERIOD_DAYS, MAX_TOTAL_DAYS } from '../../../shared/domain/sick-leave-rules.js';
import type { SickLeaveError } from './use-sick-leave.js';

/** Why a step was not taken: the Fund's rule in the UI's language, the workstation's words for a bad field, or the general error. */
export function SickLeaveErrorLine(props: { error: SickLeaveError | null }) {
  const { t } = useTranslation();
  const { error } = props;
  if (!error) return null;
  const text = error.rule ? t(`sickLeave.rule.${error.rule}`, { period: MAX_PERIOD_DAYS, total: MAX_TOTAL_DAYS }) : error.code === 'invalid' ? error.message : t(`errors.${error.code}`);
  return (
    <p className="form-error small" role="alert">
      {text}
    </p>
  );
}
