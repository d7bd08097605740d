import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { PasswordChecker } from '../../src/auth/PasswordChecker.js';

describe('PasswordChecker', () => {
  const hash = bcrypt.hashSync('right password', 12);

  it('checks passwords on its worker', async () => {
    const checker = new PasswordChecker(1, 4);
    try {
      expect(await checker.check('right password', hash)).toBe(true);
      expect(await checker.check('wrong password', hash)).toBe(false);
    } finally {
      await checker.close();
    }
  });

  it('answers every sign-in when it closes: the waiting ones and the one under way', async () => {
    const checker = new PasswordChecker(1, 4);
    // Warm the worker up, so the next compare is surely running when close() comes.
    await checker.check('right password', hash);
    // The expectations are attached first: the sign-ins are refused during close().
    const running = expect(checker.check('right password', hash)).rejects.toMatchObject({ code: 'SIGN_IN_BUSY' });
    const waiting = expect(checker.check('right password', hash)).rejects.toMatchObject({ code: 'SIGN_IN_BUSY' });
    await new Promise((r) => setTimeout(r, 50));
    await checker.close();
    await running;
    await waiting;
  });
});
