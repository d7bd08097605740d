/** What a label of "unsure" costs next to a wrong label: a person reads the answer either way,
 * but a wrong label also sends it the wrong way (a happy customer escalated, an angry one missed). */
export const UNSURE_COST = 0.5;
const GRID = Array.from({ length: 13 }, (_, i) => Math.round((0.3 + i * 0.05) * 100) / 100);

/**
 * The confidence below which an answer is labelled "unsure", chosen on dev: the one with the
 * least cost, counting a wrong label as 1 and an unsure one as UNSURE_COST (Chow's reject rule,
 * read off the data instead of trusting the calibration to be exact); the lowest such on a tie.
 */
export function chooseUnsureBelow(dev: readonly { right: boolean; confidence: number }[]): number {
  let best = GRID[0]!;
  let bestCost = Infinity;
  for (const t of GRID) {
    let cost = 0;
    for (const a of dev) cost += a.confidence < t ? UNSURE_COST : a.right ? 0 : 1;
    if (cost < bestCost - 1e-9) [best, bestCost] = [t, cost];
  }
  return best;
}
