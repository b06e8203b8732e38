// Veranstaltungen: the lists (upcoming, past, drafts), the editor, one event with its actions, the attendee list and
// the check-in view for a phone. Which one shows is the path after /events (see parseEventsView).
import './events.css';
import { can } from '../../../../common/permissions.ts';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n.tsx';
import type { TenantSummary } from '../../types.ts';
import { AttendeesView } from './AttendeesView.tsx';
import { CheckinView } from './CheckinView.tsx';
import { EventDetailView } from './EventDetailView.tsx';
import { EventEditor } from './EventEditor.tsx';
import { EventList } from './EventList.tsx';
import { parseEventsView } from './format.ts';
import type { EventsContext } from './types.ts';

export function EventsPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const view = parseEventsView(sub);
  const ctx: EventsContext = {
    slug: tenant.slug,
    canWrite: can(tenant.role, 'events.write'),
    canAttendees: can(tenant.role, 'events.attendees'),
  };
  const title = t('events.title');
  if (!view) {
    return (
      <Page title={title}>
        <p className="alert alert-error">{t('events.notFound')}</p>
      </Page>
    );
  }
  if (view.view === 'list') {
    return (
      <Page title={title}>
        <EventList key={view.list} ctx={ctx} list={view.list} />
      </Page>
    );
  }
  if ((view.view === 'new' || view.view === 'edit') && !ctx.canWrite) {
    return (
      <Page title={title}>
        <p className="alert alert-info">{t('events.writersOnly')}</p>
      </Page>
    );
  }
  if ((view.view === 'attendees' || view.view === 'checkin') && !ctx.canAttendees) {
    return (
      <Page title={title}>
        <p className="alert alert-info">{t('events.attendeesOnly')}</p>
      </Page>
    );
  }
  if (view.view === 'new') return <EventEditor ctx={ctx} id={null} />;
  if (view.view === 'edit') return <EventEditor key={view.id} ctx={ctx} id={view.id} />;
  if (view.view === 'attendees') return <AttendeesView key={view.id} ctx={ctx} id={view.id} />;
  if (view.view === 'checkin') return <CheckinView key={view.id} ctx={ctx} id={view.id} />;
  return <EventDetailView key={view.id} ctx={ctx} id={view.id} />;
}
