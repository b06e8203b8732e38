// Shapes of the events API as the console reads them (from the shared contract, so they cannot drift apart), what
// every part of Veranstaltungen needs to know about where it is, and the API paths.
import { tenantPath } from '../../api.ts';

export type {
  AttendeeList,
  AttendeeRow,
  EventCounts,
  EventDetail,
  EventList,
  EventOccurrence,
  EventStatus,
  EventSummary,
} from '../../../../common/contracts/events.ts';

export interface EventsContext {
  slug: string;
  canWrite: boolean;
  canAttendees: boolean;
}

export const eventsBase = (slug: string) => tenantPath(slug, '/events');
export const eventPath = (slug: string, id: string, rest = '') => `${eventsBase(slug)}/${encodeURIComponent(id)}${rest}`;
