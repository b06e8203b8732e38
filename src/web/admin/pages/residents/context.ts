// What every residents sub-page gets from ResidentsPage; kept apart from the page so the sub-pages do not import it.
import type { Topic } from './types.ts';

export interface ResidentsContext {
  slug: string;
  topics: Topic[];
  /** residents.write of the policy table (src/common/permissions.ts). */
  canWrite: boolean;
  /** geo.manage; the other manager actions (topics, export, erasure, imports) are held by the same roles. */
  canManage: boolean;
}

export function topicName(topics: Topic[], key: string, locale: string) {
  const topic = topics.find((x) => x.key === key);
  return topic ? (locale === 'en' ? topic.nameEn : topic.nameDe) : key;
}

/** The topics as the choices of a select, named in the console's language. */
export const topicChoices = (topics: Topic[], locale: string) => topics.map((x) => ({ value: x.key, label: topicName(topics, x.key, locale) }));
