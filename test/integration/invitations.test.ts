import { spawn } from 'node:child_process';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { Invitations } from '../../src/invitations/Invitations.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp, TOKEN_SIGNING_KEY } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { DirectLineClient, type DlActivity } from '../support/directLine.js';
import { freePort } from '../support/freePort.js';
import { listen, type Listening } from '../support/http.js';
import { ROOT } from '../support/scripts.js';

const USERS = `ana:agent:${bcrypt.hashSync('ana password 1', 4)}`;
const DAY_MS = 86_400_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run invite` as a process of its own (asynchronously: the server it asks runs in this
 * one), with only the environment given. */
function invite(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/invite.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('invitations: POST /admin/api/invitations and npm run invite', () => {
  let satisfy: SatisfyApp;
  let server: Listening;

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server?.close();
    await satisfy?.close();
  });

  const create = (body: unknown, token: string | null = ADMIN_TOKEN, contentType = 'application/json') =>
    fetch(`${server.url}/admin/api/invitations`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  /** Opens the web chat session of a survey link, as /s/<invitation> does in the browser. */
  async function openLink(url: string): Promise<{ locale: string; conversationId: string; token: string; activities: DlActivity[] }> {
    const invite = url.split('/s/')[1]!;
    const page = await fetch(`${server.url}/s/${invite}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-invite="${invite}"`);
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { locale: string; conversationId: string; token: string };
    const activities = (await new DirectLineClient(server.url, session.token).activities(session.conversationId)).activities;
    return { ...session, activities };
  }

  it('is for admins: 401 without the ADMIN_TOKEN or with a wrong one, 403 for an agent', async () => {
    const body = { order: { id: 'A-1' } };
    for (const token of [null, 'not-the-admin-token']) {
      const res = await create(body, token);
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('ADMIN_TOKEN') });
    }
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    const res = await create(body, ana.token);
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({ code: 'FORBIDDEN', message: 'Creating invitations is for admins.' });
  });

  it('refuses a bad body with 400, naming what is wrong', async () => {
    const cases: Array<[body: unknown, contentType: string, says: RegExp]> = [
      ['not json', 'application/json', /not valid JSON/],
      ['order=A-1', 'application/x-www-form-urlencoded', /Send a JSON object/],
      [[{ order: { id: 'A-1' } }], 'application/json', /Send a JSON object/],
      [{ order: { id: 'A-1' }, orderId: 'A-1' }, 'application/json', /Unrecognized key: "orderId"/],
      [{ surveyId: 'no spaces allowed' }, 'application/json', /^surveyId: must be a survey id/],
      [{ customer: { id: { nested: true } } }, 'application/json', /^customer: id must be a string or a number/],
      [{ ttlDays: 0 }, 'application/json', /^ttlDays: must be at least one minute/],
      [{ ttlDays: 400 }, 'application/json', /^ttlDays: must be at most 365/],
      [{ ttlDays: '14' }, 'application/json', /^ttlDays: /],
      [{ locale: 'fr' }, 'application/json', /^locale: "fr" is not offered by survey "post-purchase" \(/],
    ];
    for (const [body, contentType, says] of cases) {
      const res = await create(body, ADMIN_TOKEN, contentType);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(res);
      expect(error.code, JSON.stringify(body)).toMatch(/^BAD_(REQUEST|JSON)$/);
      expect(error.message, JSON.stringify(body)).toMatch(says);
    }
  });

  it('answers 404 for a survey that is not published', async () => {
    const res = await create({ surveyId: 'no-such-survey', order: { id: 'A-1' } });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'SURVEY_NOT_FOUND', message: 'No published survey "no-such-survey"' });
  });

  it('creates a link (201) that opens the survey with its customer, order and locale', async () => {
    const before = Date.now();
    const res = await create({ surveyId: 'post-purchase', customer: { id: '42', name: 'Ana' }, order: { id: 'A-1001' }, locale: 'es-MX', ttlDays: 2 });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { url: string; token: string; expiresAt: string; invitation: unknown };
    // No PUBLIC_URL: the link is on the host the request came to.
    expect(created.url).toBe(`${server.url}/s/${created.token}`);
    expect(created.invitation).toEqual({ surveyId: 'post-purchase', locale: 'es', customer: { id: '42', name: 'Ana' }, order: { id: 'A-1001' } });
    const expiresAt = Date.parse(created.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 2 * DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 2 * DAY_MS);

    const opened = await openLink(created.url);
    expect(opened.locale).toBe('es');
    expect(opened.activities[0]?.text).toContain('¡Hola, Ana!');
    await new DirectLineClient(server.url, opened.token).say(opened.conversationId, '5');
    const responses = (await satisfy.stores.responses.list({})).filter((r) => r.orderId === 'A-1001');
    expect(responses).toEqual([expect.objectContaining({ customerId: '42', surveyId: 'post-purchase', locale: 'es', channel: 'directline' })]);
  });

  it('defaults to DEFAULT_SURVEY and INVITE_TTL_DAYS, and builds the link on PUBLIC_URL when set', async () => {
    const other = await createTestApp({ PUBLIC_URL: 'https://survey.example.com/', INVITE_TTL_DAYS: '3' }, { stores: memoryStores() });
    const otherServer = await listen(other.app, other.attach);
    try {
      const res = await fetch(`${otherServer.url}/admin/api/invitations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{}' });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { url: string; token: string; expiresAt: string; invitation: unknown };
      expect(created.url).toBe(`https://survey.example.com/s/${created.token}`);
      expect(created.invitation).toEqual({ surveyId: 'post-purchase' });
      expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(3 * DAY_MS - 60_000);
      expect(Date.parse(created.expiresAt) - Date.now()).toBeLessThanOrEqual(3 * DAY_MS);
    } finally {
      await otherServer.close();
      await other.close();
    }
  });

  describe('npm run invite', () => {
    it('asks the running server for a link with --server and --token, and the link opens the survey', async () => {
      const run = await invite(['--server', server.url, '--token', ADMIN_TOKEN, '--customer', '7', '--name', 'Lucía', '--order', 'C-7', '--locale', 'es']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const url = run.stdout.trim();
      expect(url).toMatch(new RegExp(`^${server.url}/s/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
      // Signed by the server's key, which the command never saw.
      expect(await satisfy.invitations.verify(url.split('/s/')[1]!)).toEqual({
        ok: true,
        invitation: { surveyId: 'post-purchase', locale: 'es', customer: { id: '7', name: 'Lucía' }, order: { id: 'C-7' } },
      });
      const opened = await openLink(url);
      expect(opened.activities[0]?.text).toContain('¡Hola, Lucía!');
    });

    it('takes ADMIN_TOKEN and PORT from the environment (server http://localhost:PORT), and prints JSON with --json', async () => {
      const port = new URL(server.url).port;
      const run = await invite(['--order', 'D-1', '--days', '1', '--json'], { ADMIN_TOKEN, PORT: port });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout) as { url: string; token: string; expiresAt: string };
      expect(printed.url).toBe(`http://localhost:${port}/s/${printed.token}`);
      expect(Date.parse(printed.expiresAt) - Date.now()).toBeGreaterThan(DAY_MS - 60_000);
      expect((await satisfy.invitations.verify(printed.token)).ok).toBe(true);
    });

    it('says why the server refused: a wrong token (exit 1), an unknown survey or locale (exit 2)', async () => {
      const wrong = await invite(['--server', server.url, '--token', 'not-the-admin-token', '--order', 'A-1']);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toBe('');
      expect(wrong.stderr).toContain('refused the token (401)');
      const survey = await invite(['--server', server.url, '--token', ADMIN_TOKEN, '--survey', 'no-such-survey']);
      expect(survey.code).toBe(2);
      expect(survey.stderr).toContain('No published survey "no-such-survey"');
      const locale = await invite(['--server', server.url, '--token', ADMIN_TOKEN, '--locale', 'fr']);
      expect(locale.code).toBe(2);
      expect(locale.stderr).toContain('"fr" is not offered by survey "post-purchase"');
    }, 60_000);

    it('says so when no server answers (exit 1)', async () => {
      const run = await invite(['--server', `http://127.0.0.1:${await freePort()}`, '--token', ADMIN_TOKEN]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): is Satisfy running there/);
    });

    it('prints its usage with --help (exit 0) and refuses bad arguments with a clear message (exit 2)', async () => {
      const help = await invite(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npm run invite -- \[options\]/);
      for (const option of ['--customer', '--order', '--server', '--token', '--offline', '--days']) expect(help.stdout).toContain(option);
      expect((await invite(['-h'])).stdout).toBe(help.stdout);

      const bad: Array<[args: string[], says: string]> = [
        [['--bogus'], "Unknown option '--bogus'"],
        [['A-1001'], "Unexpected argument 'A-1001'"],
        [['--days', 'soon', '--token', ADMIN_TOKEN], '--days must be a number of days above 0 and at most 365, not "soon"'],
        [['--locale', 'español', '--token', ADMIN_TOKEN], '--locale must be a language tag'],
        [['--survey', 'a b', '--token', ADMIN_TOKEN], '--survey must be a survey id'],
        [['--server', 'localhost:3978', '--token', ADMIN_TOKEN], "--server must be the server's http(s) URL"],
        [['--order', 'A-1'], 'No ADMIN_TOKEN: pass --token'],
        [['--offline'], '--offline needs TOKEN_SIGNING_KEY'],
      ];
      for (const [args, says] of bad) {
        const run = await invite(args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stdout, args.join(' ')).toBe('');
        expect(run.stderr, args.join(' ')).toContain(says);
        expect(run.stderr, args.join(' ')).toContain('npm run invite -- --help');
      }
    }, 90_000);

    it('signs the link itself with TOKEN_SIGNING_KEY (offline), on PUBLIC_URL', async () => {
      const run = await invite(['--survey', 'post-purchase', '--customer', '42', '--order', 'A-1001', '--locale', 'es'], { TOKEN_SIGNING_KEY, PUBLIC_URL: 'https://survey.example.com' });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const link = run.stdout.trim();
      expect(link).toMatch(/^https:\/\/survey\.example\.com\/s\/[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await new Invitations(TOKEN_SIGNING_KEY, () => Date.now()).verify(link.split('/s/')[1]!)).toEqual({
        ok: true,
        invitation: { surveyId: 'post-purchase', locale: 'es', customer: { id: '42' }, order: { id: 'A-1001' } },
      });
      // The same key as this server's: the link opens here too.
      expect((await openLink(link)).activities[0]?.text).toContain('¡Hola');
    });
  });
});
