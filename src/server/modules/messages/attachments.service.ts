// Images and PDFs attached to a message: the type is sniffed from the bytes (never taken from the client), the size is
// capped, images lose their metadata; a sent message's attachments are public on the portal (and linked in its e-mail), a draft's are not.
import { and, asc, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { MessageAttachment } from '../../../common/contracts/messages.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { campaignAttachments, campaigns } from '../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { loadSharp } from '../../platform/images.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 10;
/** While a message may still change (the same as its text). */
const EDITABLE = ['draft', 'rejected'];
const ALLOWED = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];

export const attachmentUrl = (deps: AppDeps, tenant: Pick<TenantRow, 'slug'>, campaignId: string, id: string) =>
  `${deps.config.publicUrl}/m/${tenant.slug}/news/${campaignId}/attachments/${id}`;

type Row = Omit<typeof campaignAttachments.$inferSelect, 'data'>;
const columns = {
  tenantId: campaignAttachments.tenantId,
  id: campaignAttachments.id,
  campaignId: campaignAttachments.campaignId,
  filename: campaignAttachments.filename,
  contentType: campaignAttachments.contentType,
  size: campaignAttachments.size,
  createdAt: campaignAttachments.createdAt,
};

const present = (deps: AppDeps, tenant: Pick<TenantRow, 'slug'>, r: Row): MessageAttachment => ({
  id: r.id,
  filename: r.filename,
  contentType: r.contentType,
  size: r.size,
  url: attachmentUrl(deps, tenant, r.campaignId, r.id),
});

export async function listAttachments(deps: AppDeps, tx: Tx, tenant: Pick<TenantRow, 'slug'>, campaignId: string): Promise<MessageAttachment[]> {
  const rows = await tx
    .select(columns)
    .from(campaignAttachments)
    .where(eq(campaignAttachments.campaignId, campaignId))
    .orderBy(asc(campaignAttachments.createdAt));
  return rows.map((r) => present(deps, tenant, r));
}

/**
 * An image as it will be published: turned upright, then written again without its metadata (camera, GPS position,
 * author), which sharp drops unless asked to keep it. A file sharp cannot read is refused.
 */
async function withoutMetadata(bytes: Buffer, mime: string): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000 }).rotate();
    if (mime === 'image/png') return await image.png().toBuffer();
    if (mime === 'image/webp') return await image.webp({ quality: 90 }).toBuffer();
    return await image.jpeg({ quality: 90 }).toBuffer();
  } catch {
    throw invalid('/body/data', 'is not a readable image', 'not_allowed', { values: ALLOWED });
  }
}

async function editableCampaign(tx: Tx, campaignId: string) {
  const [campaign] = await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
  if (!campaign) throw notFound('This message');
  if (!EDITABLE.includes(campaign.status))
    throw new AppError('conflict', 'Attachments can be changed only while the message is a draft or was rejected.', [], { reason: 'wrong_status' });
}

export async function addAttachment(deps: AppDeps, actor: Actor, tenant: TenantRow, campaignId: string, input: { filename: string; data: string }) {
  await deps.db.withTenant(tenant.id, (tx) => editableCampaign(tx, campaignId)); // 404 and 409 before the file is read
  const bytes = Buffer.from(input.data, 'base64');
  if (!bytes.length) throw invalid('/body/data', 'is empty', 'required');
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    throw invalid('/body/data', `is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`, 'too_big', { maximum: ATTACHMENT_MAX_BYTES });
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ALLOWED.includes(type.mime)) throw invalid('/body/data', 'must be a PNG, JPEG or WebP image or a PDF', 'not_allowed', { values: ALLOWED });
  const data = type.mime === 'application/pdf' ? bytes : await withoutMetadata(bytes, type.mime);
  return deps.db.withTenant(tenant.id, async (tx) => {
    await editableCampaign(tx, campaignId);
    const existing = await tx.select({ id: campaignAttachments.id }).from(campaignAttachments).where(eq(campaignAttachments.campaignId, campaignId));
    if (existing.length >= ATTACHMENTS_PER_MESSAGE)
      throw invalid('/body', `a message carries at most ${ATTACHMENTS_PER_MESSAGE} attachments`, 'too_many', { maximum: ATTACHMENTS_PER_MESSAGE });
    const filename = input.filename.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || `anhang.${type.ext}`;
    const [row] = await tx
      .insert(campaignAttachments)
      .values({ tenantId: tenant.id, campaignId, filename, contentType: type.mime, size: data.length, data })
      .returning(columns);
    await recordAudit(tx, tenant.id, actor, {
      action: 'campaign.attachment_added',
      objectType: 'campaign',
      objectId: campaignId,
      details: { attachmentId: row.id, contentType: type.mime, size: data.length },
    });
    return present(deps, tenant, row);
  });
}

export async function removeAttachment(deps: AppDeps, actor: Actor, tenant: TenantRow, campaignId: string, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    await editableCampaign(tx, campaignId);
    const gone = await tx
      .delete(campaignAttachments)
      .where(and(eq(campaignAttachments.campaignId, campaignId), eq(campaignAttachments.id, id)))
      .returning({ id: campaignAttachments.id });
    if (!gone.length) throw notFound('This attachment');
    await recordAudit(tx, tenant.id, actor, {
      action: 'campaign.attachment_removed',
      objectType: 'campaign',
      objectId: campaignId,
      details: { attachmentId: id },
    });
  });
}

/** An attachment of a sent message, for the portal and e-mail links; null for drafts and unknown ids. */
export async function publicAttachment(deps: AppDeps, tenantId: string, campaignId: string, id: string) {
  return deps.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({
        filename: campaignAttachments.filename,
        contentType: campaignAttachments.contentType,
        data: campaignAttachments.data,
        status: campaigns.status,
      })
      .from(campaignAttachments)
      .innerJoin(campaigns, and(eq(campaigns.tenantId, campaignAttachments.tenantId), eq(campaigns.id, campaignAttachments.campaignId)))
      .where(and(eq(campaignAttachments.campaignId, campaignId), eq(campaignAttachments.id, id)));
    if (row?.status !== 'sent') return null;
    return { filename: row.filename, contentType: row.contentType, data: Buffer.from(row.data) };
  });
}
