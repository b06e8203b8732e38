// The demo's warning history: one past exercise warning for the whole municipality with its all-clear, so the console's
// past warnings, the CAP documents and their references have content at the first start.
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { allClearWarning, issueWarning } from './warnings.service.ts';

export async function seedDemoWarnings(deps: AppDeps, actor: Actor, tenant: TenantRow): Promise<void> {
  const exercise = await issueWarning(deps, actor, tenant, {
    status: 'exercise',
    severity: 'severe',
    urgency: 'immediate',
    certainty: 'possible',
    event: 'Probealarm',
    headline: 'Übung: Ausfall der Trinkwasserversorgung',
    description: 'Dies ist eine Übung der Gemeinde. Es besteht keine Gefahr.',
    instruction: 'Sie müssen nichts tun. Prüfen Sie, ob Sie diese Nachricht auf allen Ihren Kanälen erhalten haben.',
    area: { kind: 'tenant' },
  });
  await allClearWarning(deps, actor, tenant, exercise.id, { description: 'Die Übung ist beendet. Vielen Dank für Ihre Aufmerksamkeit.' });
}
