// The staff of one municipality; managers change roles and departments or remove people.
import { departmentChoices, Options } from '../../components/Pickers.tsx';
import { type Role, isRole } from '../../../../common/roles.ts';
import { api, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
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
}

export function StaffTable({ tenant, manager, staff, departments }: Props) {
  const { t, tOr, formatDateTime } = useI18n();
  const me = useMe();
  const { refreshMe } = useSession();
  const { run, error, done } = useAction();
  const roles = grantableRoles(tenant.role);
  const roleName = (role: string) => tOr(`role.${role}`, role);
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name ?? '–';
  const labelOf = (m: StaffMember) => m.name || m.email;
  const locked = (m: StaffMember) => m.role === 'owner' && tenant.role !== 'owner';
  const path = (m: StaffMember) => tenantPath(tenant.slug, `/staff/${m.userId}`);

  const change = (member: StaffMember, patch: { role?: Role; departmentId?: string | null }, message: string) =>
    run(async () => {
      await api.patch(path(member), patch);
      if (member.userId === me.user.id) await refreshMe(); // own role decides which settings show
    }, message);

  const remove = (member: StaffMember) => {
    if (!window.confirm(t('staff.confirmRemove', { name: labelOf(member) }))) return;
    void run(
      async () => {
        await api.del(path(member));
        if (member.userId !== me.user.id) return;
        await refreshMe();
        navigate(paths.home);
      },
      t('staff.removed', { name: labelOf(member) }),
    );
  };

  const roleCell = (m: StaffMember) =>
    manager && !locked(m) ? (
      <>
        <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
          {t('staff.roleFor', { name: labelOf(m) })}
        </label>
        <select
          id={`role-${m.userId}`}
          value={m.role}
          onChange={(e) => {
            if (isRole(e.target.value)) void change(m, { role: e.target.value }, t('staff.roleChanged', { name: labelOf(m), role: roleName(e.target.value) }));
          }}
        >
          <Options choices={roles.map((r) => ({ value: r, label: roleName(r) }))} />
        </select>
      </>
    ) : (
      roleName(m.role)
    );

  const departmentCell = (m: StaffMember) => (
    <>
      <label className="visually-hidden" htmlFor={`department-${m.userId}`}>
        {t('staff.departmentFor', { name: labelOf(m) })}
      </label>
      <select
        id={`department-${m.userId}`}
        value={m.departmentId ?? ''}
        disabled={locked(m)}
        onChange={(e) => void change(m, { departmentId: e.target.value || null }, t('staff.departmentChanged', { name: labelOf(m) }))}
      >
        <Options blank={t('staff.noDepartment')} choices={departmentChoices(departments)} />
        {m.departmentId && !departments.some((d) => d.id === m.departmentId) ? <option value={m.departmentId}>{departmentName(m.departmentId)}</option> : null}
      </select>
    </>
  );

  return (
    <>
      <Problem error={error} />
      <Success>{done}</Success>
      <DataTable<StaffMember>
        caption={t('staff.caption', { tenant: tenant.name })}
        captionVisible
        rows={staff}
        rowKey={(m) => m.userId}
        columns={[
          { key: 'name', header: t('staff.name'), rowHeader: true, cell: (m) => m.name || '–' },
          { key: 'email', header: t('staff.email'), cell: (m) => m.email },
          { key: 'role', header: t('staff.role'), cell: roleCell },
          manager && { key: 'department', header: t('staff.department'), cell: departmentCell },
          { key: 'totp', header: t('staff.twoFactor'), cell: (m) => (m.totpEnabled ? t('common.on') : t('common.off')) },
          { key: 'since', header: t('staff.since'), cell: (m) => formatDateTime(m.createdAt) },
          manager && {
            key: 'actions',
            header: t('common.actions'),
            cell: (m) =>
              locked(m) ? null : (
                <button type="button" className="button-danger button-small" onClick={() => remove(m)}>
                  {t('staff.remove')}
                  <span className="visually-hidden">: {labelOf(m)}</span>
                </button>
              ),
          },
        ]}
      />
    </>
  );
}
