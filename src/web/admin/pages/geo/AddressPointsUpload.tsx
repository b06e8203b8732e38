// Adresspunkte: coordinates for the street directory from a CSV (lat/lon columns) or a GeoJSON file of points (e.g. an
// OpenStreetMap export); residents on those streets get coordinates, so drawn areas reach them.
import { useI18n } from '../../i18n.tsx';
import { FileImportForm } from './FileImportForm.tsx';
import type { PointImportResult } from './types.ts';

// the server tells CSV from GeoJSON by the content type
const contentType = (file: File) => (/\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/json');

export function AddressPointsUpload({ slug, onImported }: { slug: string; onImported: () => void }) {
  const { t } = useI18n();
  return (
    <FileImportForm<PointImportResult>
      id="points"
      slug={slug}
      path="/streets/points"
      heading={t('geo.points.upload')}
      hint={t('geo.points.uploadHint')}
      fileLabel={t('geo.points.file')}
      accept=".csv,.geojson,.json,text/csv,application/json,application/geo+json"
      submitLabel={t('geo.points.uploadSubmit')}
      contentType={contentType}
      summary={(report) =>
        report.committed
          ? t('geo.points.reportImported', { count: report.imported, streets: report.streetsAdded, residents: report.residentsPlaced })
          : t('geo.streets.reportNothing')
      }
      onImported={onImported}
    />
  );
}
