// One upload form for the geo imports that answer row by row (streets, address points): a file, the all-or-nothing
// switch, a busy note while the file travels, and the report with its problem table. `GeoFileImport` declares the two
// imports (streets: a CSV list; address points: CSV with lat/lon or a GeoJSON file of points, e.g. an OpenStreetMap
// export, which gives residents on those streets coordinates).
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { request, tenantPath } from '../../api.ts';
import { Checkbox, Field } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { PointImportResult, RowError, StreetImportResult } from './types.ts';

interface Report {
  committed: boolean;
  errors: RowError[];
}

interface Props<R extends Report> {
  /** Prefix of the element ids and test ids, e.g. `streets` → `streets-file`, `streets-upload-submit`. */
  id: string;
  slug: string;
  /** API path under the tenant, without the query. */
  path: string;
  heading: ReactNode;
  hint: ReactNode;
  fileLabel: ReactNode;
  accept: string;
  submitLabel: ReactNode;
  contentType: (file: File) => string;
  summary: (report: R) => string;
  onImported: () => void;
}

export function FileImportForm<R extends Report>({
  id,
  slug,
  path,
  heading,
  hint,
  fileLabel,
  accept,
  submitLabel,
  contentType,
  summary,
  onImported,
}: Props<R>) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<R | null>(null);
  const upload = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    setMissingFile(!chosen);
    if (!chosen) return;
    setReport(null);
    upload.handle(async () => {
      const query = allOrNothing ? '?mode=all-or-nothing' : '';
      setReport(await request<R>('POST', tenantPath(slug, `${path}${query}`), { raw: { data: chosen, contentType: contentType(chosen) } }));
      onImported();
    })();
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-labelledby={`${id}-upload-heading`}>
      <h3 id={`${id}-upload-heading`}>{heading}</h3>
      <p className="hint">{hint}</p>
      <Problem error={upload.error} />
      <Field id={`${id}-file`} label={fileLabel} error={missingFile ? t('geo.chooseFile') : undefined}>
        {(a11y) => <input ref={file} type="file" accept={accept} data-testid={`${id}-upload`} {...a11y} />}
      </Field>
      <Checkbox id={`${id}-all-or-nothing`} label={t('geo.allOrNothing')} hint={t('geo.allOrNothingHint')} checked={allOrNothing} onChecked={setAllOrNothing} />
      <SubmitButton busy={upload.busy} testId={`${id}-upload-submit`}>
        {submitLabel}
      </SubmitButton>
      {upload.busy ? <p role="status">{t('geo.uploading')}</p> : null}
      {report ? (
        <div data-testid={`${id}-report`}>
          <p role="status">{summary(report)}</p>
          <RowErrorTable errors={report.errors} caption={t('geo.reportCaption')} />
        </div>
      ) : null}
    </form>
  );
}

/** The geo imports: their API path, the files they take and how the server tells CSV from GeoJSON (the content type). */
const GEO_IMPORTS = {
  streets: { path: '/streets/import', accept: '.csv,text/csv', contentType: () => 'text/csv' },
  points: {
    path: '/streets/points',
    accept: '.csv,.geojson,.json,text/csv,application/json,application/geo+json',
    contentType: (file: File) => (/\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/json'),
  },
} as const;

export function GeoFileImport({ kind, slug, onImported }: { kind: keyof typeof GEO_IMPORTS; slug: string; onImported: () => void }) {
  const { t } = useI18n();
  const summary = (report: StreetImportResult | PointImportResult) => {
    if (!report.committed) return t('geo.streets.reportNothing');
    return 'residentsPlaced' in report
      ? t('geo.points.reportImported', { count: report.imported, streets: report.streetsAdded, residents: report.residentsPlaced })
      : t('geo.streets.reportImported', { count: report.imported });
  };
  return (
    <FileImportForm<StreetImportResult | PointImportResult>
      id={kind}
      slug={slug}
      {...GEO_IMPORTS[kind]}
      heading={t(`geo.${kind}.upload`)}
      hint={t(`geo.${kind}.uploadHint`)}
      fileLabel={t(`geo.${kind}.file`)}
      submitLabel={t(`geo.${kind}.uploadSubmit`)}
      summary={summary}
      onImported={onImported}
    />
  );
}
