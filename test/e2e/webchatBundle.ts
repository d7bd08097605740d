import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ROOT } from '../support/scripts.js';

/** A package of its own, with its own lockfile: Web Chat's React peers would otherwise fill
 * every `npm ci` of the project with warnings, for one test that only loads a prebuilt file. */
export const WEBCHAT_COMPAT_DIR = `${ROOT}test/e2e/webchat-compat`;
const PACKAGE = `${WEBCHAT_COMPAT_DIR}/node_modules/botframework-webchat`;

/**
 * The path of Microsoft Web Chat's prebuilt bundle, at the version pinned in
 * test/e2e/webchat-compat; installed from that lockfile on first use (CI installs it first).
 */
export async function webchatBundle(): Promise<string> {
  const bundle = `${PACKAGE}/dist/webchat.js`;
  if (!installed(bundle)) {
    await promisify(execFile)('npm', ['ci', '--prefix', WEBCHAT_COMPAT_DIR, '--no-audit', '--no-fund'], { timeout: 300_000 });
    if (!installed(bundle)) throw new Error(`npm ci in ${WEBCHAT_COMPAT_DIR} did not install ${bundle}`);
  }
  return bundle;
}

function installed(bundle: string): boolean {
  const lock = JSON.parse(readFileSync(`${WEBCHAT_COMPAT_DIR}/package-lock.json`, 'utf8')) as { packages: Record<string, { version?: string }> };
  const pinned = lock.packages['node_modules/botframework-webchat']?.version;
  if (!existsSync(bundle) || !existsSync(`${PACKAGE}/package.json`)) return false;
  return (JSON.parse(readFileSync(`${PACKAGE}/package.json`, 'utf8')) as { version: string }).version === pinned;
}
