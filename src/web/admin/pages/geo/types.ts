// Shapes of the geo API (src/server/modules/geo): streets, areas, map tiles, coverage and the resident import report.
import type { ListedStreet } from '../../../../common/contracts/geo.ts';

// the answers of the geo API are declared once, in src/common/contracts
export type { RowError } from '../../../../common/contracts/common.ts';
export type {
  Area,
  AreaGeometry,
  Coverage,
  CoverageRow,
  MapSettings,
  MapTiles,
  PointImportResult,
  Position,
  StreetImportResult,
} from '../../../../common/contracts/geo.ts';
export type { ResidentImportResult } from '../../../../common/contracts/residents.ts';

/** A street as the list shows it, with its count of address points. */
export type Street = ListedStreet;

export interface GeoContext {
  slug: string;
  canManage: boolean;
}
