// The rendered-once mail against nodemailer's own rendering of the same mail: the same header lines and the same body.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { createMimeCache, type SharedFields } from './mime-template.ts';

const shared: SharedFields = {
  from: '"Stadt Musterstadt" <news@musterstadt.example>',
  subject: 'Straßensperrung in der Hauptstraße wegen Bauarbeiten am Montag und am Dienstag',
  text: 'Die Hauptstraße ist am Montag gesperrt. Umleitung über die Bahnhofstraße.',
  html: '<p>Die Hauptstraße ist am <b>Montag</b> gesperrt.</p>',
  headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', Precedence: 'bulk' },
};
const compose = (s: SharedFields): SendMailOptions => ({ from: s.from, subject: s.subject, text: s.text, html: s.html, headers: s.headers, xMailer: false });

/** Header lines (unfolded, Date left out) sorted, the boundary replaced, and the body: comparable across two renderings. */
function normalise(raw: string) {
  const boundary = /boundary="?([^";\r\n]+)/.exec(raw)?.[1] ?? 'none';
  const text = raw.split(boundary).join('BOUNDARY');
  const end = text.indexOf('\r\n\r\n');
  const head = text
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .filter((l) => !/^date:/i.test(l))
    .sort();
  return { head, body: text.slice(end) };
}

describe('e-mail rendered once per message', () => {
  it("each recipient's mail has the header lines and body nodemailer would write for that recipient alone", async () => {
    const cache = createMimeCache();
    for (const [to, token] of [
      ['anna@example.org', 'tok_anna_1111'],
      ['bert@example.org', 'tok_bert_2222'],
    ]) {
      const recipient = {
        to,
        replyTo: `reply+${token}@civicast.example`,
        listUnsubscribe: `<https://civicast.example/m/musterstadt/unsubscribe?t=${token}>`,
        messageId: `<${token}@musterstadt.example>`,
      };
      const rendered = await cache.render(shared, recipient, compose);
      const whole = await new MailComposer({
        ...compose(shared),
        to,
        replyTo: recipient.replyTo,
        headers: { ...shared.headers, 'List-Unsubscribe': recipient.listUnsubscribe },
        messageId: recipient.messageId,
      })
        .compile()
        .build();
      expect(normalise(rendered!.toString('latin1'))).toEqual(normalise(whole.toString('latin1')));
    }
    expect(cache.size()).toBe(1);
  });

  it('a recipient value that would need encoding is not substituted (the mail is rendered whole)', async () => {
    const cache = createMimeCache();
    const rendered = await cache.render(shared, { to: 'jürgen@example.org', messageId: '<x@musterstadt.example>' }, compose);
    expect(rendered).toBeNull();
  });

  it('another text is another template', async () => {
    const cache = createMimeCache();
    const recipient = { to: 'anna@example.org', messageId: '<a@musterstadt.example>' };
    const first = await cache.render(shared, recipient, compose);
    const second = await cache.render({ ...shared, text: 'Die Sperrung ist aufgehoben.' }, recipient, compose);
    expect(first!.toString('latin1')).toContain('Umleitung');
    expect(second!.toString('latin1')).toContain('Sperrung ist aufgehoben');
    expect(second!.toString('latin1')).not.toContain('Umleitung');
    expect(cache.size()).toBe(2);
  });

  it('recipients sent to at once share one rendering: the template is cached while it is being built', async () => {
    const cache = createMimeCache();
    let builds = 0;
    const counting = (s: SharedFields) => {
      builds++;
      return compose(s);
    };
    const mails = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cache.render(shared, { to: `r${i}@example.org`, messageId: `<m${i}@musterstadt.example>` }, counting)),
    );
    expect(builds).toBe(1);
    expect(cache.size()).toBe(1);
    expect(mails.map((m) => /^To: (.*)$/m.exec(m!.toString('latin1'))?.[1])).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}@example.org`));
  });
});
