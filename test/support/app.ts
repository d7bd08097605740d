import { pino, type Logger } from 'pino';
import { createApp, type AppOptions, type SatisfyApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/ports.js';
import type { Stores } from '../../src/storage/Stores.js';
import { DIALOGS_DIR, LOCALES_DIR } from './scripts.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TOKEN_SIGNING_KEY = 'test-signing-key-0123456789-0123456789';

/** The real app on the real sample scripts, configured as main.ts would from this env. */
export async function createTestApp(env: Record<string, string> = {}, options: { clock?: Clock; stores?: Stores; background?: boolean; log?: Logger; optOut?: AppOptions['optOut']; turnLane?: boolean } = {}): Promise<SatisfyApp> {
  const config = loadConfig({ DIALOGS_DIR, LOCALES_DIR, ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env });
  return createApp({ config: { ...config, adminToken: ADMIN_TOKEN, tokenSigningKey: TOKEN_SIGNING_KEY }, log: pino({ level: 'silent' }), ...options });
}
