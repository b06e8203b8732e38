// Streets, address points, areas, map tiles, coverage and audience counts as the staff API answers them.
import { z } from 'zod';
import { counts, importResultOf, itemsOf } from './common.ts';

export const houseRange = z.object({ from: z.number().int(), to: z.number().int(), parity: z.enum(['odd', 'even']).optional() });

export const street = z.object({
  id: z.uuid(),
  name: z.string(),
  postcode: z.string(),
  district: z.string().nullable(),
  /** Empty: the whole street. */
  ranges: z.array(houseRange),
  population: z.number().int().nullable(),
});
export type Street = z.infer<typeof street>;
/** In the list: how many address points give this street's residents their coordinates (0: areas cannot place them). */
export const listedStreet = street.extend({ points: z.number().int() });
export type ListedStreet = z.infer<typeof listedStreet>;
export const streetList = itemsOf(listedStreet);

export const streetImportResult = importResultOf(counts('imported'));
export type StreetImportResult = z.infer<typeof streetImportResult>;

/**
 * `streetsAdded`: streets the file named with a postcode that the directory did not have yet; `residentsPlaced`:
 * residents who got coordinates from this file.
 */
export const pointImportResult = importResultOf(counts('imported', 'streetsAdded', 'residentsPlaced'));
export type PointImportResult = z.infer<typeof pointImportResult>;

const position = z.tuple([z.number(), z.number()]); // [longitude, latitude]
export type Position = z.infer<typeof position>;
export const areaGeometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);
export type AreaGeometry = z.infer<typeof areaGeometry>;

export const area = z.object({ id: z.uuid(), name: z.string(), geometry: areaGeometry, population: z.number().int().nullable() });
export type Area = z.infer<typeof area>;
export const areaList = itemsOf(area);
export const areaImportResult = z.object({ imported: z.number().int(), items: z.array(z.object({ id: z.uuid(), name: z.string() })) });

export const mapTiles = z.object({ tileUrl: z.string().nullable(), attribution: z.string().nullable() });
export type MapTiles = z.infer<typeof mapTiles>;
/** GET /map: the tiles in effect and where they come from. */
export const mapSettings = mapTiles.extend({ source: z.enum(['tenant', 'installation', 'none']), installation: mapTiles });
export type MapSettings = z.infer<typeof mapSettings>;

export const coverageRow = z.object({
  kind: z.enum(['street', 'area']),
  id: z.uuid(),
  name: z.string(),
  postcode: z.string().optional(),
  registered: z.number().int(),
  population: z.number().int().nullable(),
  share: z.number().nullable(),
});
export type CoverageRow = z.infer<typeof coverageRow>;
export const coverage = z.object({
  totals: z.object({ registered: z.number().int(), population: z.number().int().nullable(), share: z.number().nullable() }),
  items: z.array(coverageRow),
});
export type Coverage = z.infer<typeof coverage>;

/** How many residents a message would reach, in all and per channel asked for. */
export const audiencePreview = z.object({
  count: z.number().int(),
  byChannel: z.record(z.string(), z.number().int()),
  /** Residents in their quiet hours now: a message sent now waits for them until the quiet hours end. */
  waiting: z.number().int(),
});
export type AudiencePreview = z.infer<typeof audiencePreview>;
