// Einstellungen → Posteingang: one's own availability, the municipality's hours and deadlines, routing rules, the
// departments' inbox settings and the canned responses. Everyone who works the inbox sees it; only managers
// (inbox.manage) get the controls that change it.
import { can } from '../../../../common/permissions.ts';
import { api, tenantPath } from '../../api.ts';
import { Checkbox } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useMe } from '../../session.tsx';
import type { Items, StaffMember, TenantSummary } from '../../types.ts';
import { CannedResponsesSection } from './CannedResponsesSection.tsx';
import { type DepartmentInbox, DepartmentInboxSection } from './DepartmentInboxSection.tsx';
import { InboxSettingsForm } from './InboxSettingsForm.tsx';
import { RulesEditor } from './RulesEditor.tsx';
import { Loading } from '../../components/Loading.tsx';

export function InboxSettingsTab({ tenant }: { tenant: TenantSummary }) {
  const { t } = useI18n();
  const canManage = can(tenant.role, 'inbox.manage');
  const canWork = can(tenant.role, 'inbox.work');
  const departments = useLoad<Items<DepartmentInbox>>(tenantPath(tenant.slug, '/inbox/departments'));
  const staff = useLoad<Items<StaffMember>>(canManage ? tenantPath(tenant.slug, '/staff') : null);

  return (
    <>
      {canManage ? null : <p className="alert alert-info">{t('inboxSettings.readOnly')}</p>}
      {canWork ? <AvailabilitySwitch slug={tenant.slug} departments={departments.data?.items ?? null} /> : null}
      <InboxSettingsForm slug={tenant.slug} canManage={canManage} />
      {departments.error ? <Problem error={departments.error} /> : null}
      {departments.data ? (
        <>
          <RulesEditor slug={tenant.slug} departments={departments.data.items} canManage={canManage} />
          <DepartmentInboxSection
            slug={tenant.slug}
            departments={departments.data.items}
            staff={staff.data?.items ?? []}
            canManage={canManage}
            onSaved={departments.reload}
          />
        </>
      ) : departments.loading ? (
        <Loading />
      ) : null}
      <CannedResponsesSection tenant={tenant} canManage={canManage} />
    </>
  );
}

/** Whether new conversations are given to me in turn (off while on leave); read from my department's member list. */
function AvailabilitySwitch({ slug, departments }: { slug: string; departments: DepartmentInbox[] | null }) {
  const { t } = useI18n();
  const me = useMe();
  const { error, done, run, busy } = useAction();
  const mine = departments?.flatMap((d) => d.members).find((m) => m.userId === me.user.id) ?? null;
  if (!departments) return null;
  const available = mine?.available ?? true;
  const toggle = (next: boolean) =>
    void run(
      () => api.put(tenantPath(slug, '/inbox/availability'), { body: { available: next } }),
      next ? t('inboxSettings.availability.nowAvailable') : t('inboxSettings.availability.nowAway'),
    );
  return (
    <section aria-labelledby="availability-heading" data-testid="inbox-availability">
      <h3 id="availability-heading">{t('inboxSettings.availability.title')}</h3>
      <Problem error={error} />
      <Checkbox
        id="inbox-available"
        data-testid="inbox-available"
        label={t('inboxSettings.availability.label')}
        hint={mine ? t('inboxSettings.availability.hint') : t('inboxSettings.availability.noDepartment')}
        checked={available}
        disabled={busy}
        onChecked={toggle}
      />
      <Success>{done}</Success>
    </section>
  );
}
