// Residents: verified phone numbers, follows with preferences, the consent ledger, export and erasure.
export { currentConsentText, consentHistory } from './consent.service.ts';
export { ipPrefix, lookupHash, unseal } from './residents.crypto.ts';
export { type ResidentAddressee, residentAddressee } from './resident-address.ts';
export {
  CHANNELS,
  eraseResident,
  exportResident,
  findResidentByPhone,
  getFollow,
  registerResident,
  tenantTopics,
  updatePreferences,
  withdrawConsent,
  type Preferences,
} from './residents.service.ts';
export { checkPhone, LIMITS as CODE_LIMITS, requestCode, verifyCode } from './verification.service.ts';
export { residentStaffRoutes } from './staff/residents.routes.ts';
export { residentPortalRoutes } from './portal/resident-portal.routes.ts';
export { pushOffer } from './portal/resident-push.render.ts';
export { residentImportJob } from './import/resident-import.job.ts';
export { residentHooks } from './delivery-hooks.ts';
export { restoreConsentByStart, smsKeyword } from './stop-keyword.ts';
export { isSameOrigin, loadResident } from './portal/resident-session.ts';
export { type PortalPageReq, type ResidentPageContext, residentPageContext, withinPortalLimits } from './portal/resident-page.ts';
