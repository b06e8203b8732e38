// Shapes of the geo API (src/server/modules/geo): streets, areas, map tiles, coverage and the resident import report.
export interface RowError {
  line: number;
  field: string;
  detail: string;
}

export interface Street {
  id: string;
  name: string;
  postcode: string;
  district: string | null;
  ranges: Array<{ from: number; to: number; parity?: 'odd' | 'even' }>;
  population: number | null;
}

export interface StreetImportResult {
  imported: number;
  committed: boolean;
  errors: RowError[];
}

export type Position = [number, number]; // [longitude, latitude]
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Area {
  id: string;
  name: string;
  geometry: AreaGeometry;
  population: number | null;
}

export interface CoverageRow {
  kind: 'street' | 'area';
  id: string;
  name: string;
  postcode?: string;
  registered: number;
  population: number | null;
  share: number | null;
}

export interface Coverage {
  totals: { registered: number; population: number | null; share: number | null };
  items: CoverageRow[];
}

export interface ResidentImportResult {
  total: number;
  imported: number;
  created: number;
  updated: number;
  merged: number;
  committed: boolean;
  errors: RowError[];
}

/** The tiles a map shows; no tile URL means a plain background. */
export interface MapTiles {
  tileUrl: string | null;
  attribution: string | null;
}

/** GET /map: the tiles in effect and where they come from. */
export interface MapSettings extends MapTiles {
  source: 'tenant' | 'installation' | 'none';
  installation: MapTiles;
}

export interface GeoContext {
  slug: string;
  canManage: boolean;
}
