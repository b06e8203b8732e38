// SCAFFOLD (lead): the events-console helper replaces this file.
import type { TenantSummary } from '../../types.ts';
import { PlaceholderPage } from '../PlaceholderPage.tsx';

export function EventsPage(_props: { tenant: TenantSummary; sub: string | null }) {
  return <PlaceholderPage section="events" />;
}
