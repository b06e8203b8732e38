// Mitarbeitende: staff list; managers also invite, revoke invitations and keep departments.
import { can } from '../../../../common/permissions.ts';
import { tenantPath } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import type { Department, Invitation, Items, StaffMember, TenantSummary } from '../../types.ts';
import { DepartmentsSection } from './DepartmentsSection.tsx';
import { InvitationsSection } from './InvitationsSection.tsx';
import { StaffTable } from './StaffTable.tsx';
import { Loading } from '../../components/Loading.tsx';

export function StaffTab({ tenant }: { tenant: TenantSummary }) {
  const manager = can(tenant.role, 'staff.manage');
  const staff = useLoad<Items<StaffMember>>(tenantPath(tenant.slug, '/staff'));
  // departments and invitations are managers' business; others are not asked to load them
  const departments = useLoad<Items<Department>>(manager ? tenantPath(tenant.slug, '/departments') : null);
  const invitations = useLoad<Items<Invitation>>(manager ? tenantPath(tenant.slug, '/invitations') : null);
  const departmentList = departments.data?.items ?? [];

  return (
    <>
      {staff.error ? <Problem error={staff.error} /> : null}
      {staff.data ? <StaffTable tenant={tenant} manager={manager} staff={staff.data.items} departments={departmentList} /> : staff.loading ? <Loading /> : null}
      {manager ? (
        <>
          <InvitationsSection
            slug={tenant.slug}
            actorRole={tenant.role}
            invitations={invitations.data?.items ?? []}
            loadError={invitations.error}
            departments={departmentList}
            onChanged={invitations.reload}
          />
          <DepartmentsSection
            slug={tenant.slug}
            departments={departmentList}
            loadError={departments.error}
            onChanged={() => {
              departments.reload();
              staff.reload();
            }}
          />
        </>
      ) : null}
    </>
  );
}
