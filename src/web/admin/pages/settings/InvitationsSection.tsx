// Invite staff by e-mail and revoke invitations that are still open.
import { type FormEvent, useState } from 'react';
import { type Role, isRole } from '../../../../common/roles.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
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
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [departmentId, setDepartmentId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const now = Date.now();
  const open = invitations.filter((i) => !i.acceptedAt && new Date(i.expiresAt).getTime() > now);
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name ?? '–';

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const address = email.trim();
      await api.post(tenantPath(slug, '/invitations'), { email: address, role, ...(departmentId ? { departmentId } : {}) });
      setDone(t('invite.sent', { email: address }));
      setEmail('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (invitation: Invitation) => {
    if (!window.confirm(t('invite.confirmRevoke', { email: invitation.email }))) return;
    setError(null);
    setDone(null);
    try {
      await api.del(tenantPath(slug, `/invitations/${invitation.id}`));
      setDone(t('invite.revoked', { email: invitation.email }));
    } catch (e) {
      setError(e);
    }
    onChanged();
  };

  return (
    <section aria-labelledby="invite-heading">
      <h3 id="invite-heading">{t('invite.title')}</h3>
      <form className="form form-row" onSubmit={invite} noValidate>
        <TextField
          id="invite-email"
          data-testid="invite-email"
          label={t('invite.email')}
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <SelectField
          id="invite-role"
          data-testid="invite-role"
          label={t('invite.role')}
          value={role}
          onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
          error={errors.role}
        >
          {grantableRoles(actorRole).map((r) => (
            <option key={r} value={r}>
              {tOr(`role.${r}`, r)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="invite-department"
          label={t('invite.department')}
          value={departmentId}
          onChange={(e) => setDepartmentId(e.target.value)}
          error={errors.departmentId}
        >
          <option value="">{t('staff.noDepartment')}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button-primary" data-testid="invite-submit" disabled={busy}>
          {t('invite.submit')}
        </button>
      </form>
      <Problem error={error ?? loadError} />
      <Success>{done}</Success>

      <h3 id="pending-heading">{t('invite.pending')}</h3>
      {open.length === 0 ? (
        <p>{t('invite.none')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="pending-heading">
            <thead>
              <tr>
                <th scope="col">{t('invite.email')}</th>
                <th scope="col">{t('invite.role')}</th>
                <th scope="col">{t('invite.department')}</th>
                <th scope="col">{t('invite.expires')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>{tOr(`role.${i.role}`, i.role)}</td>
                  <td>{departmentName(i.departmentId)}</td>
                  <td>{formatDateTime(i.expiresAt)}</td>
                  <td>
                    <button type="button" className="button-danger button-small" onClick={() => void revoke(i)}>
                      {t('invite.revoke')}
                      <span className="visually-hidden">: {i.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
