// Areas as GeoJSON polygons: create one, import a FeatureCollection (each problem with a JSON pointer), list, change, remove.
import { asc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { areas } from '../../platform/db/schema.ts';
import { AppError, type FieldError, notFound } from '../../platform/errors.ts';
import { type AreaGeometry, validateGeometry } from './geometry.ts';

export interface AreaInput {
  name: string;
  geometry: unknown;
  population?: number | null;
}

const reject = (errors: FieldError[]) => new AppError('validation_failed', `The GeoJSON has ${errors.length} problem(s); see errors.`, errors.slice(0, 100));

type CheckedArea = { name: string; geometry: AreaGeometry; population: number | null };

/** An area as the API answers it; its geometry was checked on the way in (validateGeometry). */
const presentArea = (r: typeof areas.$inferSelect) => ({ id: r.id, name: r.name, geometry: r.geometry as unknown as AreaGeometry, population: r.population });

/** Checks the fields present in `input` the same way for a new area and a change. */
function checkAreaFields(input: Partial<AreaInput>, at: string): { values: Partial<CheckedArea>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: Partial<CheckedArea> = {};
  if (input.name !== undefined) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 200) errors.push({ pointer: `${at}/name`, detail: 'an area needs a name of 1 to 200 characters' });
    else values.name = name;
  }
  if (input.population !== undefined) {
    const population = input.population;
    if (population !== null && (!Number.isInteger(population) || population < 0))
      errors.push({ pointer: `${at}/population`, detail: 'must be a whole number ≥ 0' });
    else values.population = population;
  }
  if (input.geometry !== undefined) {
    const g = validateGeometry(input.geometry, `${at}/geometry`);
    errors.push(...g.errors);
    if (!g.errors.length) values.geometry = g.geometry;
  }
  return { values, errors };
}

function checkArea(input: AreaInput, at: string): CheckedArea | FieldError[] {
  const { values, errors } = checkAreaFields({ name: input.name ?? '', population: input.population ?? null, geometry: input.geometry ?? null }, at);
  return errors.length ? errors : (values as CheckedArea);
}

export async function createArea(deps: AppDeps, actor: Actor, tenantId: string, input: AreaInput) {
  const checked = checkArea(input, '/body');
  if (Array.isArray(checked)) throw reject(checked);
  return deps.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .insert(areas)
      .values({ tenantId, ...checked, geometry: checked.geometry as unknown as Record<string, unknown> })
      .returning();
    await recordAudit(tx, tenantId, actor, { action: 'area.create', objectType: 'area', objectId: row.id, details: { name: row.name } });
    return presentArea(row);
  });
}

/** The areas in a FeatureCollection, a single Feature, or a bare geometry (then named `fallbackName`). */
function areasFromGeoJson(doc: unknown, fallbackName: string): Array<{ input: AreaInput; at: string }> | FieldError[] {
  const d = doc as { type?: string; features?: unknown; properties?: { name?: unknown; population?: unknown } | null; geometry?: unknown };
  if (!d || typeof d !== 'object') return [{ pointer: '/body', detail: 'must be a GeoJSON object' }];
  const featureInput = (f: typeof d): AreaInput => ({
    name: typeof f?.properties?.name === 'string' ? f.properties.name : '',
    geometry: f?.geometry,
    population: typeof f?.properties?.population === 'number' ? f.properties.population : null,
  });
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features) || !d.features.length) return [{ pointer: '/body/features', detail: 'the collection has no features' }];
    return d.features.map((f, i) => ({ input: featureInput(f as typeof d), at: `/body/features/${i}` }));
  }
  if (d.type === 'Feature') return [{ input: featureInput(d), at: '/body' }];
  if (d.type === 'Polygon' || d.type === 'MultiPolygon') return [{ input: { name: fallbackName, geometry: d }, at: '/body' }];
  return [{ pointer: '/body/type', detail: 'use a FeatureCollection, Feature, Polygon or MultiPolygon' }];
}

/** Imports every area of the document, or none when one of them is invalid. */
export async function importAreas(deps: AppDeps, actor: Actor, tenantId: string, doc: unknown) {
  const found = areasFromGeoJson(doc, 'Gebiet');
  if (found.length && 'pointer' in found[0]) throw reject(found as FieldError[]);
  const errors: FieldError[] = [];
  const rows: Array<{ name: string; geometry: AreaGeometry; population: number | null }> = [];
  for (const { input, at } of found as Array<{ input: AreaInput; at: string }>) {
    // a feature's name and population live under properties
    const checked = checkArea(input, at);
    if (Array.isArray(checked))
      errors.push(
        ...checked.map((e) => ({
          ...e,
          pointer: e.pointer.replace(`${at}/name`, `${at}/properties/name`).replace(`${at}/population`, `${at}/properties/population`),
        })),
      );
    else rows.push(checked);
  }
  if (errors.length) throw reject(errors);
  return deps.db.withTenant(tenantId, async (tx) => {
    const created = await tx
      .insert(areas)
      .values(rows.map((r) => ({ tenantId, ...r, geometry: r.geometry as unknown as Record<string, unknown> })))
      .returning({ id: areas.id, name: areas.name });
    await recordAudit(tx, tenantId, actor, { action: 'areas.import', objectType: 'area', details: { imported: created.length } });
    return { imported: created.length, items: created };
  });
}

export async function listAreas(deps: AppDeps, tenantId: string) {
  const items = await deps.db.withTenant(tenantId, (tx) => tx.select().from(areas).orderBy(asc(areas.name)));
  return { items: items.map(presentArea) };
}

/** Renames, re-populates or redraws an area; validated like a new one. Another tenant's area is not found. */
export async function updateArea(deps: AppDeps, actor: Actor, tenantId: string, id: string, patch: Partial<AreaInput>) {
  const { values, errors } = checkAreaFields(patch, '/body');
  if (errors.length) throw reject(errors);
  const set = { ...values, geometry: values.geometry as unknown as Record<string, unknown> | undefined };
  if (set.geometry === undefined) delete set.geometry;
  return deps.db.withTenant(tenantId, async (tx) => {
    const [row] = Object.keys(set).length
      ? await tx.update(areas).set(set).where(eq(areas.id, id)).returning()
      : await tx.select().from(areas).where(eq(areas.id, id));
    if (!row) throw notFound('This area');
    if (Object.keys(set).length)
      await recordAudit(tx, tenantId, actor, {
        action: 'area.update',
        objectType: 'area',
        objectId: id,
        details: { fields: Object.keys(set), name: row.name },
      });
    return presentArea(row);
  });
}

export async function deleteArea(deps: AppDeps, actor: Actor, tenantId: string, id: string) {
  await deps.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.delete(areas).where(eq(areas.id, id)).returning({ id: areas.id });
    if (!row) throw notFound('This area');
    await recordAudit(tx, tenantId, actor, { action: 'area.delete', objectType: 'area', objectId: id });
  });
}
