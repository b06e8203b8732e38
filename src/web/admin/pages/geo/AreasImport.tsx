// GeoJSON import of areas (a FeatureCollection, name from properties.name): all or none, each problem with its JSON pointer.
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, api, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';

export function AreasImport({ slug, onImported }: { slug: string; onImported: () => void }) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pointerErrors = error instanceof ApiError ? error.fieldErrors : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocal(null);
    setError(null);
    setDone(null);
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      setLocal(t('geo.chooseFile'));
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(await chosen.text());
    } catch {
      setLocal(t('geo.areas.notJson'));
      return;
    }
    setBusy(true);
    try {
      const result = await api.post<{ imported: number }>(tenantPath(slug, '/areas/import'), doc);
      setDone(t('geo.areas.imported', { count: result.imported }));
      if (file.current) file.current.value = '';
      onImported();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-labelledby="areas-import-heading">
      <h3 id="areas-import-heading">{t('geo.areas.importHeading')}</h3>
      <p className="hint" id="areas-import-hint">
        {t('geo.areas.importHint')}
      </p>
      <Field id="areas-file" label={t('geo.areas.importFile')} error={local ?? undefined} describedBy="areas-import-hint">
        {(a11y) => <input ref={file} type="file" accept=".geojson,.json,application/geo+json,application/json" data-testid="areas-import" {...a11y} />}
      </Field>
      <button type="submit" className="button-primary" disabled={busy} data-testid="areas-import-submit">
        {t('geo.areas.importSubmit')}
      </button>
      <Problem error={error} />
      <Success>{done}</Success>
      {pointerErrors.length > 0 ? (
        <div data-testid="areas-import-errors">
          <DataTable
            caption={t('geo.areas.importErrors')}
            captionVisible
            rows={pointerErrors}
            rowKey={(e) => `${e.pointer}-${e.detail}`}
            columns={[
              { key: 'pointer', header: t('geo.areas.pointer'), rowHeader: true, cell: (e) => <code>{e.pointer.replace(/^\/body/, '') || '/'}</code> },
              { key: 'problem', header: t('geo.report.problem'), cell: (e) => e.detail },
            ]}
          />
        </div>
      ) : null}
    </form>
  );
}
