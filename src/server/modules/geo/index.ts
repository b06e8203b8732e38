// Geography for targeting: streets with house number ranges, areas as polygons, audience resolution and coverage.
export { AUDIENCE_CHANNELS, type AudienceInput, audienceInput } from './audience.schemas.ts';
export {
  type AudienceOptions,
  type AudienceQuery,
  matchAudience,
  previewAudience,
  type Recipient,
  resolveAudience,
  resolveAudienceIn,
  WARNING_TOPIC,
} from './audience.service.ts';
export { createArea } from './areas.service.ts';
export { coverage } from './coverage.service.ts';
export { listStreets } from './streets.service.ts';
export { type CsvRecord, countCsvRecords, findColumn, parseCsv, readCsv } from './csv.ts';
export { geoRoutes } from './geo.routes.ts';
export { type PlaceMatcher, placeMatcher } from './places.ts';
export { type AreaGeometry, pointInPolygon, validateGeometry } from './geometry.ts';
export { inRanges, parseRanges } from './ranges.ts';
export { importStreetsCsv, type ImportMode, type RowError } from './streets.service.ts';
export { normalizeHouseNumber } from './points.ts';
export { importAddressPoints, locateFollows } from './points.service.ts';
