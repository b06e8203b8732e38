// Import: resident CSV with a column mapping read from the file's header in the browser and a consent proof. The
// server runs the import in the background; the page follows the run (progress bar, then the row-by-row report) and
// picks up a run still going when it is opened again.
import { Options } from '../../components/Pickers.tsx';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextArea } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { guessColumn, previewCsv } from './csvPreview.ts';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { GeoContext, ResidentImportResult } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

/** The server takes files up to 25 MB (about 100,000 rows of a typical export). */
export const MAX_MB = 25;
const MAX_BYTES = MAX_MB * 1024 * 1024;
const POLL_MS = 500;
const TARGETS = ['phone', 'email', 'name', 'street', 'houseNumber', 'postcode', 'topics', 'tags'] as const;
type Target = (typeof TARGETS)[number];
const GUESSES: Record<Target, string[]> = {
  phone: ['phone', 'telefon', 'mobil', 'handy', 'mobile', 'telefonnummer', 'tel'],
  email: ['email', 'e-mail', 'mail'],
  name: ['name', 'nachname', 'vollständigername'],
  street: ['street', 'strasse', 'straße'],
  houseNumber: ['housenumber', 'hausnummer', 'nr'],
  postcode: ['postcode', 'plz', 'postleitzahl'],
  topics: ['topics', 'themen', 'thema'],
  tags: ['tags', 'schlagwörter', 'schlagworte', 'gruppen', 'gruppe'],
};
const label: Record<Target, MessageKey> = {
  phone: 'geo.field.phone',
  email: 'geo.field.email',
  name: 'geo.field.name',
  street: 'geo.field.street',
  houseNumber: 'geo.field.houseNumber',
  postcode: 'geo.field.postcode',
  topics: 'geo.field.topics',
  tags: 'geo.field.tags',
};
type Mapping = Record<Target, string>;
const NO_MAPPING: Mapping = { phone: '', email: '', name: '', street: '', houseNumber: '', postcode: '', topics: '', tags: '' };

/** A background import as GET /residents/imports/:id returns it. */
interface ImportRun {
  id: string;
  status: 'queued' | 'validating' | 'writing' | 'done' | 'failed';
  total: number;
  validated: number;
  written: number;
  toWrite: number | null;
  report: (ResidentImportResult & { moreErrors: number }) | null;
  error: string | null;
}
const isActive = (run: ImportRun | null): run is ImportRun => run !== null && run.status !== 'done' && run.status !== 'failed';

