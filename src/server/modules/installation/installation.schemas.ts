import { z } from 'zod';
import { createTenantInput, slugSchema } from '../tenants/index.ts';

export const createMunicipalityInput = createTenantInput.extend({
  /** Invite this address as the municipality's first owner. */
  ownerEmail: z.email('must be an e-mail address such as name@example.org').max(254).optional(),
});
export type CreateMunicipalityInput = z.infer<typeof createMunicipalityInput>;

export const municipalityView = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  ags: z.string().nullable(),
  locale: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
});
export const municipalityListView = z.object({ items: z.array(municipalityView) });
export const createdMunicipalityView = z.object({
  municipality: municipalityView,
  invitation: z.object({ id: z.uuid(), email: z.string(), expiresAt: z.string() }).nullable(),
});

/** Without `tenant`: the installation's own mails (password resets); with it, that municipality's outbox. */
export const operatorOutboxQuery = z.strictObject({
  tenant: slugSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});
export const operatorOutboxItemQuery = z.strictObject({ tenant: slugSchema.optional() });
