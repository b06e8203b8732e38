// The composition root: the services and per-process runtimes every part uses are created here, once, and handed
// around in deps (main.ts, the CLI, the test harness and the benchmarks all start from createAppDeps).
import { DeliveryRuntime } from './modules/delivery/index.ts';
import { moveWaitlistsOnErasure } from './modules/events/index.ts';
import { wakeThreaderOnInbound } from './modules/inbox/index.ts';
import { wakeForwarderOnFiled } from './modules/reports/index.ts';
import { residentHooks } from './modules/residents/index.ts';
import type { AppDeps, BaseDeps } from './platform/context.ts';

export function createAppDeps(base: BaseDeps): AppDeps {
  // the runtime keeps deps (it reads config and the database through it), so it is wired in after the object exists
  const deps = { ...base } as AppDeps;
  deps.delivery = new DeliveryRuntime(deps, residentHooks(deps));
  // the listeners that wake the inbox threader (inbound messages stored), the report forwarder (report filed) and
  // move event waiting lists (resident erased)
  const stops = [wakeThreaderOnInbound(deps), wakeForwarderOnFiled(deps), moveWaitlistsOnErasure(deps)];
  deps.stopListeners = () => {
    for (const stop of stops.splice(0)) stop();
  };
  return deps;
}

/** Stops what createAppDeps started (provider connections, lease timers); the database stays open. */
export async function closeAppDeps(deps: AppDeps): Promise<void> {
  deps.stopListeners();
  await deps.delivery.close();
}
