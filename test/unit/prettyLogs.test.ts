import { describe, expect, it } from 'vitest';
import { prettyLogs } from '../../src/prettyLogs.js';

describe('prettyLogs', () => {
  it('is undefined when pino-pretty is not installed (npm ci --omit=dev), so the logs stay JSON', async () => {
    const missing = Object.assign(new Error("Cannot find package 'pino-pretty'"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(await prettyLogs(() => Promise.reject(missing))).toBeUndefined();
  });

  it('does not hide any other failure to load it', async () => {
    const broken = Object.assign(new Error('Unexpected token'), { code: 'ERR_INVALID_PACKAGE_CONFIG' });
    await expect(prettyLogs(() => Promise.reject(broken))).rejects.toThrow('Unexpected token');
  });

  it('is a destination when pino-pretty is installed (npm ci)', async () => {
    expect(typeof (await prettyLogs())?.write).toBe('function');
  });
});
