// Who works a report: claim it, or give it to a department and/or a person. (The inbox's AssignControls is bound to
// conversations, with tags and merging, so reports have their own; the pickers are the shared components/Pickers.)
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { AssignPickers } from '../../components/Pickers.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { type ReportDetail, type ReportsContext, useReportLookups } from './types.ts';
import { useReportAction } from './useReportAction.ts';

interface Props {
  ctx: ReportsContext;
  report: ReportDetail;
  path: string;
}

export function AssignControls({ ctx, report: r, path }: Props) {
  const { t } = useI18n();
  const lookups = useReportLookups(ctx.slug);
  const [departmentId, setDepartmentId] = useState(r.departmentId ?? '');
  const [assigneeId, setAssigneeId] = useState(r.assigneeId ?? '');
  const [unchanged, setUnchanged] = useState(false);
  const { error, done, run, busy } = useReportAction(path);

  // a colleague's change (or a claim) shows in the pickers
  useEffect(() => setDepartmentId(r.departmentId ?? ''), [r.departmentId]);
  useEffect(() => setAssigneeId(r.assigneeId ?? ''), [r.assigneeId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: { departmentId?: string | null; assigneeId?: string | null } = {};
    if (departmentId !== (r.departmentId ?? '')) body.departmentId = departmentId || null;
    if (assigneeId !== (r.assigneeId ?? '')) body.assigneeId = assigneeId || null;
    setUnchanged(Object.keys(body).length === 0);
    if (Object.keys(body).length === 0) return;
    void run(() => api.post(`${path}/assign`, body), t('reports.assign.done'));
  };
  // members of the chosen department first: they are who usually takes it
  const labels = {
    department: t('reports.department'),
    person: t('reports.person'),
    unassigned: t('reports.unassigned'),
    noDepartment: t('reports.assign.noDepartment'),
  };
  const staff = [...lookups.staff].sort((a, b) => Number(b.departmentId === departmentId) - Number(a.departmentId === departmentId));

  return (
    <section aria-labelledby="report-assign-heading" className="card" data-testid="report-assign-controls">
      <h3 id="report-assign-heading">{t('reports.assign.title')}</h3>
      <Problem error={error} />
      {r.assigneeId !== ctx.userId ? (
        <p>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => api.post(`${path}/assign`, { claim: true }), t('reports.assign.claimed'))}
            data-testid="claim"
          >
            {t('reports.assign.claim')}
          </button>
        </p>
      ) : null}
      <form onSubmit={submit}>
        <AssignPickers labels={labels} lookups={{ ...lookups, staff }} department={[departmentId, setDepartmentId]} person={[assigneeId, setAssigneeId]} />
        {unchanged ? (
          <p className="hint" role="status">
            {t('reports.assign.unchanged')}
          </p>
        ) : null}
        <button type="submit" disabled={busy} data-testid="assign-submit">
          {t('reports.assign.submit')}
        </button>
      </form>
      <Success>{done}</Success>
    </section>
  );
}
