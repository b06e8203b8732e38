// Import: resident CSV with a column mapping read from the file's header in the browser, a consent proof, and the
// row-by-row report; at most 5,000 rows per request (bigger files must be split).
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextArea } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { guessColumn, previewCsv } from './csvPreview.ts';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { GeoContext, ResidentImportResult } from './types.ts';

export const MAX_ROWS = 5000;
const TARGETS = ['phone', 'email', 'name', 'street', 'houseNumber', 'postcode', 'topics'] as const;
type Target = (typeof TARGETS)[number];
const GUESSES: Record<Target, string[]> = {
  phone: ['phone', 'telefon', 'mobil', 'handy', 'mobile', 'telefonnummer', 'tel'],
  email: ['email', 'e-mail', 'mail'],
  name: ['name', 'nachname', 'vollständigername'],
  street: ['street', 'strasse', 'straße'],
  houseNumber: ['housenumber', 'hausnummer', 'nr'],
  postcode: ['postcode', 'plz', 'postleitzahl'],
  topics: ['topics', 'themen', 'thema'],
};
const label: Record<Target, MessageKey> = {
  phone: 'geo.field.phone',
  email: 'geo.field.email',
  name: 'geo.field.name',
  street: 'geo.field.street',
  houseNumber: 'geo.field.houseNumber',
  postcode: 'geo.field.postcode',
  topics: 'geo.field.topics',
};
type Mapping = Record<Target, string>;
const NO_MAPPING: Mapping = { phone: '', email: '', name: '', street: '', houseNumber: '', postcode: '', topics: '' };

export function ResidentImportView({ ctx }: { ctx: GeoContext }) {
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string; header: string[]; rows: number } | null>(null);
  const [mapping, setMapping] = useState<Mapping>(NO_MAPPING);
  const [proof, setProof] = useState('');
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Partial<Record<'file' | 'phone' | 'proof', string>>>({});
  const [report, setReport] = useState<ResidentImportResult | null>(null);
  const errors = { ...fieldErrorMap(error), ...local } as Record<string, string | undefined>;
  const tooLarge = file !== null && file.rows > MAX_ROWS;

  const choose = async (chosen: File | undefined) => {
    setReport(null);
    setError(null);
    setLocal({});
    if (!chosen) {
      setFile(null);
      return;
    }
    const text = await chosen.text();
    const { header, rows } = previewCsv(text);
    setFile({ name: chosen.name, text, header, rows });
    setMapping(Object.fromEntries(TARGETS.map((k) => [k, guessColumn(header, GUESSES[k])])) as Mapping);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof local = {};
    if (!file) problems.file = t('geo.chooseFile');
    else if (tooLarge) problems.file = t('geo.import.tooLarge', { rows: file.rows, max: MAX_ROWS });
    if (file && !mapping.phone) problems.phone = t('geo.import.phoneRequired');
    if (proof.trim().length < 3) problems.proof = t('geo.import.proofRequired');
    setLocal(problems);
    setError(null);
    setReport(null);
    if (Object.keys(problems).length || !file) return;
    const chosen = Object.fromEntries(TARGETS.filter((k) => mapping[k]).map((k) => [k, mapping[k]]));
    setBusy(true);
    try {
      setReport(await api.post<ResidentImportResult>(tenantPath(ctx.slug, '/residents/import'), { csv: file.text, mapping: chosen, consentProof: proof.trim(), mode: allOrNothing ? 'all-or-nothing' : 'valid-rows' }));
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const serverTooLarge = error instanceof ApiError && error.status === 413;

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-describedby="import-intro">
      <p id="import-intro">{t('geo.import.intro', { max: MAX_ROWS })}</p>
      {serverTooLarge ? (
        <p className="alert alert-error" role="alert">
          {t('geo.import.tooLargeServer', { max: MAX_ROWS })}
        </p>
      ) : (
        <Problem error={error} />
      )}
      <div className="field">
        <label htmlFor="import-file">{t('geo.import.file')}</label>
        <input id="import-file" type="file" accept=".csv,text/csv" data-testid="import-file" onChange={(e) => void choose(e.target.files?.[0])} aria-invalid={errors.file ? true : undefined} aria-describedby={errors.file ? 'import-file-error' : file ? 'import-file-info' : undefined} />
        {file ? (
          <p className="hint" id="import-file-info">
            {t('geo.import.fileInfo', { rows: file.rows, columns: file.header.length })}
          </p>
        ) : null}
        {errors.file ? (
          <p className="field-error" id="import-file-error" role="alert">
            {errors.file}
          </p>
        ) : null}
      </div>
      {tooLarge ? (
        <p className="alert alert-warning" role="alert" data-testid="import-too-large">
          {t('geo.import.tooLarge', { rows: file.rows, max: MAX_ROWS })}
        </p>
      ) : null}
      {file ? (
        <fieldset>
          <legend>{t('geo.import.mapping')}</legend>
          <p className="hint">{t('geo.import.mappingHint')}</p>
          {TARGETS.map((k) => (
            <SelectField key={k} id={`import-map-${k}`} data-testid={`import-map-${k}`} label={t(label[k])} required={k === 'phone'} value={mapping[k]} onChange={(e) => setMapping((m) => ({ ...m, [k]: e.target.value }))} error={errors[k === 'phone' ? 'phone' : `mapping.${k}`] ?? errors[`mapping.${k}`]}>
              <option value="">{k === 'phone' ? t('geo.import.chooseColumn') : t('geo.import.notImported')}</option>
              {file.header.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </SelectField>
          ))}
        </fieldset>
      ) : null}
      <TextArea id="import-proof" data-testid="import-proof" rows={3} required label={t('geo.import.proof')} hint={t('geo.import.proofHint')} value={proof} onChange={(e) => setProof(e.target.value)} error={errors.proof ?? errors.consentProof} />
      <Checkbox id="import-all-or-nothing" label={t('geo.allOrNothing')} hint={t('geo.allOrNothingHint')} checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />
      <button type="submit" className="button-primary" disabled={busy} data-testid="import-submit">
        {t('geo.import.submit')}
      </button>
      {busy ? (
        <div role="status">
          <label htmlFor="import-progress">{t('geo.import.running')}</label>
          <progress id="import-progress" className="import-progress" />
        </div>
      ) : null}
      {report ? (
        <section data-testid="import-report" aria-labelledby="import-report-heading">
          <h3 id="import-report-heading">{t('geo.import.reportHeading')}</h3>
          <p role="status">{report.committed ? t('geo.import.reportDone', { imported: report.imported, created: report.created, updated: report.updated, merged: report.merged, total: report.total }) : t('geo.import.reportNothing', { total: report.total, errors: report.errors.length })}</p>
          <RowErrorTable errors={report.errors} caption={t('geo.reportCaption')} />
        </section>
      ) : null}
    </form>
  );
}
