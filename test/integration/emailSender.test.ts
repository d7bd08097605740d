import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationRecord } from '../../src/core/distribution/invitation.js';
import { EmailSender, EmailSendError } from '../../src/distribution/email/EmailSender.js';
import { invitationLinks } from '../../src/distribution/invitationLinks.js';
import type { InvitationMessage } from '../../src/distribution/InvitationSender.js';
import { UnsubscribeTokens } from '../../src/distribution/UnsubscribeTokens.js';
import { Invitations } from '../../src/invitations/Invitations.js';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { freePort } from '../support/freePort.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer.js';
import { catalog, DIALOGS_DIR } from '../support/scripts.js';

const KEY = 'test-signing-key-0123456789-0123456789';
const PUBLIC = 'https://survey.example.com';
const script = (await loadDialogs(DIALOGS_DIR, catalog)).find((d) => d.script.id === 'post-purchase')!.script;
const invitations = new Invitations(KEY, () => Date.now());
const unsubscribes = new UnsubscribeTokens(KEY);

async function message(customer: InvitationRecord['customer'], locale: string, reminder = false): Promise<{ message: InvitationMessage; invite: string; unsubscribe: string }> {
  const invite = await invitations.create({ surveyId: 'post-purchase', locale, customer: { id: customer.id, ...(customer.name ? { name: customer.name } : {}) }, order: { id: 'A-1' } }, 86_400_000);
  const unsubscribe = await unsubscribes.create({ customerId: customer.id, locale });
  const invitation: InvitationRecord = {
    id: `inv-${customer.id}`,
    surveyId: 'post-purchase',
    channel: 'email',
    customer,
    order: { id: 'A-1' },
    locale,
    status: 'scheduled',
    createdAt: new Date().toISOString(),
    sendAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    reminders: { sent: 0, max: 1 },
    history: [],
    requestedBy: 'key-1',
  };
  return { message: { invitation, script, links: invitationLinks(PUBLIC, invite, script, unsubscribe), reminder }, invite, unsubscribe };
}

/** A header of the raw message as one line (folding undone), by its exact name. */
function header(raw: string): (name: string) => string | undefined {
  const lines = raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  return (name) => lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
}

