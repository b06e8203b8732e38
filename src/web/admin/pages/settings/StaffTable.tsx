// The staff of one municipality; managers change roles and departments or remove people.
import { useState } from 'react';
import { type Role, isRole } from '../../../../common/roles.ts';
import { api, tenantPath } from '../../api.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { useMe, useSession } from '../../session.tsx';
import type { Department, StaffMember, TenantSummary } from '../../types.ts';
import { grantableRoles } from './roleOptions.ts';

interface Props {
  tenant: TenantSummary;
  manager: boolean;
  staff: StaffMember[];
  departments: Department[];
  onChanged: () => void;
}

export function StaffTable({ tenant, manager, staff, departments, onChanged }: Props) {
  const { t, tOr, formatDateTime } = useI18n();
  const me = useMe();
  const { refreshMe } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const roles = grantableRoles(tenant.role);
  const roleName = (role: string) => tOr(`role.${role}`, role);
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name ?? '–';

  const change = async (member: StaffMember, patch: { role?: Role; departmentId?: string | null }, message: string) => {
    setError(null);
    setDone(null);
    try {
      await api.patch(tenantPath(tenant.slug, `/staff/${member.userId}`), patch);
      setDone(message);
      if (member.userId === me.user.id) await refreshMe(); // own role decides which settings show
    } catch (e) {
      setError(e);
    }
    onChanged();
  };

  const remove = async (member: StaffMember) => {
    if (!window.confirm(t('staff.confirmRemove', { name: member.name || member.email }))) return;
    setError(null);
    setDone(null);
    try {
      await api.del(tenantPath(tenant.slug, `/staff/${member.userId}`));
      if (member.userId === me.user.id) {
        await refreshMe();
        navigate(paths.home);
        return;
      }
      setDone(t('staff.removed', { name: member.name || member.email }));
    } catch (e) {
      setError(e);
    }
    onChanged();
  };

  return (
    <>
      <Problem error={error} />
      <Success>{done}</Success>
      <div className="table-wrap">
        <table>
          <caption>{t('staff.caption', { tenant: tenant.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.email')}</th>
              <th scope="col">{t('staff.role')}</th>
              {manager ? <th scope="col">{t('staff.department')}</th> : null}
              <th scope="col">{t('staff.twoFactor')}</th>
              <th scope="col">{t('staff.since')}</th>
              {manager ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => {
              const label = m.name || m.email;
              const locked = m.role === 'owner' && tenant.role !== 'owner';
              return (
                <tr key={m.userId}>
                  <th scope="row">{m.name || '–'}</th>
                  <td>{m.email}</td>
                  <td>
                    {manager && !locked ? (
                      <>
                        <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                          {t('staff.roleFor', { name: label })}
                        </label>
                        <select
                          id={`role-${m.userId}`}
                          value={m.role}
                          onChange={(e) => {
                            if (isRole(e.target.value))
                              void change(m, { role: e.target.value }, t('staff.roleChanged', { name: label, role: roleName(e.target.value) }));
                          }}
                        >
                          {roles.map((r) => (
                            <option key={r} value={r}>
                              {roleName(r)}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      roleName(m.role)
                    )}
                  </td>
                  {manager ? (
                    <td>
                      <label className="visually-hidden" htmlFor={`department-${m.userId}`}>
                        {t('staff.departmentFor', { name: label })}
                      </label>
                      <select
                        id={`department-${m.userId}`}
                        value={m.departmentId ?? ''}
                        disabled={locked}
                        onChange={(e) => void change(m, { departmentId: e.target.value || null }, t('staff.departmentChanged', { name: label }))}
                      >
                        <option value="">{t('staff.noDepartment')}</option>
                        {departments.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.name}
                          </option>
                        ))}
                        {m.departmentId && !departments.some((d) => d.id === m.departmentId) ? (
                          <option value={m.departmentId}>{departmentName(m.departmentId)}</option>
                        ) : null}
                      </select>
                    </td>
                  ) : null}
                  <td>{m.totpEnabled ? t('common.on') : t('common.off')}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
                  {manager ? (
                    <td>
                      {locked ? null : (
                        <button type="button" className="button-danger button-small" onClick={() => void remove(m)}>
                          {t('staff.remove')}
                          <span className="visually-hidden">: {label}</span>
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
