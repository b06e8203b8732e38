// The map tiles the console shows for a tenant: its own tile URL, else the installation default, else none (plain
// background). The attribution belongs to the tile server, so it comes from the same place as the URL.
import type { Config } from '../../platform/config.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export interface MapSettings {
  tileUrl: string | null;
  attribution: string | null;
  source: 'tenant' | 'installation' | 'none';
  installation: { tileUrl: string | null; attribution: string | null };
}

export function mapSettings(config: Config, tenant: TenantRow): MapSettings {
  const installation = { tileUrl: config.map.tileUrl, attribution: config.map.tileUrl ? config.map.attribution : null };
  if (tenant.mapTileUrl) return { tileUrl: tenant.mapTileUrl, attribution: tenant.mapAttribution, source: 'tenant', installation };
  if (installation.tileUrl) return { ...installation, source: 'installation', installation };
  return { tileUrl: null, attribution: null, source: 'none', installation };
}
