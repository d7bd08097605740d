import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { responsesRoute } from './api/responsesRoute.js';
import { SurveyBot } from './bot/SurveyBot.js';
import { botFrameworkRoute, createBotFrameworkAdapter } from './channels/botframework/botFrameworkRoute.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { Clock, ResponseStore, ScriptStore, StateStorage } from './core/ports.js';
import { errorHandler } from './http/errorHandler.js';
import { requireBearer } from './http/requireBearer.js';
import { sendError } from './http/sendError.js';
import { loadCatalog } from './scripts/loadCatalog.js';
import { loadDialogs } from './scripts/loadDialogs.js';
import { ScriptRegistry } from './scripts/ScriptRegistry.js';
import { MemoryResponseStore } from './storage/memory/MemoryResponseStore.js';
import { MemoryScriptStore } from './storage/memory/MemoryScriptStore.js';
import { MemoryStateStorage } from './storage/memory/MemoryStateStorage.js';

export interface Stores {
  kind: 'memory';
  state: StateStorage;
  responses: ResponseStore;
  scripts: ScriptStore;
}

export interface AppOptions {
  config: Config & { adminToken: string };
  log: Logger;
  clock?: Clock;
  stores?: Stores;
}

export interface SatisfyApp {
  app: Express;
  bot: SurveyBot;
  stores: Stores;
  scripts: ScriptRegistry;
  close(): Promise<void>;
}

export function memoryStores(): Stores {
  return { kind: 'memory', state: new MemoryStateStorage(), responses: new MemoryResponseStore(), scripts: new MemoryScriptStore() };
}

/**
 * The composition root shared by main.ts and the tests: it loads and validates locales and
 * scripts (failing before serving anything when they are broken), builds the bot over the
 * stores, and mounts every route on one express app.
 */
export async function createApp({ config, log, clock = systemClock, stores = memoryStores() }: AppOptions): Promise<SatisfyApp> {
  const catalog = await loadCatalog(config.localesDir);
  const dialogs = await loadDialogs(config.dialogsDir, catalog);
  const scripts = new ScriptRegistry(stores.scripts, catalog);
  await scripts.seed(dialogs, new Date(clock.now()).toISOString());
  await scripts.published(config.defaultSurveyId);

  const bot = new SurveyBot({
    storage: stores.state,
    scripts,
    responses: stores.responses,
    catalog,
    engine: { clock, newId: randomUUID },
    defaultSurveyId: config.defaultSurveyId,
    defaultLocale: config.defaultLocale,
    log,
  });
  const adapter = createBotFrameworkAdapter(config.botFramework);

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api/messages', botFrameworkRoute(adapter, bot, config.botFramework, catalog, config.defaultLocale, log));
  app.use('/api/responses', requireBearer(config.adminToken), responsesRoute(stores.responses));
  app.use((_req, res) => sendError(res, 404, 'NOT_FOUND', 'No such route.'));
  app.use(errorHandler(log));

  return { app, bot, stores, scripts, close: async () => {} };
}
