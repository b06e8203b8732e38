// Per department: its own opening hours or the municipality's ("wie Gemeinde"), its own deadlines or the
// municipality's, the lead who hears about escalations, and how new conversations find a person (in turn among the
// available members, or claimed by hand). The members and whether they take new conversations are shown.
import { Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { departmentInbox } from '../../../../common/contracts/inbox.ts';
import { DEFAULT_OPENING_HOURS, type OpeningHours } from '../../../../common/opening-hours.ts';
import { ASSIGNMENT_MODES, type AssignmentMode } from '../../../../common/states.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextField } from '../../components/Field.tsx';
import { SettingsSave, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import type { StaffMember } from '../../types.ts';
import { checkOpeningHours } from './hours.ts';
import { OpeningHoursEditor } from './OpeningHoursEditor.tsx';

export type DepartmentInbox = z.infer<typeof departmentInbox>;

const assignmentLabel: Record<AssignmentMode, MessageKey> = {
  'round-robin': 'inboxSettings.departments.roundRobin',
  claim: 'inboxSettings.departments.claim',
};

interface Props {
  slug: string;
  departments: DepartmentInbox[];
  staff: StaffMember[];
  canManage: boolean;
  onSaved: () => void;
}

export function DepartmentInboxSection({ slug, departments, staff, canManage, onSaved }: Props) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="inbox-departments-heading" data-testid="inbox-departments">
      <h3 id="inbox-departments-heading">{t('inboxSettings.departments.title')}</h3>
      <p className="hint">{t('inboxSettings.departments.hint')}</p>
      {departments.length === 0 ? <p>{t('inboxSettings.departments.none')}</p> : null}
      {departments.map((d) => (
        <DepartmentForm key={d.id} slug={slug} department={d} staff={staff} canManage={canManage} onSaved={onSaved} />
      ))}
    </section>
  );
}

const numberOrEmpty = (n: number | null) => (n === null ? '' : String(n));

/** The department's own deadlines in hours; empty keeps the municipality's. */
const DEADLINES = [
  { key: 'firstResponseHours', idPart: 'first' },
  { key: 'resolutionHours', idPart: 'resolution' },
] as const;
const hoursOrNull = (text: string) => (text.trim() ? Number(text) : null);

interface FormProps {
  slug: string;
  department: DepartmentInbox;
  staff: StaffMember[];
  canManage: boolean;
  onSaved: () => void;
}

function DepartmentForm({ slug, department: d, staff, canManage, onSaved }: FormProps) {
  const { t } = useI18n();
  const [ownHours, setOwnHours] = useState(d.openingHours !== null);
  const [hours, setHours] = useState<OpeningHours>(d.openingHours ?? DEFAULT_OPENING_HOURS);
  const [deadlines, setDeadlines] = useState(() => ({
    firstResponseHours: numberOrEmpty(d.firstResponseHours),
    resolutionHours: numberOrEmpty(d.resolutionHours),
  }));
  const [lead, setLead] = useState(d.leadUserId ?? '');
  const [assignment, setAssignment] = useState<AssignmentMode>(d.assignment);
  const [local, setLocal] = useState<Record<string, MessageKey>>({});
  const { handle, error, busy, done, reset } = useSubmit();
  const errors: Record<string, string> = { ...fieldErrorMap(error), ...Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])) };
  const id = `dept-${d.id}`;
  const headingId = `${id}-heading`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, MessageKey> = ownHours ? checkOpeningHours(hours, 'openingHours') : {};
    for (const { key } of DEADLINES) {
      const text = deadlines[key].trim();
      if (text && !/^\d+$/.test(text)) found[key] = 'inboxSettings.wholeNumber';
    }
    setLocal(found);
    if (Object.keys(found).length > 0) {
      reset();
      return;
    }
    handle(async () => {
      await api.patch(tenantPath(slug, `/inbox/departments/${d.id}`), {
        openingHours: ownHours ? hours : null,
        firstResponseHours: hoursOrNull(deadlines.firstResponseHours),
        resolutionHours: hoursOrNull(deadlines.resolutionHours),
        leadUserId: lead || null,
        assignment,
      });
      onSaved();
    })();
  };

  return (
    <form className="form department-inbox" onSubmit={submit} noValidate aria-labelledby={headingId} data-testid={`inbox-department-${d.name}`}>
      <h4 id={headingId}>{d.name}</h4>
      <Problem error={error} />
      <Checkbox
        id={`${id}-own-hours`}
        label={t('inboxSettings.departments.ownHours')}
        hint={t('inboxSettings.departments.ownHoursHint')}
        checked={ownHours}
        disabled={!canManage}
        onChecked={setOwnHours}
        error={errors.openingHours}
      />
      {ownHours ? (
        <OpeningHoursEditor prefix="openingHours" idBase={`${id}-hours`} value={hours} onChange={setHours} errors={errors} disabled={!canManage} />
      ) : null}
      <div className="form-row">
        {DEADLINES.map(({ key, idPart }) => (
          <TextField
            key={key}
            id={`${id}-${idPart}`}
            label={t(`inboxSettings.${key}`)}
            hint={t('inboxSettings.departments.emptyIsTenant')}
            type="number"
            min={1}
            disabled={!canManage}
            value={deadlines[key]}
            onValue={(value) => setDeadlines((all) => ({ ...all, [key]: value }))}
            error={errors[key]}
          />
        ))}
      </div>
      <div className="form-row">
        <SelectField
          id={`${id}-lead`}
          label={t('inboxSettings.departments.lead')}
          value={lead}
          disabled={!canManage}
          onValue={setLead}
          error={errors.leadUserId}
        >
          <Options blank={t('inboxSettings.departments.noLead')} choices={staff.map((s) => ({ value: s.userId, label: s.name }))} />
        </SelectField>
        <SelectField
          id={`${id}-assignment`}
          label={t('inboxSettings.departments.assignment')}
          value={assignment}
          disabled={!canManage}
          onChange={(e) => setAssignment(e.target.value as AssignmentMode)}
          error={errors.assignment}
        >
          <Options choices={ASSIGNMENT_MODES.map((m) => ({ value: m, label: t(assignmentLabel[m]) }))} />
        </SelectField>
      </div>
      <h5>{t('inboxSettings.departments.members')}</h5>
      {d.members.length === 0 ? (
        <p>{t('inboxSettings.departments.noMembers')}</p>
      ) : (
        <ul>
          {d.members.map((m) => (
            <li key={m.userId}>
              {m.name}: {m.available ? t('inboxSettings.availability.available') : t('inboxSettings.availability.away')}
            </li>
          ))}
        </ul>
      )}
      <SettingsSave
        saved={done ? t('inboxSettings.departments.saved', { name: d.name }) : null}
        canSave={canManage}
        busy={busy}
        testId={`inbox-department-save-${d.name}`}
        name={d.name}
      />
    </form>
  );
}
