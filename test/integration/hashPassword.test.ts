import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ROOT } from '../support/scripts.js';

/** npm run hash-password, as an operator runs it: the password on stdin, the entry on stdout. */
function hashPassword(args: string[], password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/hash-password.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

describe('npm run hash-password', () => {
  it.each(['viewer', 'agent', 'admin'])('makes a CONSOLE_USERS entry for the %s role that the config takes', async (role) => {
    const { code, stdout } = await hashPassword(['vic', role], 'a long enough password');
    expect(code).toBe(0);
    const entry = stdout.trim();
    expect(entry).toMatch(new RegExp(`^vic:${role}:\\$2b\\$12\\$`));
    expect(loadConfig({ CONSOLE_USERS: entry }).escalation.consoleUsers).toEqual([{ name: 'vic', role, passwordHash: entry.split(':')[2] }]);
  }, 30_000);

  it('refuses an unknown role', async () => {
    const { code, stderr } = await hashPassword(['vic', 'owner'], 'a long enough password');
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[viewer\|agent\|admin\]/);
  });
});
