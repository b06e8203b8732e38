// The body toolbar's edits: what a click does to the text and which part it selects afterwards.
import { describe, expect, it } from 'vitest';
import { applyMarkdown } from './markdown.ts';

const ph = { bold: 'fett', link: 'Linktext' };

describe('body toolbar', () => {
  it('makes the selection bold, or inserts a selected placeholder', () => {
    expect(applyMarkdown('bold', { text: 'Heute Markt', selectionStart: 6, selectionEnd: 11 }, ph)).toEqual({
      text: 'Heute **Markt**',
      selectionStart: 8,
      selectionEnd: 13,
    });
    expect(applyMarkdown('bold', { text: '', selectionStart: 0, selectionEnd: 0 }, ph)).toEqual({ text: '**fett**', selectionStart: 2, selectionEnd: 6 });
  });

  it('links the selection and selects the address to type over', () => {
    const edit = applyMarkdown('link', { text: 'siehe Plan', selectionStart: 6, selectionEnd: 10 }, ph);
    expect(edit.text).toBe('siehe [Plan](https://)');
    expect(edit.text.slice(edit.selectionStart, edit.selectionEnd)).toBe('https://');
  });

  it('turns the touched lines into a list or a heading, and a second click back', () => {
    const text = 'eins\nzwei\ndrei';
    const listed = applyMarkdown('list', { text, selectionStart: 2, selectionEnd: 7 }, ph);
    expect(listed.text).toBe('- eins\n- zwei\ndrei');
    expect(applyMarkdown('list', listed, ph).text).toBe(text);
    expect(applyMarkdown('heading', { text: '- eins', selectionStart: 0, selectionEnd: 0 }, ph).text).toBe('## eins');
  });
});
