// Geography for targeting: streets with house number ranges, areas as polygons, audience resolution and coverage.
export { type AudienceQuery, matchAudience, previewAudience, type Recipient, resolveAudience, WARNING_TOPIC } from './audience.service.ts';
export { coverage } from './coverage.service.ts';
export { findColumn, parseCsv } from './csv.ts';
export { geoRoutes } from './geo.routes.ts';
export { type AreaGeometry, pointInPolygon, validateGeometry } from './geometry.ts';
export { inRanges, parseRanges } from './ranges.ts';
export { importStreetsCsv, type ImportMode, type RowError } from './streets.service.ts';
