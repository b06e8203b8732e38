// SCAFFOLD (lead): the waste-reminders helper replaces this file.
import type { TenantSummary } from '../../types.ts';
import { PlaceholderPage } from '../PlaceholderPage.tsx';

export function WastePage(_props: { tenant: TenantSummary; sub: string | null }) {
  return <PlaceholderPage section="waste" />;
}
