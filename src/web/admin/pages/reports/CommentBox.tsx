// A comment on a report: internal (staff only) or public (on the portal; it also counts as the first response).
import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { SelectField, TextArea } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { focusFirst, reportFieldErrors } from './errors.ts';
import { useReportAction } from './useReportAction.ts';

export function CommentBox({ path }: { path: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'internal' | 'public'>('internal');
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const { error, done, run, busy } = useReportAction(path, () => setBody(''));
  const errors = reportFieldErrors(error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!body.trim());
    if (!body.trim()) {
      focusFirst(['comment-body']);
      return;
    }
    void run(() => api.post(`${path}/comments`, { kind, body: body.trim() }), kind === 'public' ? t('reports.comment.donePublic') : t('reports.comment.done'));
  };

  return (
    <section aria-labelledby="report-comment-heading" className="card">
      <h3 id="report-comment-heading">{t('reports.comment.title')}</h3>
      <form onSubmit={submit} noValidate>
        <Problem error={error} />
        <SelectField
          id="comment-kind"
          label={t('reports.comment.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as 'internal' | 'public')}
          data-testid="comment-kind"
        >
          <option value="internal">{t('reports.comment.internal')}</option>
          <option value="public">{t('reports.comment.public')}</option>
        </SelectField>
        <TextArea
          id="comment-body"
          rows={3}
          label={t('reports.comment.body')}
          hint={kind === 'public' ? t('reports.comment.publicHint') : t('reports.comment.internalHint')}
          value={body}
          maxLength={4000}
          onValue={setBody}
          error={empty ? t('reports.comment.empty') : errors.body}
          data-testid="comment-body"
        />
        <button type="submit" disabled={busy} data-testid="comment-submit">
          {t('reports.comment.submit')}
        </button>
        <Success>{done}</Success>
      </form>
    </section>
  );
}
