// /m/{tenant}/feed.atom: the tenant's latest news as an Atom feed (the `feed` package), each entry with its permalink.
import { Feed } from 'feed';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { PortalNewsItem } from './portal.content.ts';
import { escapeHtml, type Lang, texts } from './portal.html.ts';

export const FEED_SIZE = 20;

// characters XML 1.0 cannot carry; and "]]>" would end the CDATA sections the package writes (it splits only the first)
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlSafe = (s: string) => s.replace(NOT_XML, '').replaceAll(']]>', ']]&gt;');

export function renderNewsFeed(tn: TenantRow, lang: Lang, items: readonly PortalNewsItem[], publicUrl: string): string {
  const home = `${publicUrl}/m/${tn.slug}/`;
  const name = xmlSafe(tn.name);
  const feed = new Feed({
    id: home,
    title: texts[lang].feedTitle.replace('{name}', name),
    language: lang,
    link: home,
    feedLinks: { atom: `${home}feed.atom` },
    author: { name, link: home },
    // the newest entry's date (not the clock), so that the same news give the same bytes and ETag
    updated: items[0]?.publishedAt ?? tn.createdAt,
    generator: 'Civicast',
  });
  for (const item of items) {
    const link = `${home}news/${item.id}`;
    feed.addItem({
      id: link,
      link,
      // Atom's html type: plain texts are escaped once, so that a "<" in a title stays a character
      title: xmlSafe(escapeHtml(item.title)),
      description: item.summary ? xmlSafe(escapeHtml(item.summary)) : undefined,
      content: xmlSafe(item.html),
      date: item.publishedAt,
      published: item.publishedAt,
      category: item.topic ? [{ term: xmlSafe(item.topic.key), name: xmlSafe(item.topic.name) }] : undefined,
    });
  }
  return feed.atom1();
}
