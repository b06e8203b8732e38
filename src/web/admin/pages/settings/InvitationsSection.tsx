// Invite staff by e-mail and revoke invitations that are still open.
import { departmentChoices, Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import { type Role, isRole } from '../../../../common/roles.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { EmailField } from '../../components/AccountFields.tsx';
import { SelectField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import type { Department, Invitation } from '../../types.ts';
import { grantableRoles } from './roleOptions.ts';

interface Props {
  slug: string;
  actorRole: Role;
  invitations: Invitation[];
  loadError: unknown;
  departments: Department[];
  onChanged: () => void;
}

export function InvitationsSection({ slug, actorRole, invitations, loadError, departments, onChanged }: Props) {
  const { t, tOr, formatDateTime } = useI18n();
  const { values: v, setValues, bind } = useFormValues({ email: '', departmentId: '' });
  const [role, setRole] = useState<Role>('editor');
  const { error, done, run, busy } = useAction(onChanged);
  const errors = fieldErrorMap(error);
  const now = Date.now();
  const open = invitations.filter((i) => !i.acceptedAt && new Date(i.expiresAt).getTime() > now);
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name ?? '–';

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const address = v.email.trim();
    const body = { email: address, role, ...(v.departmentId ? { departmentId: v.departmentId } : {}) };
    if (await run(() => api.post(tenantPath(slug, '/invitations'), body), t('invite.sent', { email: address }))) setValues((x) => ({ ...x, email: '' }));
  };

  const revoke = async (invitation: Invitation) => {
    if (!window.confirm(t('invite.confirmRevoke', { email: invitation.email }))) return;
    // A failed revoke may mean the invitation was accepted meanwhile: the list is fetched again either way.
    if (!(await run(() => api.del(tenantPath(slug, `/invitations/${invitation.id}`)), t('invite.revoked', { email: invitation.email })))) onChanged();
  };

  return (
    <section aria-labelledby="invite-heading">
      <h3 id="invite-heading">{t('invite.title')}</h3>
      <form className="form form-row" onSubmit={invite} noValidate>
        <EmailField id="invite-email" data-testid="invite-email" label={t('invite.email')} autoComplete="off" {...bind('email', errors)} />
        <SelectField
          id="invite-role"
          data-testid="invite-role"
          label={t('invite.role')}
          value={role}
          onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
          error={errors.role}
        >
          <Options choices={grantableRoles(actorRole).map((r) => ({ value: r, label: tOr(`role.${r}`, r) }))} />
        </SelectField>
        <SelectField id="invite-department" label={t('invite.department')} {...bind('departmentId', errors)}>
          <Options blank={t('staff.noDepartment')} choices={departmentChoices(departments)} />
        </SelectField>
        <SubmitButton busy={busy} testId="invite-submit">
          {t('invite.submit')}
        </SubmitButton>
      </form>
      <Problem error={error ?? loadError} />
      <Success>{done}</Success>

      <h3 id="pending-heading">{t('invite.pending')}</h3>
      <DataTable
        caption={t('invite.pending')}
        rows={open}
        empty={t('invite.none')}
        columns={[
          { key: 'email', header: t('invite.email'), rowHeader: true, cell: (i) => i.email },
          { key: 'role', header: t('invite.role'), cell: (i) => tOr(`role.${i.role}`, i.role) },
          { key: 'department', header: t('invite.department'), cell: (i) => departmentName(i.departmentId) },
          { key: 'expires', header: t('invite.expires'), cell: (i) => formatDateTime(i.expiresAt) },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (i) => (
              <button type="button" className="button-danger button-small" onClick={() => void revoke(i)}>
                {t('invite.revoke')}
                <span className="visually-hidden">: {i.email}</span>
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
