// SCAFFOLD (lead): the surveys-console helper replaces this file.
import type { TenantSummary } from '../../types.ts';
import { PlaceholderPage } from '../PlaceholderPage.tsx';

export function SurveysPage(_props: { tenant: TenantSummary; sub: string | null }) {
  return <PlaceholderPage section="surveys" />;
}
