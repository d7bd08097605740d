import { describe, expect, it } from 'vitest';
import { PromMetrics } from '../../src/metrics/PromMetrics.js';

describe('PromMetrics', () => {
  it('keeps channel labels to known channels, so made-up channel ids cannot grow the series without end', async () => {
    const metrics = new PromMetrics();
    for (let i = 0; i < 50; i++) metrics.turn(`made-up-${i}`, 'ok', 0.01);
    metrics.turn('slack', 'ok', 0.01);
    const text = await metrics.registry.metrics();
    expect(text).toContain('satisfy_turns_total{channel="other",outcome="ok"} 50');
    expect(text).toContain('satisfy_turns_total{channel="slack",outcome="ok"} 1');
    expect(text).not.toContain('made-up');
  });

  it('keeps one registry per instance', async () => {
    const a = new PromMetrics();
    const b = new PromMetrics();
    a.answer('directline');
    expect(await a.registry.metrics()).toContain('satisfy_answers_total{channel="directline"} 1');
    expect(await b.registry.metrics()).not.toContain('satisfy_answers_total{channel="directline"}');
  });
});
