/** The TTL a write gets: what it asked for, never longer than the retention (which is also what
 * a write without a TTL gets). */
export function cappedTtl(asked: number | undefined, max: number | undefined): number | undefined {
  if (max === undefined) return asked;
  return asked === undefined ? max : Math.min(asked, max);
}
