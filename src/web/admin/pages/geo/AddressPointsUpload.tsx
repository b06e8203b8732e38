// Adresspunkte: coordinates for the street directory from a CSV (lat/lon columns) or a GeoJSON file of points (e.g. an
// OpenStreetMap export); residents on those streets get coordinates, so drawn areas reach them.
import { type FormEvent, useRef, useState } from 'react';
import { request, tenantPath } from '../../api.ts';
import { Checkbox } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { PointImportResult } from './types.ts';

export function AddressPointsUpload({ slug, onImported }: { slug: string; onImported: () => void }) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<PointImportResult | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    setMissingFile(!chosen);
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const query = allOrNothing ? '?mode=all-or-nothing' : '';
      // the server tells CSV from GeoJSON by the content type
      const contentType = /\.csv$/i.test(chosen.name) || chosen.type === 'text/csv' ? 'text/csv' : 'application/json';
      const result = await request<PointImportResult>('POST', tenantPath(slug, `/streets/points${query}`), { raw: { data: chosen, contentType } });
      setReport(result);
      onImported();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-labelledby="points-upload-heading">
      <h3 id="points-upload-heading">{t('geo.points.upload')}</h3>
      <p className="hint">{t('geo.points.uploadHint')}</p>
      <Problem error={error} />
      <div className="field">
        <label htmlFor="points-file">{t('geo.points.file')}</label>
        <input ref={file} id="points-file" type="file" accept=".csv,.geojson,.json,text/csv,application/json,application/geo+json" data-testid="points-upload" aria-invalid={missingFile || undefined} aria-describedby={missingFile ? 'points-file-error' : undefined} />
        {missingFile ? (
          <p className="field-error" id="points-file-error" role="alert">
            {t('geo.chooseFile')}
          </p>
        ) : null}
      </div>
      <Checkbox id="points-all-or-nothing" label={t('geo.allOrNothing')} hint={t('geo.allOrNothingHint')} checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />
      <button type="submit" className="button-primary" disabled={busy} data-testid="points-upload-submit">
        {t('geo.points.uploadSubmit')}
      </button>
      {busy ? <p role="status">{t('geo.uploading')}</p> : null}
      {report ? (
        <div data-testid="points-report">
          <p role="status">
            {report.committed ? t('geo.points.reportImported', { count: report.imported, streets: report.streetsAdded, residents: report.residentsPlaced }) : t('geo.streets.reportNothing')}
          </p>
          <RowErrorTable errors={report.errors} caption={t('geo.reportCaption')} />
        </div>
      ) : null}
    </form>
  );
}
