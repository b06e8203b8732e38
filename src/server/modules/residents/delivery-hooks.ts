// What the delivery engine asks of the residents module (STOP by SMS, the e-mail unsubscribe link, who is signed in
// to the portal). Residents sends through delivery, so delivery must not import residents: these functions are
// handed to the delivery runtime when the process starts (src/server/deps.ts).
import type { ResidentHooks } from '../delivery/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { signedInFollower } from './portal/resident-session.ts';
import { handleEmailUnsubscribe, handleStopKeyword } from './stop-keyword.ts';

export function residentHooks(deps: AppDeps): ResidentHooks {
  return {
    stopKeyword: (tenantId, fromPhone, text) => handleStopKeyword(deps, tenantId, fromPhone, text),
    emailUnsubscribed: (tenant, address) => handleEmailUnsubscribe(deps, tenant, address),
    signedInResident: (req, tenantId) => signedInFollower(deps, req, tenantId),
  };
}
