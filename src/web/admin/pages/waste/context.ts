// What every Abfallkalender page gets: the municipality, whether the user may change things, and the lists the forms
// choose from (types, districts, the street directory).
import type { WasteDistrict, WasteType } from '../../../../common/contracts/waste.ts';
import { tenantPath } from '../../api.ts';
import type { Street } from '../geo/types.ts';

export interface WasteCtx {
  slug: string;
  canManage: boolean;
  types: WasteType[];
  districts: WasteDistrict[];
  streets: Street[];
}

export const wastePath = (slug: string, rest = '') => tenantPath(slug, `/waste${rest}`);
