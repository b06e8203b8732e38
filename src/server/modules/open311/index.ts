// Open311 GeoReport v2 (/open311/v2/): integrators read categories and reports and file reports with an API key;
// everything goes through the reports module, the municipality is named by jurisdiction_id.
export { OPEN311_LIMITS, OPEN311_PREFIX } from './open311.kit.ts';
export { open311DateTime } from './open311.map.ts';
export { REQUEST_LIST_CAP } from './open311.queries.ts';
export { open311Routes } from './open311.routes.ts';
