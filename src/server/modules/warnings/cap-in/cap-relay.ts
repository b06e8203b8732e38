// Turns an external CAP alert into this municipality's warning (and its Update/Cancel into the next version), through
// the warnings service, with the feed and the alert's sender and identifier as its source. The relayed warning covers
// the whole municipality: the feed's rules have checked that the alert's area meets it.
import { WARNING_CERTAINTIES, WARNING_URGENCIES, type WarningCertainty, type WarningUrgency } from '../../../../common/states.ts';
import type { Actor } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { cancelWarning, issueWarning, updateWarning } from '../warnings.service.ts';
import type { CapAlert, CapInfo } from './cap-parse.ts';

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const when = (v: string | null) => (v && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(v) ? v : null);

function content(info: CapInfo) {
  const event = cut(info.event || info.headline || 'Warnung', 120);
  const headline = cut(info.headline || event, 160);
  return {
    severity: info.severity ?? 'minor',
    urgency: (WARNING_URGENCIES as readonly string[]).includes(info.urgency.toLowerCase()) ? (info.urgency.toLowerCase() as WarningUrgency) : 'unknown',
    certainty: (WARNING_CERTAINTIES as readonly string[]).includes(info.certainty.toLowerCase())
      ? (info.certainty.toLowerCase() as WarningCertainty)
      : 'unknown',
    event,
    headline,
    description: cut(info.description || headline, 5000),
    instruction: info.instruction ? cut(info.instruction, 2000) : null,
    onset: when(info.onset ?? info.effective),
    expiresAt: when(info.expires),
  };
}

const infoOf = (alert: CapAlert) => {
  if (!alert.info) throw new AppError('validation_failed', 'The alert has no info block.');
  return alert.info;
};

/** Issues the alert as a warning to the whole municipality; returns the warning's id. */
export async function issueFromAlert(deps: AppDeps, actor: Actor, tenant: TenantRow, alert: CapAlert, feedId: string): Promise<string> {
  const status = alert.status === 'exercise' || alert.status === 'test' ? alert.status : 'actual';
  const warning = await issueWarning(
    deps,
    actor,
    tenant,
    { status, ...content(infoOf(alert)), area: { kind: 'tenant' } },
    { source: { feedId, capIdentifier: alert.identifier, capSender: alert.sender } },
  );
  return warning.id;
}

/** Applies a CAP Update to the relayed warning; returns the id of the new version. */
export async function updateFromAlert(deps: AppDeps, actor: Actor, tenant: TenantRow, warningId: string, alert: CapAlert): Promise<string> {
  const warning = await updateWarning(deps, actor, tenant, warningId, content(infoOf(alert)));
  return warning.id;
}

/** Applies a CAP Cancel to the relayed warning. */
export async function cancelFromAlert(deps: AppDeps, actor: Actor, tenant: TenantRow, warningId: string, alert: CapAlert): Promise<string> {
  const reason = alert.info?.description || alert.info?.headline;
  const warning = await cancelWarning(deps, actor, tenant, warningId, reason ? { reason: cut(reason, 500) } : {});
  return warning.id;
}