export function ResidentImportView({ ctx }: { ctx: GeoContext }) {
  const { t, locale } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string; header: string[]; rows: number } | null>(null);
  const [mapping, setMapping] = useState<Mapping>(NO_MAPPING);
  const [proof, setProof] = useState('');
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Partial<Record<'file' | 'phone' | 'proof', string>>>({});
  const [tooLargeMb, setTooLargeMb] = useState<string | null>(null);
  const [run, setRun] = useState<ImportRun | null>(null);
  const errors = { ...fieldErrorMap(error), ...local } as Record<string, string | undefined>;
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB');
  const running = isActive(run);

  // a run started earlier (another visit, another tab) that is still going is shown again
  useEffect(() => {
    let stop = false;
    api
      .get<{ items: ImportRun[] }>(tenantPath(ctx.slug, '/residents/imports'))
      .then(({ items }) => {
        if (!stop && isActive(items[0] ?? null)) setRun((current) => current ?? items[0]);
      })
      .catch(() => {});
    return () => {
      stop = true;
    };
  }, [ctx.slug]);

  // each answer schedules the next look while the run is going
  useEffect(() => {
    if (!isActive(run)) return;
    let stop = false;
    const timer = setTimeout(async () => {
      try {
        const next = await api.get<ImportRun>(tenantPath(ctx.slug, `/residents/imports/${run.id}`));
        if (!stop) setRun(next);
      } catch (e) {
        if (stop) return;
        if (e instanceof ApiError && e.status === 0)
          setRun({ ...run }); // offline for a moment: look again
        else setError(e);
      }
    }, POLL_MS);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [run, ctx.slug]);

  const choose = async (chosen: File | undefined) => {
    setRun((current) => (isActive(current) ? current : null));
    setError(null);
    setLocal({});
    setTooLargeMb(null);
    setFile(null);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setTooLargeMb(new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(chosen.size / 1024 / 1024));
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
    if (!file) problems.file = tooLargeMb ? t('geo.import.tooLarge', { size: tooLargeMb, max: MAX_MB }) : t('geo.chooseFile');
    if (file && !mapping.phone) problems.phone = t('geo.import.phoneRequired');
    if (proof.trim().length < 3) problems.proof = t('geo.import.proofRequired');
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length || !file) return;
    const chosen = Object.fromEntries(TARGETS.filter((k) => mapping[k]).map((k) => [k, mapping[k]]));
    setBusy(true);
    setRun(null);
    try {
      setRun(
        await api.post<ImportRun>(tenantPath(ctx.slug, '/residents/imports'), {
          csv: file.text,
          mapping: chosen,
          consentProof: proof.trim(),
          mode: allOrNothing ? 'all-or-nothing' : 'valid-rows',
        }),
      );
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const serverTooLarge = error instanceof ApiError && error.status === 413;

  let progress: { text: string; value?: number; max?: number } | null = null;
  if (busy) progress = { text: t('geo.import.uploading') };
  else if (run?.status === 'queued') progress = { text: t('geo.import.queued') };
  else if (run?.status === 'validating')
    progress = {
      text: t('geo.import.validating', { done: number.format(run.validated), total: number.format(run.total) }),
      value: run.validated,
      max: Math.max(run.total, 1),
    };
  else if (run?.status === 'writing')
    progress = {
      text: t('geo.import.writing', { done: number.format(run.written), total: number.format(run.toWrite ?? 0) }),
      value: run.written,
      max: Math.max(run.toWrite ?? 0, 1),
    };
  const report = run?.status === 'done' ? run.report : null;

  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-describedby="import-intro">
      <p id="import-intro">{t('geo.import.intro', { max: MAX_MB })}</p>
      {serverTooLarge ? (
        <p className="alert alert-error" role="alert">
          {t('geo.import.tooLargeServer', { max: MAX_MB })}
        </p>
      ) : (
        <Problem error={error} />
      )}
      <div className="field">
        <label htmlFor="import-file">{t('geo.import.file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          onChange={(e) => void choose(e.target.files?.[0])}
          aria-invalid={errors.file || errors.csv ? true : undefined}
          aria-describedby={errors.file || errors.csv ? 'import-file-error' : file ? 'import-file-info' : undefined}
        />
        {file ? (
          <p className="hint" id="import-file-info">
            {t('geo.import.fileInfo', { rows: number.format(file.rows), columns: file.header.length })}
          </p>
        ) : null}
        {errors.file || errors.csv ? (
          <p className="field-error" id="import-file-error" role="alert">
            {errors.file ?? errors.csv}
          </p>
        ) : null}
      </div>
      {tooLargeMb && !errors.file ? (
        <p className="alert alert-warning" role="alert" data-testid="import-too-large">
          {t('geo.import.tooLarge', { size: tooLargeMb, max: MAX_MB })}
        </p>
      ) : null}
      {file ? (
        <Fieldset legend={t('geo.import.mapping')} hint={t('geo.import.mappingHint')}>
          {TARGETS.map((k) => (
            <SelectField
              key={k}
              id={`import-map-${k}`}
              data-testid={`import-map-${k}`}
              label={t(label[k])}
              required={k === 'phone'}
              value={mapping[k]}
              onChange={(e) => setMapping((m) => ({ ...m, [k]: e.target.value }))}
              error={errors[k === 'phone' ? 'phone' : `mapping.${k}`] ?? errors[`mapping.${k}`]}
            >
              <Options
                blank={k === 'phone' ? t('geo.import.chooseColumn') : t('geo.import.notImported')}
                choices={file.header.map((h) => ({ value: h, label: h }))}
              />
            </SelectField>
          ))}
        </Fieldset>
      ) : null}
      <TextArea
        id="import-proof"
        data-testid="import-proof"
        rows={3}
        required
        label={t('geo.import.proof')}
        hint={t('geo.import.proofHint')}
        value={proof}
        onValue={setProof}
        error={errors.proof ?? errors.consentProof}
      />
      <Checkbox id="import-all-or-nothing" label={t('geo.allOrNothing')} hint={t('geo.allOrNothingHint')} checked={allOrNothing} onChecked={setAllOrNothing} />
      <button type="submit" className="button-primary" disabled={busy || running} data-testid="import-submit">
        {t('geo.import.submit')}
      </button>
      {/* always in the page, so screen readers announce each change of the progress text */}
      <div role="status" data-testid="import-progress">
        {progress ? (
          <>
            <label htmlFor="import-progress-bar">{t('geo.import.running')}</label>
            <progress id="import-progress-bar" className="import-progress" value={progress.value} max={progress.max} />
            <p data-testid="import-progress-text">{progress.text}</p>
          </>
        ) : null}
      </div>
      {run?.status === 'failed' ? (
        <p className="alert alert-error" role="alert" data-testid="import-failed">
          {t('geo.import.failed', { error: run.error ?? '' })}
        </p>
      ) : null}
      {report ? (
        <section data-testid="import-report" aria-labelledby="import-report-heading">
          <h3 id="import-report-heading">{t('geo.import.reportHeading')}</h3>
          <p role="status">
            {report.committed
              ? t('geo.import.reportDone', {
                  imported: number.format(report.imported),
                  created: number.format(report.created),
                  updated: number.format(report.updated),
                  merged: number.format(report.merged),
                  total: number.format(report.total),
                })
              : t('geo.import.reportNothing', { total: number.format(report.total), errors: number.format(report.errors.length + report.moreErrors) })}
          </p>
          <RowErrorTable errors={report.errors} caption={t('geo.reportCaption')} />
          {report.moreErrors > 0 ? <p data-testid="import-more-errors">{t('geo.import.moreErrors', { count: number.format(report.moreErrors) })}</p> : null}
        </section>
      ) : null}
    </form>
  );
}
