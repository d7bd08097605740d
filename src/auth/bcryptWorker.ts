import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

/** One bcrypt comparison per message, on this worker thread instead of the event loop. */
parentPort?.on('message', (task: { id: number; password: string; hash: string }) => {
  let ok: boolean;
  try {
    ok = bcrypt.compareSync(task.password, task.hash);
  } catch {
    // A malformed hash matches nothing.
    ok = false;
  }
  parentPort?.postMessage({ id: task.id, ok });
});
