import { fileURLToPath } from 'node:url';
import { runTurn, type TurnDeps, type TurnInput, type TurnResult } from '../../src/core/engine/runTurn.js';
import { formatProblem } from '../../src/core/problem.js';
import type { Catalog, CompiledScript } from '../../src/core/script/compiled.js';
import type { Session } from '../../src/core/session.js';
import { loadCatalog } from '../../src/scripts/loadCatalog.js';
import { parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const LOCALES_DIR = `${ROOT}locales`;
export const DIALOGS_DIR = `${ROOT}dialogs`;

export const catalog: Catalog = await loadCatalog(LOCALES_DIR);

export function compileYaml(text: string, version = 1): CompiledScript {
  const result = parseScriptYaml(text, catalog, version);
  if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
  return result.script;
}

export class FakeClock {
  constructor(public time = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export function testDeps(clock = new FakeClock()): TurnDeps & { clock: FakeClock } {
  let n = 0;
  return { clock, newId: () => `resp-${++n}` };
}

/** Drives the engine through a list of inputs, keeping the session between turns. */
export class EngineDriver {
  session: Session | undefined;
  readonly deps = testDeps();
  last!: TurnResult;

  constructor(readonly script: CompiledScript) {}

  start(input: Omit<Extract<TurnInput, { type: 'start' }>, 'type'> = {}): TurnResult {
    return this.turn({ type: 'start', ...input });
  }

  say(text: string): TurnResult {
    return this.turn({ type: 'text', text });
  }

  turn(input: TurnInput): TurnResult {
    this.last = runTurn(this.script, this.session, input, this.deps);
    this.session = this.last.session;
    return this.last;
  }

  /** Texts of the last turn's outputs, one string per output. */
  get texts(): string[] {
    return this.last.outputs.map((o) => o.text);
  }

  get current(): string | null | undefined {
    return this.session?.current;
  }
}
