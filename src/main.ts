import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { createStores } from './storage/createStores.js';
import { loadConfig, type Config } from './config.js';
import { isSatisfyError } from './errors.js';
import { createLogger } from './logger.js';
import { prettyLogs } from './prettyLogs.js';
import { warmUpSentiment } from './sentiment/createSentimentScorer.js';

const SHUTDOWN_GRACE_MS = 10_000;
/** Where `npm run invite` looks for the server unless told otherwise. */
const DEFAULT_PORT = 3978;
/** The sentiment scorers are built this long after the process listens, one language per turn
 * of the event loop: after the start (so they do not delay /readyz) and, usually, before the
 * first open answer (which would otherwise build its language's scorer itself). */
const SENTIMENT_WARM_UP_MS = 1000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  // 'auto': readable lines for a person at a terminal, JSON lines for whatever reads a pipe.
  const wantPretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const pretty = wantPretty ? await prettyLogs() : undefined;
  if (wantPretty && !pretty && config.logFormat === 'pretty') {
    process.stderr.write('LOG_FORMAT=pretty needs pino-pretty, a devDependency (npm ci without --omit=dev); or set LOG_FORMAT=json or auto.\n');
    process.exit(1);
  }
  const log = createLogger(config.logLevel, pretty);
  const adminToken = config.adminToken ?? randomBytes(24).toString('base64url');
  const tokenSigningKey = config.tokenSigningKey ?? randomBytes(32).toString('base64url');
  if (!config.tokenSigningKey) {
    // Harmless on a laptop; with Redis (several instances, restarts that keep data) it breaks
    // web chats and survey links, so it is a warning there.
    const note = 'TOKEN_SIGNING_KEY is not set: a key was generated for this process, so web chat tokens and survey links stop working at restart and are not shared between instances';
    if (config.redis) log.warn(note);
    else log.info(note);
  }

  const stores = await createStores(config, systemClock, log);
  log.info({ store: stores.kind }, `store: ${stores.description}`);
  const satisfy = await createApp({ config: { ...config, adminToken, tokenSigningKey }, log, stores });
  let listening!: (port: number) => void;
  const listened = new Promise<number>((resolve) => (listening = resolve));
  // express 5 calls this with the error when listening fails (a port in use, the usual
  // first-minutes failure: a second `npm start`): say so and stop, rather than log "listening".
  const server: Server = satisfy.app.listen(config.port, config.host, (err?: Error) => {
    if (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is already in use (another Satisfy still running?); stop it or set PORT` : code === 'EACCES' ? `no permission to listen on port ${config.port}; set PORT above 1023` : (err.stack ?? err.message);
      process.stderr.write(`Satisfy could not start:\n${why}\n`);
      process.exit(1);
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port }, `Satisfy is listening: web chat http://localhost:${port}/chat, agent console http://localhost:${port}/console, admin http://localhost:${port}/admin, Bot Framework endpoint http://localhost:${port}/api/messages`);
    const people = config.escalation.consoleUsers.length;
    log.info(
      config.escalation.handoff
        ? `handoff: on; console sign-in with ${people ? `${people} user(s) from CONSOLE_USERS or ` : ''}the ADMIN_TOKEN${config.escalation.slackSupportChannel ? `; case cards in Slack channel ${config.escalation.slackSupportChannel}` : ''}`
        : 'handoff: off (HANDOFF=off); escalations are recorded as cases and the survey goes on',
    );
    listening(port);
    setTimeout(() => warmUpSentiment({ modelsDir: config.sentimentModelsDir }, (step) => setImmediate(step)), SENTIMENT_WARM_UP_MS).unref();
  });
  satisfy.attach(server);
  if (config.oidc) log.info({ issuer: config.oidc.issuer, redirectUrl: config.oidc.redirectUrl }, `staff single sign-on through ${config.oidc.issuer} (OpenID Connect)${config.oidc.autoCreateRole ? `; unknown verified emails become ${config.oidc.autoCreateRole}s` : ''}`);
  if (satisfy.slack) {
    await satisfy.slack.start();
    log.info(config.slack?.appToken ? 'Slack: Socket Mode connected' : 'Slack: events and interactivity at /slack/events');
  } else {
    log.info('Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN, to turn it on)');
  }
  if (!config.adminToken) {
    // Printed once, after the start-up lines, for a person to copy; never into the structured
    // log. Beside readable logs on stdout; on stderr when stdout carries JSON lines, so those
    // stay parseable.
    void listened.then((port) => {
      const serverOption = port === DEFAULT_PORT ? '' : ` --server http://localhost:${port}`;
      (pretty ? process.stdout : process.stderr).write(
        `\nADMIN_TOKEN was not set; generated for this run: ${adminToken}\n` +
          `Create a survey link with it: ADMIN_TOKEN=${adminToken} npm run invite --${serverOption} --customer 42 --order A-1001\n\n`,
      );
    });
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.warn('requests still open after the grace period; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await satisfy.close();
      log.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const message = isSatisfyError(err) ? err.message : (err as Error)?.stack ?? String(err);
  process.stderr.write(`Satisfy could not start:\n${message}\n`);
  process.exit(1);
});
