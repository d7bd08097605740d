import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

/** One bcrypt comparison (or, given a cost, one hashing) per message, on this worker thread
 * instead of the event loop. */
parentPort?.on('message', (task: { id: number; password: string; hash?: string; cost?: number }) => {
  if (task.cost !== undefined) {
    parentPort?.postMessage({ id: task.id, hash: bcrypt.hashSync(task.password, task.cost) });
    return;
  }
  let ok: boolean;
  try {
    ok = bcrypt.compareSync(task.password, task.hash ?? '');
  } catch {
    // A malformed hash matches nothing.
    ok = false;
  }
  parentPort?.postMessage({ id: task.id, ok });
});
