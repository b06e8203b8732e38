// Warnings: issue, update, cancel and all-clear. Each version is a CAP message of its own that refers to the earlier
// ones, is written and audited in one transaction, then handed to the delivery engine; later versions reach exactly
// the residents the original reached. The portal is told on every change.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  type WarningAllClearInput,
  type WarningCancelInput,
  type WarningInput,
  type WarningUpdateInput,
  warningAllClearInput,
  warningCancelInput,
  warningInput,
  warningUpdateInput,
} from '../../../common/contracts/warnings.ts';
import { t } from '../../i18n/index.ts';
import { type Actor, auditWith } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptUrgent, enqueueSend, type PreparedSend } from '../delivery/index.ts';
import { checkPolygon, checkWithinTenant } from './warnings.area.ts';
import * as repo from './warnings.repository.ts';
import { planVersionSends, residentsInArea, sameResidents, WARNING_CHANNELS, writeVersionSends } from './warnings.send.ts';
import { presentVersion } from './warnings.present.ts';

export interface WarningSource {
  feedId: string;
  capIdentifier: string;
  capSender: string;
}
export interface IssueOptions {
  /** A warning relayed from an external CAP feed (helper cap-in checked that its area meets the municipality). */
  source?: WarningSource;
  /** A warning a network sent to its members. */
  originNetworkId?: string;
}

/** Validates input from in-process callers as the route would (errors point into `/body`). */
function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((i) => ({ pointer: `/body${i.path.map((p) => `/${String(p)}`).join('')}`, detail: i.message }));
  throw new AppError('validation_failed', 'The request has invalid fields.', errors);
}

function checkTimes(onset: Date | null, expiresAt: Date | null, now: Date) {
  if (expiresAt && onset && expiresAt.getTime() <= onset.getTime()) throw invalid('/body/expiresAt', 'must be after the onset', 'expires_before_onset');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid('/body/expiresAt', 'must be in the future', 'not_in_future');
}

const capSender = (deps: AppDeps, tenant: TenantRow) => `${tenant.slug}@${new URL(deps.config.publicUrl).hostname}`;
const capIdentifier = (tenant: TenantRow, id: string) => `urn:civicast:${tenant.slug}:${id}`;
const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

export async function issueWarning(deps: AppDeps, actor: Actor, tenant: TenantRow, raw: WarningInput, opts: IssueOptions = {}) {
  const input = parse(warningInput, raw);
  const onset = toDate(input.onset);
  const expiresAt = toDate(input.expiresAt);
  checkTimes(onset, expiresAt, new Date());
  return acceptUrgent(deps, tenant.id, WARNING_CHANNELS, () => writeWarning(deps, actor, tenant, input, onset, expiresAt, opts));
}

async function writeWarning(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  input: z.infer<typeof warningInput>,
  onset: Date | null,
  expiresAt: Date | null,
  opts: IssueOptions,
) {
  const { area } = input;
  const polygon = area.kind === 'polygon' ? checkPolygon(area.polygon, '/body/area/polygon') : null;
  const streetIds = area.kind === 'streets' ? [...new Set(area.streetIds)] : [];
  const id = randomUUID();
  const languages = normalizeLanguages(input.languages);
  // the area, the audience and the write in one transaction: fifty towns warning at once made every further
  // transaction two more round trips apiece
  const { row, sends } = await deps.db.withTenant(tenant.id, async (tx) => {
    if (polygon && !opts.source) checkWithinTenant(polygon, await repo.tenantPlaces(tx), '/body/area/polygon');
    const recipients = await residentsInArea(deps, tx, tenant.id, { streetIds, polygon }, '/body/area');
    const planned = planVersionSends(tenant, languages, recipients);
    const areaDesc =
      area.kind === 'streets'
        ? (await repo.streetNames(tx, streetIds)).join(', ').slice(0, 1000)
        : area.kind === 'polygon'
          ? (area.description ?? `${tenant.name} (Teilgebiet)`)
          : tenant.name;
    // the audit entry is written in the statement that inserts the version
    const audit = auditWith(tx, tenant.id, actor, {
      action: 'warning.issued',
      objectType: 'warning',
      objectId: id,
      details: { status: input.status, severity: input.severity, area: area.kind, recipients: recipients.length, relayed: !!opts.source },
    });
    const inserted = await repo.insertWarning(
      tx,
      {
        tenantId: tenant.id,
        id,
        chainId: id,
        version: 1,
        capIdentifier: capIdentifier(tenant, id),
        sender: capSender(deps, tenant),
        status: input.status,
        msgType: 'alert',
        references: [],
        severity: input.severity,
        urgency: input.urgency,
        certainty: input.certainty,
        event: input.event,
        headline: input.headline,
        description: input.description,
        instruction: input.instruction ?? null,
        areaKind: area.kind,
        streetIds,
        polygon,
        areaDesc,
        onset,
        expiresAt,
        languages,
        messageIds: planned.map((p) => p.messageId),
        sourceFeedId: opts.source?.feedId ?? null,
        sourceCapIdentifier: opts.source?.capIdentifier ?? null,
        sourceCapSender: opts.source?.capSender ?? null,
        originNetworkId: opts.originNetworkId ?? null,
        recipients: recipients.length,
        createdBy: actor.userId,
      },
      audit,
    );
    return { row: inserted, sends: await writeVersionSends(deps, tx, actor, tenant, inserted, planned) };
  });
  return finishVersion(deps, tenant, row, sends);
}