/** Every link of an HTML part, unescaped. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&').replace(/&amp;/g, '&'));
}

describe('EmailSender over SMTP, to a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let sender: EmailSender;

  beforeAll(async () => {
    smtp = await startSmtpServer({ reject: (address) => (address.startsWith('gone@') ? { code: 550, message: 'mailbox unavailable' } : undefined) });
    sender = new EmailSender({ smtpUrl: smtp.url, from: 'Acme Surveys <surveys@acme.example>', replyTo: 'help@acme.example', unsubscribeMailto: 'unsubscribe@acme.example', timeoutMs: 5000 });
  });
  afterEach(() => {
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    sender?.close();
    await smtp?.close();
  });

  it.each([
    ['en', 'After your purchase: how did we do?', 'Hi Ana,'],
    ['es', 'Después de tu compra: ¿qué tal lo hicimos?', 'Hola, Ana:'],
    ['zh-CN', '购物体验调查：您的体验如何？', 'Ana，您好：'],
  ])('sends the %s invitation: headers, both parts, one link per value with the right tokens', async (locale, subject, greeting) => {
    const { message: m, invite, unsubscribe } = await message({ id: `c-${locale}`, name: 'Ana', email: 'ana@example.com' }, locale);
    const sent = await sender.send(m);
    expect(sent.ref).toMatch(/^<.+@acme\.example>$/);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('surveys@acme.example');
    expect(mail.to).toEqual(['ana@example.com']);
    const p = mail.parsed;
    expect(p.from?.value).toEqual([{ address: 'surveys@acme.example', name: 'Acme Surveys' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ address: 'ana@example.com', name: 'Ana' }]);
    expect(p.replyTo?.value[0]?.address).toBe('help@acme.example');
    expect(p.subject).toBe(subject);
    expect(p.messageId).toBe(sent.ref);
    // multipart/alternative with a text and an HTML part.
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(p.text).toContain(greeting);
    expect(p.html).toBeTruthy();
    expect(p.html as string).toContain(greeting);
    // RFC 2369 and RFC 8058.
    const head = header(mail.raw);
    expect(head('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(head('List-Unsubscribe')).toBe(`<${PUBLIC}/u/${unsubscribe}>, <mailto:unsubscribe@acme.example?subject=unsubscribe>`);
    // One link per CSAT value, each with this invitation's token; the survey and unsubscribe links.
    const links = hrefs(p.html as string);
    expect(links.filter((h) => h.includes('?answer='))).toEqual([1, 2, 3, 4, 5].map((n) => `${PUBLIC}/s/${invite}?answer=${n}`));
    expect(links).toContain(`${PUBLIC}/s/${invite}`);
    expect(links).toContain(`${PUBLIC}/u/${unsubscribe}`);
    for (const n of [1, 2, 3, 4, 5]) expect(p.text).toContain(`${PUBLIC}/s/${invite}?answer=${n}`);
    // The unsubscribe token names this customer.
    expect(await unsubscribes.verify(unsubscribe)).toEqual({ ok: true, unsubscriber: { customerId: `c-${locale}`, locale } });
  });

  it('sends the reminder with its own subject', async () => {
    const { message: m } = await message({ id: 'c-r', email: 'r@example.com' }, 'en', true);
    await sender.send(m);
    expect(smtp.mails[0]!.parsed.subject).toBe('Reminder: After your purchase');
    expect(smtp.mails[0]!.parsed.text).toContain('A quick reminder');
  });

  it('throws what the server said when it refuses the recipient (550), marked permanent', async () => {
    const { message: m } = await message({ id: 'c-gone', email: 'gone@example.com' }, 'en');
    const err = await sender.send(m).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmailSendError);
    expect((err as EmailSendError).message).toMatch(/^SMTP 550 .*mailbox unavailable/);
    expect((err as EmailSendError).permanent).toBe(true);
    expect(smtp.mails).toHaveLength(0);
  });

  it('throws without sending when the customer has no address', async () => {
    const { message: m } = await message({ id: 'c-none' }, 'en');
    await expect(sender.send(m)).rejects.toThrow('The customer has no email address.');
  });

  it('throws "not reachable" when nothing listens, naming the server but not the password', async () => {
    const port = await freePort();
    const down = new EmailSender({ smtpUrl: `smtp://mailer:secret-pass@127.0.0.1:${port}`, from: 'surveys@acme.example', timeoutMs: 2000 });
    const { message: m } = await message({ id: 'c-down', email: 'ana@example.com' }, 'en');
    const err = (await down.send(m).catch((e: unknown) => e)) as EmailSendError;
    down.close();
    expect(err).toBeInstanceOf(EmailSendError);
    expect(err.message).toMatch(new RegExp(`^SMTP server 127\\.0\\.0\\.1:${port} not reachable: .*ECONNREFUSED`));
    expect(err.message).not.toContain('secret-pass');
    expect(err.permanent).toBe(false);
  });

  it('throws an authentication failure an admin can act on', async () => {
    const wrong = new EmailSender({ smtpUrl: smtp.url.replace('secret-pass', 'wrong-pass'), from: 'surveys@acme.example', timeoutMs: 5000 });
    const { message: m } = await message({ id: 'c-auth', email: 'ana@example.com' }, 'en');
    const err = (await wrong.send(m).catch((e: unknown) => e)) as EmailSendError;
    wrong.close();
    expect(err.message).toMatch(/^SMTP authentication failed at 127\.0\.0\.1:\d+: 535 .*check the user and password in SMTP_URL$/);
    expect(err.message).not.toContain('wrong-pass');
    expect(smtp.mails).toHaveLength(0);
  });
});
