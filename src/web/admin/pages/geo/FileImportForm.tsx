// One upload form for the geo imports that answer row by row (streets, address points): a file, the all-or-nothing
// switch, a busy note while the file travels, and the report with its problem table.
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { request, tenantPath } from '../../api.ts';
import { Checkbox, Field } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { RowErrorTable } from './RowErrorTable.tsx';
import type { RowError } from './types.ts';

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
      <Checkbox
        id={`${id}-all-or-nothing`}
        label={t('geo.allOrNothing')}
        hint={t('geo.allOrNothingHint')}
        checked={allOrNothing}
        onChange={(e) => setAllOrNothing(e.target.checked)}
      />
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