/** After the version's transaction: its batches to the urgent lane, the portal told. */
async function finishVersion(deps: AppDeps, tenant: TenantRow, row: repo.WarningRow, sends: PreparedSend[]) {
  await enqueueSend(deps, { batches: sends.flatMap((s) => s.batches) });
  emit('portal.content', { tenantId: tenant.id });
  return presentVersion(deps, tenant.slug, { ...row, messageIds: sends.map((s) => s.id) });
}

function normalizeLanguages(languages: z.infer<typeof warningInput>['languages']) {
  return Object.fromEntries(Object.entries(languages ?? {}).map(([k, v]) => [k, { ...v, instruction: v.instruction ?? null }]));
}

type NextVersion = Partial<Omit<repo.NewWarning, 'tenantId' | 'id' | 'chainId' | 'version'>>;

/** Writes the next version of the chain `id` belongs to, after checking the chain has not ended. */
function nextVersion(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, action: string, change: (latest: repo.WarningRow) => NextVersion) {
  return acceptUrgent(deps, tenant.id, WARNING_CHANNELS, () => writeNextVersion(deps, actor, tenant, id, action, change));
}

async function writeNextVersion(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, action: string, change: (latest: repo.WarningRow) => NextVersion) {
  // the version, its audience (the original's residents) and its sends in one transaction, the chain locked throughout
  const { row, sends } = await deps.db.withTenant(tenant.id, async (tx) => {
    const found = await repo.findWarning(tx, id);
    if (!found) throw notFound('This warning');
    await repo.lockChain(tx, found.chainId);
    const versions = await repo.chainVersions(tx, found.chainId);
    const latest = versions[versions.length - 1];
    if (latest.msgType === 'cancel' || latest.allClear) {
      throw new AppError('conflict', 'This warning has ended (cancelled or all-clear given); issue a new warning instead.');
    }
    const patch = change(latest);
    const nextId = randomUUID();
    const { id: _id, createdAt: _c, sentAt: _s, messageIds: _m, version: _v, ...kept } = latest;
    const recipients = await sameResidents(deps, tx, tenant.id, found.chainId);
    const planned = planVersionSends(tenant, patch.languages ?? kept.languages, recipients);
    const audit = auditWith(tx, tenant.id, actor, {
      action,
      objectType: 'warning',
      objectId: nextId,
      details: { chainId: latest.chainId, version: latest.version + 1, fields: Object.keys(patch) },
    });
    const inserted = await repo.insertWarning(
      tx,
      {
        ...kept,
        ...patch,
        id: nextId,
        version: latest.version + 1,
        capIdentifier: capIdentifier(tenant, nextId),
        references: versions.map((v) => v.id),
        recipients: recipients.length,
        messageIds: planned.map((p) => p.messageId),
        createdBy: actor.userId,
      },
      audit,
    );
    return { row: inserted, sends: await writeVersionSends(deps, tx, actor, tenant, inserted, planned) };
  });
  return finishVersion(deps, tenant, row, sends);
}

export async function updateWarning(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, raw: WarningUpdateInput) {
  const input = parse(warningUpdateInput, raw);
  return nextVersion(deps, actor, tenant, id, 'warning.updated', (latest) => {
    const onset = input.onset === undefined ? latest.onset : toDate(input.onset);
    const expiresAt = input.expiresAt === undefined ? latest.expiresAt : toDate(input.expiresAt);
    checkTimes(onset, expiresAt, new Date());
    const { onset: _o, expiresAt: _e, languages, instruction, ...rest } = input;
    return {
      ...rest,
      msgType: 'update',
      onset,
      expiresAt,
      ...(instruction !== undefined ? { instruction } : {}),
      ...(languages ? { languages: normalizeLanguages(languages) } : {}),
    };
  });
}

export async function cancelWarning(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, raw: WarningCancelInput = {}) {
  const input = parse(warningCancelInput, raw);
  return nextVersion(deps, actor, tenant, id, 'warning.cancelled', (latest) => ({
    msgType: 'cancel',
    description: input.reason ?? t('de', 'warning.cancel.description', { headline: latest.headline, reason: '' }).trim(),
    instruction: null,
    languages: {},
  }));
}

export async function allClearWarning(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, raw: WarningAllClearInput = {}) {
  const input = parse(warningAllClearInput, raw);
  return nextVersion(deps, actor, tenant, id, 'warning.all-clear', (latest) => ({
    msgType: 'update',
    allClear: true,
    urgency: 'past',
    certainty: 'observed',
    severity: 'minor',
    headline: input.headline ?? t('de', 'warning.allClear.headline', { event: latest.event }),
    description: input.description ?? t('de', 'warning.allClear.description', { headline: latest.headline }),
    instruction: null,
    expiresAt: null,
    languages: {},
  }));
}
