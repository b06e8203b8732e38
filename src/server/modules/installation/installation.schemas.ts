import { z } from 'zod';
import { itemsOf, listLimit, sluggedRef } from '../../../common/contracts/common.ts';
import { createTenantInput, slugSchema } from '../tenants/index.ts';

export const createMunicipalityInput = createTenantInput.extend({
  /** Invite this address as the municipality's first owner. */
  ownerEmail: z.email('must be an e-mail address such as name@example.org').max(254).optional(),
});
export type CreateMunicipalityInput = z.infer<typeof createMunicipalityInput>;

export const municipalityView = sluggedRef.extend({
  ags: z.string().nullable(),
  locale: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
});
export const municipalityListView = itemsOf(municipalityView);
export const createdMunicipalityView = z.object({
  municipality: municipalityView,
  invitation: z.object({ id: z.uuid(), email: z.string(), expiresAt: z.string() }).nullable(),
});

/** Without `tenant`: the installation's own mails (password resets); with it, that municipality's outbox. */
export const operatorOutboxQuery = z.strictObject({
  tenant: slugSchema.optional(),
  limit: listLimit,
  before: z.iso.datetime({ offset: true }).optional(),
});
export const operatorOutboxItemQuery = z.strictObject({ tenant: slugSchema.optional() });
