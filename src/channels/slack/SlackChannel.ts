import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Activity, ActivityHandler, Middleware, TurnContext } from 'botbuilder';
import { runTrusted } from '../../bot/trustedTurn.js';
import { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { politeTurnError } from '../../bot/politeTurnError.js';
import type { Value } from '../../core/condition.js';
import type { CustomerLine } from '../../bot/CustomerLine.js';
import type { Agent, CustomerAddress } from '../../core/cases.js';
import type { HandoffEventName, HandoffEventValue } from '../../core/handoff/handoffEvents.js';
import type { Deduplicator, StateStorage } from '../../core/ports.js';
import type { Catalog } from '../../core/script/compiled.js';
import { SURVEY_ID } from '../../core/script/schema.js';
import { isSatisfyError } from '../../errors.js';
import type { ScriptRegistry } from '../../scripts/ScriptRegistry.js';
import { ACTION_MULTI_SEND, ACTION_MULTI_TOGGLE, asKnownBlocks, MULTI_BLOCK, renderAnswered, type ButtonPayload } from './blocks.js';
import { ACTION_CASE_CLAIM, ACTION_CASE_RESOLVE } from './caseCard.js';
import { SLACK_CHANNEL, SlackAdapter, slackQuestionKey, type PostedQuestion } from './SlackAdapter.js';
import { slackTimestampGuard } from './slackTimestampGuard.js';

export interface SlackConfig {
  botToken: string;
  /** HTTP mode (events at /slack/events). */
  signingSecret?: string;
  /** Socket Mode instead of HTTP, for development without a public URL. */
  appToken?: string;
  /** Where the Web API is (tests point it at a local fake). */
  apiUrl?: string;
  /** Each Web API call gives up after this (OUTBOUND_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface SlackDeps {
  config: SlackConfig;
  bot: ActivityHandler;
  scripts: ScriptRegistry;
  state: StateStorage;
  deliveries: Deduplicator;
  catalog: Catalog;
  defaultSurveyId: string;
  defaultLocale: string;
  log: Logger;
  /** Runs around every Slack turn (the turn metrics). */
  turnMiddleware?: Middleware;
}

export interface SlackSurveyStart {
  slackUserId: string;
  surveyId?: string;
  locale?: string;
  customer?: Record<string, Value>;
  order?: Record<string, Value>;
  /** Makes the start idempotent: a start with an id already handled is dropped (a retried send). */
  startId?: string;
}

/** What support staff do in the support channel, handled by src/escalation. */
export interface SlackSupport {
  readonly channel: string;
  claim(caseId: string, agent: Agent): Promise<unknown>;
  resolve(caseId: string, agent: Agent, note: string): Promise<unknown>;
  /** A reply in a case card's thread; relayed to the customer when its author owns the case. */
  threadReply(threadTs: string, agent: Agent, text: string): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack retries for up to about an hour; a delivery seen within a day is a retry. */
const DEDUP_TTL_MS = 24 * 3600_000;
const LOCALE_CACHE_MS = 3600_000;
const QUESTION_TTL_MS = 7 * 24 * 3600_000;

const ButtonValue = z.object({ q: z.string().max(64), a: z.string().max(200).optional(), skip: z.literal(true).optional() });

/**
 * Slack, through Bolt: DMs and button clicks become botbuilder Activities for the same
 * SurveyBot every channel uses, and its replies go out as Block Kit. Every delivery is acked at
 * once (Slack waits 3 seconds at most) and processed once across instances.
 */
export class SlackChannel implements CustomerLine {
  readonly app: App;
  /** Mount before any body parser: Bolt verifies the signature over the raw body. */
  readonly router: Router | undefined;
  private readonly adapter: SlackAdapter;
  private readonly locales = new Map<string, { locale: string | undefined; until: number }>();
  private readonly names = new Map<string, { name: string; until: number }>();
  /** Set by the composition root when a support channel is configured. */
  support: SlackSupport | undefined;

  constructor(private readonly deps: SlackDeps) {
    const { config } = deps;
    const logger = boltLogger(deps.log);
    const clientOptions = { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), ...(config.timeoutMs ? { timeout: config.timeoutMs } : {}) };
    if (config.appToken) {
      this.app = new App({ token: config.botToken, appToken: config.appToken, socketMode: true, logger, clientOptions });
      this.router = undefined;
    } else {
      const router = Router();
      router.use(SLACK_EVENTS_PATH, slackTimestampGuard());
      const receiver = new ExpressReceiver({ signingSecret: config.signingSecret ?? '', endpoints: SLACK_EVENTS_PATH, processBeforeResponse: false, router, logger });
      this.app = new App({ token: config.botToken, receiver, logger, clientOptions });
      this.router = router;
    }
    this.adapter = new SlackAdapter(this.app.client);
    this.adapter.onTurnError = politeTurnError(deps.catalog, deps.defaultLocale, deps.log);
    if (deps.turnMiddleware) this.adapter.use(deps.turnMiddleware);
    this.listen();
  }

  get client(): WebClient {
    return this.app.client;
  }

  /** Socket Mode connects here; HTTP mode needs nothing. */
  async start(): Promise<void> {
    if (this.deps.config.appToken) await this.app.start();
  }

  async stop(): Promise<void> {
    if (this.deps.config.appToken) await this.app.stop();
  }

  /** Opens the DM and starts a survey there, as if the customer had been invited. */
  async startSurvey(start: SlackSurveyStart): Promise<{ channel: string }> {
    const surveyId = start.surveyId ?? this.deps.defaultSurveyId;
    await this.deps.scripts.published(surveyId);
    const opened = await this.client.conversations.open({ users: start.slackUserId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`conversations.open gave no channel for ${start.slackUserId}`);
    const locale = start.locale ?? (await this.localeOf(start.slackUserId));
    await this.turn(channel, {
      type: 'event',
      name: 'survey.start',
      id: start.startId ? `start:${channel}:${start.startId}` : `start:${channel}:${Date.now()}`,
      value: {
        surveyId,
        ...(locale ? { locale } : {}),
        customer: start.customer ?? { id: start.slackUserId },
        ...(start.order ? { order: start.order } : {}),
      },
      from: { id: start.slackUserId, name: '' },
      ...(locale ? { locale } : {}),
    });
    return { channel };
  }

  /** A handoff event into a customer's DM, as a turn the server itself runs (a person taking
   * over, writing or handing back). */
  async deliverEvent(address: CustomerAddress, name: HandoffEventName, value: HandoffEventValue, id: string): Promise<void> {
    if (!address.conversationId) throw new Error('a Slack delivery needs the DM channel');
    const activity: Partial<Activity> = { type: 'event', name, value, id, from: { id: address.userId, name: '' } };
    await this.turn(address.conversationId, activity, undefined, runTrusted((context) => this.deps.bot.run(context)));
  }

  private listen(): void {
    this.app.event('message', async ({ event, body }) => {
      const message = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; thread_ts?: string };
      if (message.subtype || message.bot_id || !message.user) return;
      const support = this.support;
      const inSupport = support && message.channel === support.channel && message.thread_ts;
      if (message.channel_type !== 'im' && !inSupport) return;
      const eventId = (body as { event_id?: string }).event_id ?? `${message.channel}:${(event as { ts?: string }).ts}`;
      if (!(await this.firstDelivery(`slack:event:${eventId}`, DEDUP_TTL_MS))) return;
      if (inSupport) {
        await support.threadReply(message.thread_ts!, await this.agent(message.user), message.text ?? '');
        return;
      }
      const locale = await this.localeOf(message.user);
      const text = message.text ?? '';
      await this.turn(message.channel, { type: 'message', id: eventId, text, from: { id: message.user, name: '' }, ...(locale ? { locale } : {}) }, text);
    });

    this.app.action(/^satisfy:/, async ({ ack, body, action }) => {
      await ack();
      const payload = body as {
        trigger_id?: string;
        user: { id: string };
        channel?: { id: string };
        state?: { values?: Record<string, Record<string, { selected_options?: { value: string; text: { text: string } }[] }>> };
      };
      const a = action as { action_id: string; value?: string; text?: { text: string }; action_ts?: string };
      if (a.action_id === ACTION_MULTI_TOGGLE || !payload.channel) return;
      if (!(await this.firstDelivery(`slack:action:${payload.trigger_id ?? a.action_ts}`, DEDUP_TTL_MS))) return;
      const parsed = ButtonValue.safeParse(safeJson(a.value));
      if (!parsed.success) return;
      const button: ButtonPayload = { q: parsed.data.q, ...(parsed.data.a !== undefined ? { a: parsed.data.a } : {}), ...(parsed.data.skip ? { skip: true } : {}) };
      let label = a.text?.text ?? '';
      let answer: unknown = button.a;
      if (a.action_id === ACTION_MULTI_SEND) {
        const picked = payload.state?.values?.[MULTI_BLOCK]?.[ACTION_MULTI_TOGGLE]?.selected_options ?? [];
        answer = picked.map((o) => o.value);
        label = picked.map((o) => o.text.text).join(', ');
      }
      const locale = await this.localeOf(payload.user.id);
      await this.turn(
        payload.channel.id,
        {
          type: 'message',
          id: `action:${payload.trigger_id ?? a.action_ts}`,
          text: label,
          value: { satisfy: button.skip ? { questionId: button.q, skip: true } : { questionId: button.q, answer } },
          from: { id: payload.user.id, name: '' },
          ...(locale ? { locale } : {}),
        },
        label,
      );
    });

    this.app.action(/^satisfy_case:/, async ({ ack, body, action }) => {
      await ack();
      const support = this.support;
      const payload = body as { trigger_id?: string; user: { id: string }; channel?: { id: string } };
      const a = action as { action_id: string; value?: string; action_ts?: string };
      if (!support || !a.value) return;
      if (!(await this.firstDelivery(`slack:action:${payload.trigger_id ?? a.action_ts}`, DEDUP_TTL_MS))) return;
      const agent = await this.agent(payload.user.id);
      try {
        if (a.action_id === ACTION_CASE_CLAIM) await support.claim(a.value, agent);
        else if (a.action_id === ACTION_CASE_RESOLVE) await support.resolve(a.value, agent, '');
      } catch (err) {
        // Someone else was faster, or the case is closed: tell only the person who clicked.
        if (!isSatisfyError(err)) throw err;
        await this.client.chat.postEphemeral({ channel: payload.channel?.id ?? support.channel, user: payload.user.id, text: err.message }).catch(() => {});
      }
    });

    this.app.command('/survey', async ({ command, ack }) => {
      const { surveyId, userId } = parseSurveyCommand(command.text, command.user_id, this.deps.defaultSurveyId);
      if (!(await this.firstDelivery(`slack:command:${command.trigger_id}`, DEDUP_TTL_MS))) return ack();
      if (!surveyId) return ack({ response_type: 'ephemeral', text: 'Usage: /survey <survey-id> [@user]' });
      try {
        await this.deps.scripts.published(surveyId);
      } catch (err) {
        if (!isSatisfyError(err, 'SURVEY_NOT_FOUND')) throw err;
        return ack({ response_type: 'ephemeral', text: `There is no published survey "${surveyId}".` });
      }
      await ack({ response_type: 'ephemeral', text: `Sending the "${surveyId}" survey to <@${userId}>.` });
      await this.startSurvey({ slackUserId: userId, surveyId }).catch((err: unknown) => {
        this.deps.log.warn({ err: (err as Error).message, surveyId }, 'slash command could not start the survey');
      });
    });
  }

  /**
   * One turn in a DM; then the question the customer just answered is redrawn with the answer
   * and without buttons, so an old button cannot be pressed again.
   */
  private async turn(channel: string, activity: Partial<Activity>, answerText?: string, logic = (context: TurnContext) => this.deps.bot.run(context)): Promise<void> {
    const key = slackQuestionKey(channel);
    // Only used to redraw the answered question: a store fault here must not keep the turn
    // (and its polite "try again") from running.
    const last = (await this.deps.state.read([key]).catch(() => ({})) as Record<string, unknown>)[key] as (PostedQuestion & { eTag?: string }) | undefined;
    const posted = await this.adapter.process(
      {
        ...activity,
        channelId: SLACK_CHANNEL,
        conversation: { id: channel, isGroup: false, conversationType: 'personal', name: '' },
        recipient: { id: 'satisfy', name: 'Satisfy' },
        serviceUrl: 'https://slack.com',
      },
      logic,
    );
    if (last && answerText !== undefined && !posted.some((p) => p.questionId === last.questionId)) {
      const answered = renderAnswered(last.text, answerText || '—');
      await this.client.chat.update({ channel, ts: last.ts, text: answered.text, blocks: asKnownBlocks(answered.blocks) }).catch((err: unknown) => {
        this.deps.log.warn({ err: (err as Error).message }, 'could not mark a Slack question as answered');
      });
    }
    const newest = posted.at(-1);
    const remember = newest
      ? this.deps.state.write({ [key]: { ...newest, eTag: '*' } }, { ttlMs: QUESTION_TTL_MS })
      : last && answerText !== undefined
        ? this.deps.state.delete([key])
        : undefined;
    await remember?.catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, 'could not remember the last Slack question (it stays clickable)'));
  }

  /**
   * True the first time a delivery is seen. While the store is away the answer is "yes": Slack
   * does not redeliver what we acknowledged, and the bot drops an activity id it has already
   * handled, so the customer is told to try again instead of hearing nothing.
   */
  private async firstDelivery(key: string, ttlMs: number): Promise<boolean> {
    try {
      return await this.deps.deliveries.firstTime(key, ttlMs);
    } catch (err) {
      if (!isSatisfyError(err, 'STORE_UNAVAILABLE')) throw err;
      this.deps.log.warn({ err: err.message }, 'could not check a Slack delivery for repeats; handling it');
      return true;
    }
  }

  /** A Slack user as an agent, with their display name (users.info, cached for an hour). */
  private async agent(userId: string): Promise<Agent> {
    const cached = this.names.get(userId);
    if (cached && cached.until > Date.now()) return { id: `slack:${userId}`, name: cached.name, via: 'slack' };
    let name = userId;
    try {
      const info = await this.client.users.info({ user: userId });
      const user = info.user as { name?: string; real_name?: string; profile?: { display_name?: string } } | undefined;
      name = user?.profile?.display_name || user?.real_name || user?.name || userId;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'users.info failed; the agent is shown by id');
    }
    this.names.set(userId, { name, until: Date.now() + LOCALE_CACHE_MS });
    return { id: `slack:${userId}`, name, via: 'slack' };
  }

  /** The customer's Slack locale (users.info include_locale), cached for an hour. */
  private async localeOf(userId: string): Promise<string | undefined> {
    const cached = this.locales.get(userId);
    if (cached && cached.until > Date.now()) return cached.locale;
    try {
      const info = await this.client.users.info({ user: userId, include_locale: true });
      const locale = (info.user as { locale?: string } | undefined)?.locale;
      this.locales.set(userId, { locale, until: Date.now() + LOCALE_CACHE_MS });
      return locale;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'users.info failed; using the default locale');
      return undefined;
    }
  }
}

/** `/survey post-purchase <@U123|ana>`: the survey and whom to send it to (the caller when
 * nobody is named). */
export function parseSurveyCommand(text: string, callerId: string, defaultSurveyId: string): { surveyId: string | undefined; userId: string } {
  const mention = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(text);
  const rest = text.replace(/<@[^>]*>/g, ' ').trim().split(/\s+/).filter(Boolean);
  const surveyId = rest[0] ?? defaultSurveyId;
  return { surveyId: SURVEY_ID.test(surveyId) && rest.length <= 1 ? surveyId : undefined, userId: mention?.[1] ?? callerId };
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Bolt logs through pino, at the same levels. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
