// `npm run invite -- --customer 42 --order A-1001 [--survey post-purchase] [--name Ana] [--locale es] [--days 14]`
// prints a survey link for one customer and order. It asks the running server
// (POST /admin/api/invitations with its ADMIN_TOKEN), which signs the link with its own key, so
// it works against `npm start` with generated secrets; with TOKEN_SIGNING_KEY set (and no
// --server or --token), it signs the link here instead, without a server.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { SURVEY_ID } from '../src/core/script/schema.js';
import { isSatisfyError } from '../src/errors.js';
import { Invitations } from '../src/invitations/Invitations.js';
import { inviteLink } from '../src/invitations/inviteLink.js';
import { INVITATIONS_PATH } from '../src/invitations/invitationRoutes.js';

const USAGE = `Usage: npm run invite -- [options]

Prints a survey link (an invitation) for one customer and order.

  --customer <id>    the customer's id
  --name <name>      the customer's name, for the greeting
  --order <id>       the order's id
  --survey <id>      the survey (default: DEFAULT_SURVEY, post-purchase)
  --locale <tag>     en, es, zh-CN... (default: the customer's browser decides)
  --days <n>         how long the link opens (default: INVITE_TTL_DAYS, 14)
  --server <url>     the running Satisfy to ask (default: http://localhost:PORT, 3978)
  --token <token>    its ADMIN_TOKEN (default: env ADMIN_TOKEN; npm start prints a generated one)
  --offline          sign here with TOKEN_SIGNING_KEY (the server's), without asking a server
  --json             print {"url", "token", "expiresAt"} instead of the link alone
  -h, --help         this text

Without --server, --token or --offline, the link is signed here when TOKEN_SIGNING_KEY is set,
else asked of the server. Examples:
  ADMIN_TOKEN=… npm run invite -- --customer 42 --name Ana --order A-1001 --locale es
  TOKEN_SIGNING_KEY=… PUBLIC_URL=https://survey.example.com npm run invite -- --order A-1001
`;

const LOCALE_TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/;

/** Wrong arguments: exit 2, as command-line tools do, with a pointer to the usage. */
class UsageError extends Error {}

interface Created {
  url: string;
  token: string;
  expiresAt: string;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        survey: { type: 'string' },
        customer: { type: 'string' },
        name: { type: 'string' },
        order: { type: 'string' },
        locale: { type: 'string' },
        days: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
        offline: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isFinite(days) || days <= 0 || days > 365)) throw new UsageError(`--days must be a number of days above 0 and at most 365, not "${values.days}"`);
  if (values.survey !== undefined && !SURVEY_ID.test(values.survey)) throw new UsageError(`--survey must be a survey id such as post-purchase, not "${values.survey}"`);
  if (values.locale !== undefined && !LOCALE_TAG.test(values.locale)) throw new UsageError(`--locale must be a language tag such as en, es or zh-CN, not "${values.locale}"`);
  const asked = {
    surveyId: values.survey ?? config.defaultSurveyId,
    ...(values.locale ? { locale: values.locale } : {}),
    ...(values.customer || values.name ? { customer: { ...(values.customer ? { id: values.customer } : {}), ...(values.name ? { name: values.name } : {}) } } : {}),
    ...(values.order ? { order: { id: values.order } } : {}),
  };
  if (values.offline && (values.server || values.token)) throw new UsageError('--offline signs here: it takes no --server or --token');
  const offline = values.offline || (!values.server && !values.token && config.tokenSigningKey !== undefined);

  let created: Created;
  if (offline) {
    if (!config.tokenSigningKey) throw new UsageError('--offline needs TOKEN_SIGNING_KEY, the same value the server uses, or the link will not open');
    const invitations = new Invitations(config.tokenSigningKey, () => Date.now());
    const { token, expiresAt } = await invitations.issue(asked, (days ?? config.webchat.inviteTtlMs / 86_400_000) * 86_400_000);
    created = { url: inviteLink(config.publicUrl ?? `http://localhost:${config.port}`, token), token, expiresAt: expiresAt.toISOString() };
  } else {
    created = await askServer(values.server ?? `http://localhost:${config.port}`, values.token ?? config.adminToken, { ...asked, ...(days !== undefined ? { ttlDays: days } : {}) });
  }
  process.stdout.write(values.json ? `${JSON.stringify(created)}\n` : `${created.url}\n`);
}

async function askServer(server: string, token: string | undefined, body: Record<string, unknown>): Promise<Created> {
  if (!token) throw new UsageError('No ADMIN_TOKEN: pass --token (npm start prints a generated one) or set ADMIN_TOKEN; or set TOKEN_SIGNING_KEY to sign the link here');
  let url: URL;
  try {
    url = new URL(INVITATIONS_PATH, server);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`--server must be the server's http(s) URL, such as http://localhost:3978, not "${server}"`);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new Error(`cannot reach ${url.origin} (${why}): is Satisfy running there (npm start)? Else pass --server`, { cause: err });
  }
  const answer = (await res.json().catch(() => undefined)) as (Partial<Created> & { error?: { message?: string } }) | undefined;
  if (res.status === 201 && answer?.url && answer.token && answer.expiresAt) return { url: answer.url, token: answer.token, expiresAt: answer.expiresAt };
  const message = answer?.error?.message ?? `HTTP ${res.status}`;
  if (res.status === 401) throw new Error(`${url.origin} refused the token (401): pass the ADMIN_TOKEN this server uses (npm start prints a generated one at each start)`);
  // The server's word on the arguments (an unknown survey, a locale it does not offer).
  if (res.status === 400 || res.status === 404) throw new UsageError(message);
  throw new Error(`${url.origin} answered ${res.status}: ${message}`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`invite: ${err.message}\nRun npm run invite -- --help for the options.\n`);
    process.exit(2);
  }
  process.stderr.write(`invite: ${isSatisfyError(err) ? err.message : (err as Error).message}\n`);
  process.exit(1);
});
