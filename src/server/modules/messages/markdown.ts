// The message body: a Markdown subset (headings, paragraphs, links to http/https/mailto, lists, bold, italic),
// rendered by markdown-it with HTML off, so a body can never carry markup of its own; and the same body as plain text
// for SMS, push and the e-mail's text part.
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
// only the subset: no images, code, block quotes, rules or raw HTML (html:false already escapes it)
md.disable(['image', 'code', 'fence', 'blockquote', 'hr', 'html_block', 'html_inline', 'backticks', 'reference']);
md.validateLink = (url) => SAFE_LINK.test(url.trim());
// links open outside the portal page and tell the browser not to pass on where the reader came from
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

type Token = ReturnType<typeof md.parse>[number];

/** Safe HTML of a body (no raw HTML, no images, only http/https/mailto links). */
export function renderHtml(body: string): string {
  return md.render(body);
}

function inlineText(token: Token): string {
  let out = '';
  let href: string | null = null;
  let linkText = '';
  for (const child of token.children ?? []) {
    if (child.type === 'link_open') {
      href = String(child.attrGet('href') ?? '');
      linkText = '';
    } else if (child.type === 'link_close') {
      out += href && href !== linkText ? `${linkText} (${href.replace(/^mailto:/i, '')})` : linkText;
      href = null;
    } else {
      const piece = child.type === 'softbreak' || child.type === 'hardbreak' ? '\n' : child.type === 'text' ? child.content : '';
      if (href !== null) linkText += piece;
      else out += piece;
    }
  }
  return out;
}

/** The body as plain text: paragraphs separated by a blank line, list items as "- item", links as "text (url)". */
export function renderText(body: string): string {
  const tokens = md.parse(body, {});
  const blocks: string[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let prefix = '';
  for (const token of tokens) {
    if (token.type === 'bullet_list_open') lists.push({ ordered: false, n: 0 });
    else if (token.type === 'ordered_list_open') lists.push({ ordered: true, n: Number(token.attrGet('start') ?? 1) - 1 });
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') {
      lists.pop();
      if (!lists.length) blocks.push('');
    } else if (token.type === 'list_item_open') {
      const list = lists[lists.length - 1];
      list.n++;
      prefix = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.n}.` : '-'} `;
    } else if (token.type === 'inline') {
      const text = inlineText(token).trim();
      if (!text) continue;
      if (prefix) {
        blocks.push(prefix + text);
        prefix = '';
      } else blocks.push(lists.length ? `${'  '.repeat(lists.length)}${text}` : text);
    } else if (token.type === 'paragraph_close' && !lists.length) blocks.push('');
    else if (token.type === 'heading_close') blocks.push('');
  }
  return blocks
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first paragraph's text, for a summary (portal list, push). */
export function firstParagraph(body: string, max = 280): string {
  const text = renderText(body).split('\n\n')[0] ?? '';
  return shorten(text.replace(/\s+/g, ' ').trim(), max);
}

export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
