// How a warning names itself in the console: severity in words (Information, Warnung, Gefahr, Extreme Gefahr) with a
// colour bar, and the exercise or test mark in words wherever the warning shows.
import { useI18n } from '../../i18n.tsx';
import type { WarningSeverity, WarningStatus } from './types.ts';

export function Severity({ value }: { value: WarningSeverity }) {
  const { t } = useI18n();
  return <span className={`severity severity-${value}`}>{t(`warnings.severity.${value}`)}</span>;
}

export function StatusMark({ value }: { value: WarningStatus }) {
  const { t } = useI18n();
  if (value === 'actual') return null;
  return (
    <span className="warning-mark" data-testid="warning-mark">
      {t(`warnings.mark.${value}`)}
    </span>
  );
}
