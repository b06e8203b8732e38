// The resident portal's news: sent messages that include the portal channel, in the reader's language or German.
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { campaignAttachments, campaigns, campaignVersions, networks, tenants, topics } from '../../platform/db/schema.ts';
import type { PortalNewsItem } from '../portal/index.ts';
import { attachmentUrl } from './attachments.service.ts';
import { firstParagraph } from './markdown.ts';
import { attachmentLinks } from './versions.ts';

/** A sent message as the portal shows it. */
export type NewsItem = PortalNewsItem;

type Row = Pick<typeof campaigns.$inferSelect, 'id' | 'title' | 'topic' | 'sentAt' | 'originNetworkId'>;

const published = (extra: SQL[] = []) => and(eq(campaigns.status, 'sent'), sql`${campaigns.channels} @> '["portal"]'::jsonb`, ...extra);

async function toItems(deps: AppDeps, tx: Tx, slug: string, rows: Row[], lang: string): Promise<NewsItem[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const versions = await tx
    .select()
    .from(campaignVersions)
    .where(and(inArray(campaignVersions.campaignId, ids), eq(campaignVersions.channel, 'portal')));
  const topicKeys = [...new Set(rows.map((r) => r.topic).filter((t): t is string => !!t))];
  const topicRows = topicKeys.length ? await tx.select().from(topics).where(inArray(topics.key, topicKeys)) : [];
  const networkIds = [...new Set(rows.map((r) => r.originNetworkId).filter((n): n is string => !!n))];
  const networkRows = networkIds.length ? await tx.select({ id: networks.id, name: networks.name }).from(networks).where(inArray(networks.id, networkIds)) : [];
  const files = await tx
    .select({ id: campaignAttachments.id, campaignId: campaignAttachments.campaignId, filename: campaignAttachments.filename })
    .from(campaignAttachments)
    .where(inArray(campaignAttachments.campaignId, ids))
    .orderBy(asc(campaignAttachments.createdAt));
  const english = lang === 'en';
  return rows.map((r) => {
    const mine = versions.filter((v) => v.campaignId === r.id);
    const v = mine.find((x) => x.language === lang) ?? mine.find((x) => x.language === 'de') ?? mine[0];
    const topic = topicRows.find((t) => t.key === r.topic);
    const network = networkRows.find((n) => n.id === r.originNetworkId);
    return {
      id: r.id,
      title: v?.subject ?? r.title,
      html:
        (v?.html ?? '') +
        attachmentLinks(files.filter((f) => f.campaignId === r.id).map((f) => ({ filename: f.filename, url: attachmentUrl(deps, { slug }, r.id, f.id) }))),
      summary: v ? firstParagraph(v.text) : '',
      topic: topic ? { key: topic.key, name: english ? topic.nameEn : topic.nameDe } : r.topic ? { key: r.topic, name: r.topic } : null,
      publishedAt: r.sentAt ?? new Date(0),
      origin: network ? { networkName: network.name } : null,
    };
  });
}

async function slugOf(tx: Tx, tenantId: string): Promise<string> {
  const [t] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  return t?.slug ?? '';
}

const columns = { id: campaigns.id, title: campaigns.title, topic: campaigns.topic, sentAt: campaigns.sentAt, originNetworkId: campaigns.originNetworkId };

export async function listNews(
  deps: AppDeps,
  tenantId: string,
  opts: { topic?: string; page: number; pageSize: number; lang: string },
): Promise<{ items: NewsItem[]; total: number }> {
  const page = Math.max(1, Math.floor(opts.page) || 1);
  const pageSize = Math.min(100, Math.max(1, Math.floor(opts.pageSize) || 10));
  return deps.db.withTenant(tenantId, async (tx) => {
    const where = published(opts.topic ? [eq(campaigns.topic, opts.topic)] : []);
    const rows = await tx
      .select(columns)
      .from(campaigns)
      .where(where)
      .orderBy(desc(campaigns.sentAt), desc(campaigns.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [{ n }] = await tx.select({ n: count() }).from(campaigns).where(where);
    return { items: await toItems(deps, tx, await slugOf(tx, tenantId), rows, opts.lang), total: Number(n) };
  });
}

export async function getNews(deps: AppDeps, tenantId: string, id: string, lang: string): Promise<NewsItem | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return deps.db.withTenant(tenantId, async (tx) => {
    const rows = await tx
      .select(columns)
      .from(campaigns)
      .where(published([eq(campaigns.id, id)]));
    return (await toItems(deps, tx, await slugOf(tx, tenantId), rows, lang))[0] ?? null;
  });
}
