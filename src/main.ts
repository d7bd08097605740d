import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { createStores } from './storage/createStores.js';
import { loadConfig, type Config } from './config.js';
import { isSatisfyError } from './errors.js';
import { createLogger } from './logger.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const adminToken = config.adminToken ?? randomBytes(24).toString('base64url');
  const tokenSigningKey = config.tokenSigningKey ?? randomBytes(32).toString('base64url');
  if (!config.tokenSigningKey) {
    // Harmless on a laptop; with Redis (several instances, restarts that keep data) it breaks
    // web chats and survey links, so it is a warning there.
    const note = 'TOKEN_SIGNING_KEY is not set: a key was generated for this process, so web chat tokens and survey links stop working at restart and are not shared between instances';
    if (config.redis) log.warn(note);
    else log.info(note);
  }
  if (!config.adminToken) {
    // Printed once, to the terminal only (not the structured log), so it can be copied.
    process.stdout.write(`\nADMIN_TOKEN was not set; generated for this run: ${adminToken}\n\n`);
  }

  const stores = await createStores(config, systemClock, log);
  log.info({ store: stores.kind }, `store: ${stores.description}`);
  const satisfy = await createApp({ config: { ...config, adminToken, tokenSigningKey }, log, stores });
  const server: Server = satisfy.app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port }, `Satisfy is listening: web chat http://localhost:${port}/chat, agent console http://localhost:${port}/console, admin http://localhost:${port}/admin, Bot Framework endpoint http://localhost:${port}/api/messages`);
    const people = config.escalation.consoleUsers.length;
    log.info(
      config.escalation.handoff
        ? `handoff: on; console sign-in with ${people ? `${people} user(s) from CONSOLE_USERS or ` : ''}the ADMIN_TOKEN${config.escalation.slackSupportChannel ? `; case cards in Slack channel ${config.escalation.slackSupportChannel}` : ''}`
        : 'handoff: off (HANDOFF=off); escalations are recorded as cases and the survey goes on',
    );
  });
  satisfy.attach(server);
  if (satisfy.slack) {
    await satisfy.slack.start();
    log.info(config.slack?.appToken ? 'Slack: Socket Mode connected' : 'Slack: events and interactivity at /slack/events');
  } else {
    log.info('Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN, to turn it on)');
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
