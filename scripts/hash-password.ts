/**
 * Prints a CONSOLE_USERS entry for one console user: `npm run hash-password -- ana agent`
 * (roles: viewer reads results only, agent also works cases, admin also edits surveys),
 * then type the password (it is read from stdin, so it stays out of the shell history).
 */
import { createInterface } from 'node:readline/promises';
import bcrypt from 'bcryptjs';

const [name, role = 'agent'] = process.argv.slice(2);
if (!name || !/^[A-Za-z0-9._-]{1,64}$/.test(name) || !['viewer', 'agent', 'admin'].includes(role)) {
  console.error('usage: npm run hash-password -- <name> [viewer|agent|admin]   (then type the password)');
  process.exit(2);
}
const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
const password = (await rl.question('password: ')).trim();
rl.close();
if (password.length < 10) {
  console.error('use at least 10 characters');
  process.exit(2);
}
console.log(`${name}:${role}:${bcrypt.hashSync(password, 12)}`);
