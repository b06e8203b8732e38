// Scanned consent forms: checked on their first bytes (PDF, PNG or JPEG, at most 5 MB), stored encrypted like contact
// data, listed on the resident's page; a download shows personal data (name, signature) and is audited as a view.
import { create as attachment } from 'content-disposition';
import { randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { seal, unseal } from '../residents.crypto.ts';
import * as repo from './residents.repository.ts';
import { type ConsentScan, SCAN_MAX_BYTES, SCAN_TYPES } from './residents.schemas.ts';

type ScanType = (typeof SCAN_TYPES)[number];

const MAGIC: Record<ScanType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export interface CheckedScan {
  id: string;
  fileName: string;
  contentType: ScanType;
  bytes: Buffer;
}

/** Also used for bodies refused before parsing, so the answer always says what the limit is. */
export const scanTooLarge = (pointer: string, size?: number) =>
  new AppError(
    'payload_too_large',
    `A scanned consent form may be at most ${SCAN_MAX_BYTES / 1024 / 1024} MB${size ? `; this one has ${(size / 1024 / 1024).toFixed(1)} MB` : ''}. Scan it in greyscale at 150–200 dpi or save it as a PDF.`,
    [{ pointer, detail: `must be at most ${SCAN_MAX_BYTES / 1024 / 1024} MB` }],
  );

// the name is shown and sent back in content-disposition: no path, no control characters or quotes
const cleanFileName = (name: string) =>
  name
    .split(/[/\\]/)
    .pop()!
    .replace(/[\p{Cc}"]/gu, '')
    .replace(/\s+/g, ' ')
    .trim() || 'scan';

/** The scan's bytes, refused unless they start like the declared type; `at` points at the scan in the request. */
export function checkScan(scan: ConsentScan, at: string): CheckedScan {
  const bytes = Buffer.from(scan.dataBase64, 'base64');
  if (bytes.length > SCAN_MAX_BYTES) throw scanTooLarge(`${at}/dataBase64`, bytes.length);
  const detected = SCAN_TYPES.find((type) => MAGIC[type].every((b, i) => bytes[i] === b));
  if (!detected)
    throw invalid(`${at}/dataBase64`, 'is not a PDF, PNG or JPEG file (its first bytes match none of them); save the scan as PDF, PNG or JPEG', 'scan_type');
  if (detected !== scan.contentType) throw invalid(`${at}/contentType`, `says ${scan.contentType}, but the file is ${detected}`, 'scan_type');
  return { id: randomUUID(), fileName: cleanFileName(scan.fileName), contentType: detected, bytes };
}

export const presentAttachment = (a: Awaited<ReturnType<typeof repo.listConsentAttachments>>[number]) => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  createdAt: a.createdAt.toISOString(),
});

/** Stores a checked scan for a resident of this tenant (the caller has made sure the resident follows it). */
export async function storeScan(deps: AppDeps, tx: Tx, tenantId: string, residentId: string, scan: CheckedScan, actor: Actor) {
  const row = await repo.insertConsentAttachment(tx, {
    tenantId,
    id: scan.id,
    residentId,
    fileName: scan.fileName,
    contentType: scan.contentType,
    size: scan.bytes.length,
    dataEnc: seal(deps.config.secretKey, scan.bytes.toString('base64'))!,
    createdBy: actor.userId,
  });
  await recordAudit(tx, tenantId, actor, {
    action: 'resident.consent_attachment.added',
    objectType: 'resident',
    objectId: residentId,
    details: { attachmentId: scan.id, contentType: scan.contentType, size: scan.bytes.length },
  });
  return presentAttachment(row);
}

/** A scan attached later, from the resident's page. */
export async function addConsentAttachment(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string, body: ConsentScan) {
  const scan = checkScan(body, '/body');
  return deps.db.withTenant(tenant.id, async (tx) => {
    if (!(await repo.findFollowedResident(tx, residentId))) throw notFound('This resident');
    return storeScan(deps, tx, tenant.id, residentId, scan, actor);
  });
}

/** The decrypted file for a download; the view is written to the audit log in the same transaction. */
export async function readConsentAttachment(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string, attachmentId: string) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    if (!(await repo.findFollowedResident(tx, residentId))) throw notFound('This resident');
    const row = await repo.findConsentAttachment(tx, residentId, attachmentId);
    if (!row) throw notFound('This scan');
    await recordAudit(tx, tenant.id, actor, {
      action: 'resident.consent_attachment.viewed',
      objectType: 'resident',
      objectId: residentId,
      details: { attachmentId },
    });
    return { fileName: row.fileName, contentType: row.contentType, bytes: Buffer.from(unseal(deps.config.secretKey, row.dataEnc)!, 'base64') };
  });
}

/** `attachment` with an ASCII fallback name and the real name per RFC 6266 / 5987. */
/** The download header for a stored scan: an ASCII fallback name and the UTF-8 original (RFC 6266, content-disposition). */
export function contentDisposition(fileName: string) {
  // the fallback for old clients keeps letters readable ("Müller" → "Muller"), not "?"
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '') || 'scan';
  return attachment(fileName || 'scan', { fallback: ascii });
}
