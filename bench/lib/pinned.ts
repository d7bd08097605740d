import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

let tasksetChecked: boolean | undefined;

/** Spawns a command, under `taskset -c <cpus>` when cpus is given (taskset execs, so the pid is the command's). */
export function spawnPinned(cpus: string | undefined, command: string, args: string[], options: SpawnOptions): ChildProcess {
  if (cpus === undefined || cpus === '') return spawn(command, args, options);
  tasksetChecked ??= spawnSync('taskset', ['--version']).status === 0;
  if (!tasksetChecked) throw new Error('CPU pinning needs taskset (util-linux)');
  return spawn('taskset', ['-c', cpus, command, ...args], options);
}

/** Pins this very process (the driver). */
export function pinSelf(cpus: string | undefined): void {
  if (cpus === undefined || cpus === '') return;
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset could not pin the driver: ${r.stderr}`);
}
