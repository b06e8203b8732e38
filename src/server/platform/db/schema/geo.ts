// The street directory with its points, and drawn areas.
import { doublePrecision, foreignKey, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, jsonList } from './columns.ts';
import { tenantKeyedTable, tenantTable } from './tenant-table.ts';

export const streets = tenantTable(
  'streets',
  {
    name: text('name').notNull(),
    postcode: text('postcode').notNull().default(''),
    district: text('district'),
    /** House number ranges, e.g. [{ from: 1, to: 99, parity: 'odd' }]; empty = the whole street. */
    ranges: jsonList<{ from: number; to: number; parity?: 'odd' | 'even' }>('ranges'),
    population: integer('population'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('streets_name_uq').on(t.tenantId, t.name, t.postcode)],
);

/** Coordinates in the street directory: a house number's point, or the street's own (house_number ''). */
export const streetPoints = tenantKeyedTable(
  'street_points',
  {
    streetId: uuid('street_id').notNull(),
    /** Normalised (lower case, no spaces: "12a"); '' = the street as a whole. */
    houseNumber: text('house_number').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
  },
  (t) => [t.streetId, t.houseNumber],
  (t) => [
    foreignKey({ name: 'street_points_street_fk', columns: [t.tenantId, t.streetId], foreignColumns: [streets.tenantId, streets.id] }).onDelete('cascade'),
  ],
);

export const areas = tenantTable('areas', {
  name: text('name').notNull(),
  /** GeoJSON Polygon or MultiPolygon (WGS 84). */
  geometry: jsonb('geometry').$type<Record<string, unknown>>().notNull(),
  population: integer('population'),
  createdAt: createdAt(),
});
