// The body's small toolbar as pure edits of the text and its selection: heading, bold, link, list (the Markdown subset
// the server renders; it never takes HTML).

export type MarkdownAction = 'heading' | 'bold' | 'link' | 'list';

export interface Edit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number) => {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
};

/** Puts `prefix` before every line the selection touches (or takes it away when all of them have it). */
function prefixLines(edit: Edit, prefix: string): Edit {
  const { text, selectionStart, selectionEnd } = edit;
  const start = lineStart(text, selectionStart);
  const end = lineEnd(text, Math.max(selectionStart, selectionEnd - (selectionEnd > selectionStart && text[selectionEnd - 1] === '\n' ? 1 : 0)));
  const lines = text.slice(start, end).split('\n');
  const all = lines.every((l) => l.startsWith(prefix));
  // a heading line becomes a list item and back, never both
  const changed = lines.map((l) => (all ? l.slice(prefix.length) : `${prefix}${l.replace(/^(#{1,6} |- |\* )/, '')}`));
  const block = changed.join('\n');
  return { text: text.slice(0, start) + block + text.slice(end), selectionStart: start, selectionEnd: start + block.length };
}

/** Wraps the selection (or a placeholder word, selected afterwards so typing replaces it). */
function wrap(edit: Edit, before: string, after: string, placeholder: string): Edit {
  const { text, selectionStart, selectionEnd } = edit;
  const inner = text.slice(selectionStart, selectionEnd) || placeholder;
  const next = text.slice(0, selectionStart) + before + inner + after + text.slice(selectionEnd);
  return { text: next, selectionStart: selectionStart + before.length, selectionEnd: selectionStart + before.length + inner.length };
}

export function applyMarkdown(action: MarkdownAction, edit: Edit, placeholders: { bold: string; link: string }): Edit {
  switch (action) {
    case 'heading':
      return prefixLines(edit, '## ');
    case 'list':
      return prefixLines(edit, '- ');
    case 'bold':
      return wrap(edit, '**', '**', placeholders.bold);
    case 'link': {
      const linked = wrap(edit, '[', '](https://)', placeholders.link);
      // select the address so it can be typed over
      const urlStart = linked.selectionEnd + 2;
      return { ...linked, selectionStart: urlStart, selectionEnd: urlStart + 'https://'.length };
    }
  }
}
