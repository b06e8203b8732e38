// Address points for the street directory, read from a CSV with lat/lon columns or from GeoJSON Point features
// (e.g. an OpenStreetMap export with addr:street / addr:housenumber / addr:postcode). Reading only; no database.
import { parseCsvColumns } from './csv.ts';
import type { RowError } from './streets.service.ts';

export interface AddressPoint {
  /** Line in the CSV file, or the feature's number (1-based) in a GeoJSON file. */
  line: number;
  street: string;
  postcode: string;
  /** Normalised; '' = a point for the whole street. */
  houseNumber: string;
  lat: number;
  lng: number;
}

/** One spelling per house number, so "12 a" on the form finds the point of "12A" in the file. */
export const normalizeHouseNumber = (h: string | null | undefined) => (h ?? '').toLowerCase().replace(/\s+/g, '');

const COLUMNS = {
  street: ['street', 'strasse', 'straße', 'streetname', 'strassenname', 'addr:street'],
  houseNumber: ['housenumber', 'hausnummer', 'nr', 'addr:housenumber'],
  postcode: ['postcode', 'plz', 'postleitzahl', 'zip', 'addr:postcode'],
  lat: ['lat', 'latitude', 'breite', 'breitengrad', 'y'],
  lng: ['lon', 'lng', 'long', 'longitude', 'länge', 'laenge', 'längengrad', 'x'],
} as const;

const MAX_ERRORS = 200;
const number = (text: string) => (text && /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN);

function checkPoint(
  line: number,
  street: string,
  postcode: string,
  houseNumber: string,
  lat: number,
  lng: number,
  names: { street: string; lat: string; lng: string },
): { point?: AddressPoint; errors: RowError[] } {
  const errors: RowError[] = [];
  if (!street) errors.push({ line, field: names.street, detail: 'is empty' });
  else if (street.length > 200) errors.push({ line, field: names.street, detail: 'is longer than 200 characters' });
  if (postcode && !/^\d{4,5}$/.test(postcode)) errors.push({ line, field: 'postcode', detail: `"${postcode}" is not a postcode (4 or 5 digits)` });
  if (houseNumber.length > 20) errors.push({ line, field: 'houseNumber', detail: 'is longer than 20 characters' });
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) errors.push({ line, field: names.lat, detail: 'is not a latitude (−90 to 90, decimal degrees)' });
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) errors.push({ line, field: names.lng, detail: 'is not a longitude (−180 to 180, decimal degrees)' });
  return errors.length ? { errors } : { errors, point: { line, street, postcode, houseNumber: normalizeHouseNumber(houseNumber), lat, lng } };
}

/** A CSV with street, lat and lon columns; house number and postcode are optional (no house number = the street's point). */
export function readPointsCsv(text: string): { points: AddressPoint[]; errors: RowError[] } {
  const { records, col, errors } = parseCsvColumns(text, COLUMNS);
  if (!col.lat || !col.lng)
    errors.push({ line: 1, field: col.lat ? 'lon' : 'lat', detail: 'an address point file needs lat and lon columns (decimal degrees, WGS 84)' });
  if (errors.length) return { points: [], errors };
  const points: AddressPoint[] = [];
  for (const { line, values: v } of records) {
    const checked = checkPoint(
      line,
      v[col.street!],
      col.postcode ? v[col.postcode] : '',
      col.houseNumber ? v[col.houseNumber] : '',
      number(v[col.lat!]),
      number(v[col.lng!]),
      { street: 'street', lat: 'lat', lng: 'lon' },
    );
    if (checked.point) points.push(checked.point);
    else if (errors.length < MAX_ERRORS) errors.push(...checked.errors);
  }
  return { points, errors };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A GeoJSON FeatureCollection of Point features; the address comes from `addr:*` properties (or street/housenumber/postcode). */
export function readPointsGeoJson(input: unknown): { points: AddressPoint[]; errors: RowError[] } {
  const features =
    input && typeof input === 'object' && (input as { type?: unknown }).type === 'FeatureCollection' ? (input as { features?: unknown }).features : undefined;
  if (!Array.isArray(features)) return { points: [], errors: [{ line: 0, field: 'type', detail: 'expected a GeoJSON FeatureCollection of Point features' }] };
  const points: AddressPoint[] = [];
  const errors: RowError[] = [];
  features.forEach((f: unknown, i) => {
    const feature = (f && typeof f === 'object' ? f : {}) as {
      geometry?: { type?: unknown; coordinates?: unknown };
      properties?: Record<string, unknown> | null;
    };
    const p = feature.properties ?? {};
    const coordinates = feature.geometry?.type === 'Point' && Array.isArray(feature.geometry.coordinates) ? feature.geometry.coordinates : null;
    let checked: { point?: AddressPoint; errors: RowError[] };
    if (!coordinates) checked = { errors: [{ line: i + 1, field: 'geometry', detail: 'is not a Point' }] };
    else {
      const [lng, lat] = coordinates.map((c) => (typeof c === 'number' ? c : Number.NaN));
      checked = checkPoint(
        i + 1,
        text(p['addr:street'] ?? p.street),
        text(p['addr:postcode'] ?? p.postcode),
        text(p['addr:housenumber'] ?? p.housenumber),
        lat,
        lng,
        { street: 'addr:street', lat: 'coordinates', lng: 'coordinates' },
      );
    }
    if (checked.point) points.push(checked.point);
    else if (errors.length < MAX_ERRORS) errors.push(...checked.errors);
  });
  return { points, errors };
}
