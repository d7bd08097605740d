import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Metrics } from './Metrics.js';

/** Bot Framework channel ids we may see. /api/messages without credentials takes any
 * channelId a caller makes up, and every new label value is a new series kept forever. */
const CHANNELS = new Set(['directline', 'slack', 'msteams', 'emulator', 'webchat', 'test', 'email', 'sms', 'telegram', 'facebook', 'line', 'skype', 'omnichannel', 'alexa', 'groupme', 'kik']);

export function channelLabel(channel: string): string {
  return CHANNELS.has(channel) ? channel : 'other';
}

interface TurnLabels {
  channel: { channel: string };
  ok: { channel: string; outcome: 'ok' };
  error: { channel: string; outcome: 'error' };
}

/**
 * The metrics in Prometheus form, in a registry of their own per app instance (never
 * prom-client's global one), so two apps in one process (tests) keep separate counts.
 */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly turns: Counter<'channel' | 'outcome'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly answers: Counter<'channel'>;
  private readonly completions: Counter<'channel'>;
  private readonly escalations: Counter<'channel' | 'reason'>;
  private readonly cases: Counter<'status'>;
  private readonly slaMisses: Counter<'priority'>;
  private readonly storeErrors: Counter<'store'>;
  private readonly limited: Counter<'group'>;
  private readonly limiterErrors: Counter;
  private readonly invitations: Counter<'channel' | 'outcome'>;
  private readonly redisSeconds: Histogram;
  private readonly labelsByChannel = new Map<string, TurnLabels>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'satisfy_' });
    this.turns = new Counter({ name: 'satisfy_turns_total', help: 'Bot turns by channel and outcome (ok, error)', labelNames: ['channel', 'outcome'], registers });
    this.turnSeconds = new Histogram({
      name: 'satisfy_turn_duration_seconds',
      help: 'Time to handle one bot turn, stores and replies included, by channel',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.answers = new Counter({ name: 'satisfy_answers_total', help: 'Answers recorded (skips included), by channel', labelNames: ['channel'], registers });
    this.completions = new Counter({ name: 'satisfy_surveys_completed_total', help: 'Surveys completed, by channel', labelNames: ['channel'], registers });
    this.escalations = new Counter({ name: 'satisfy_escalations_total', help: 'Escalations raised by survey rules or customers, by channel and reason', labelNames: ['channel', 'reason'], registers });
    this.cases = new Counter({ name: 'satisfy_case_transitions_total', help: 'Escalation cases entering a status (open, claimed, resolved, expired); open now = open - claimed/resolved/expired from open', labelNames: ['status'], registers });
    this.slaMisses = new Counter({ name: 'satisfy_sla_misses_total', help: 'Open cases that passed their SLA deadline, by the priority they were raised to', labelNames: ['priority'], registers });
    this.storeErrors = new Counter({ name: 'satisfy_store_errors_total', help: 'Store calls that failed with STORE_UNAVAILABLE, by store', labelNames: ['store'], registers });
    this.limited = new Counter({ name: 'satisfy_rate_limited_total', help: 'Requests refused by a rate limit (429) or the activity cap, by route group', labelNames: ['group'], registers });
    this.invitations = new Counter({ name: 'satisfy_invitations_total', help: 'Invitations by channel and outcome: created, sent, reminded, opened, started, completed, expired, failed, cancelled, refused:<REASON>', labelNames: ['channel', 'outcome'], registers });
    this.limiterErrors = new Counter({ name: 'satisfy_rate_limit_store_errors_total', help: 'Rate limiter store failures; the request was let through', registers });
    this.redisSeconds = new Histogram({
      name: 'satisfy_redis_round_trip_seconds',
      help: 'Round trip of a periodic Redis probe',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  turn(channel: string, outcome: 'ok' | 'error', seconds: number): void {
    const labels = this.turnLabels(channel);
    this.turns.inc(outcome === 'ok' ? labels.ok : labels.error);
    this.turnSeconds.observe(labels.channel, seconds);
  }

  /** Every turn counts under these: made once per channel, not twice a turn. */
  private turnLabels(channel: string): TurnLabels {
    const label = channelLabel(channel);
    let labels = this.labelsByChannel.get(label);
    if (!labels) {
      labels = { channel: { channel: label }, ok: { channel: label, outcome: 'ok' }, error: { channel: label, outcome: 'error' } };
      this.labelsByChannel.set(label, labels);
    }
    return labels;
  }

  answer(channel: string): void {
    this.answers.inc({ channel: channelLabel(channel) });
  }

  surveyCompleted(channel: string): void {
    this.completions.inc({ channel: channelLabel(channel) });
  }

  escalation(channel: string, reason: string): void {
    this.escalations.inc({ channel: channelLabel(channel), reason });
  }

  invitation(channel: string, outcome: string): void {
    this.invitations.inc({ channel, outcome });
  }

  caseStatus(status: string): void {
    this.cases.inc({ status });
  }

  slaMissed(priority: string): void {
    this.slaMisses.inc({ priority });
  }

  storeError(store: string): void {
    this.storeErrors.inc({ store });
  }

  rateLimited(group: string): void {
    this.limited.inc({ group });
  }

  rateLimitStoreError(): void {
    this.limiterErrors.inc();
  }

  redisRoundTrip(seconds: number): void {
    this.redisSeconds.observe(seconds);
  }
}
