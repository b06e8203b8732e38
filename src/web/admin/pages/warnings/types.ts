// Shapes of the warnings API (src/server/modules/warnings), declared once in src/common/contracts.
export type {
  WarningDetail,
  WarningInput,
  WarningList,
  WarningState,
  WarningSummary,
  WarningVersion,
} from '../../../../common/contracts/warnings.ts';
export {
  WARNING_CERTAINTIES,
  WARNING_SEVERITIES,
  WARNING_STATUSES,
  WARNING_URGENCIES,
  type WarningSeverity,
  type WarningStatus,
} from '../../../../common/states.ts';

export interface WarningsContext {
  slug: string;
  canIssue: boolean;
}
