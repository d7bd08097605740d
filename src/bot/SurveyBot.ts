import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
// The dialog set's own module, not the package's index: the index also loads the prompts and
// their Microsoft Recognizers (about a second of a start, bench/README.md#start-up), which a
// survey, recognized by src/core, never uses.
import { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
import type { SurveyEvent } from '../core/events.js';
import type { Logger } from 'pino';
import type { ResultsRecorder } from '../results/ResultsRecorder.js';
import type { Metrics } from '../metrics/Metrics.js';
import { SampledLog } from '../SampledLog.js';
import type { TurnDeps } from '../core/engine/runTurn.js';
import { t } from '../core/engine/render.js';
import type { Output } from '../core/outputs.js';
import type { CustomerIndex, ResponseStore, StateStorage } from '../core/ports.js';
import type { Catalog } from '../core/script/compiled.js';
import type { CustomerAddress } from '../core/cases.js';
import { isHandoffEvent } from '../core/handoff/handoffEvents.js';
import { afterSurveyTurn, askForPerson, messageAfterEnd, onHandoffEvent, routeCustomerTurn, type HandoffRules } from '../core/handoff/handoffRules.js';
import type { HandoffState } from '../core/handoff/handoffState.js';
import { matchLocale } from '../core/locale.js';
import { interpolate } from '../core/template.js';
import { isSatisfyError } from '../errors.js';
import type { CustomerNote, HandoffDesk } from './HandoffDesk.js';
import { isTrusted } from './trustedTurn.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { CONVERSATION_DATA, DialogStateAccessor, emptyConversation, type ConversationData } from './ConversationState.js';
import { deferStart } from './deferStart.js';
import { recordEvents } from './recordEvents.js';
import { renderActivity } from './renderActivity.js';
import { IDEMPOTENT_REPLIES, REPLY_KEY } from './replyKey.js';
import { SurveyStartValue } from './startOptions.js';
import { turnFields, turnLog } from './turnLog.js';
import { turnTokens } from './turnTokens.js';
import { turnTranscript } from './turnTranscript.js';
import { beginEffects, SurveyDialog, type TurnEffects } from './SurveyDialog.js';
import type { WebhookEmitter } from '../webhooks/WebhookEmitter.js';
import { responseCompletedData } from '../webhooks/payloads.js';

export interface SurveyBotDeps {
  storage: StateStorage;
  scripts: ScriptRegistry;
  responses: ResponseStore;
  catalog: Catalog;
  engine: TurnDeps;
  defaultSurveyId: string;
  /** Used when neither survey.start nor the channel says which locale the customer uses. */
  defaultLocale: string;
  log: Logger;
  /** Escalation cases and handoff to a person; without it escalations are only recorded. */
  desk?: HandoffDesk;
  /** Lists each customer's responses and conversations, for erasure and export. */
  customers?: CustomerIndex;
  metrics?: Metrics;
  /** Adds each recorded event to the survey's results (counted once however often applied). */
  results?: ResultsRecorder;
  /** Follows invitations to their end (started, completed, opted out): in the background. */
  invitations?: {
    onSurveyEvents(events: readonly SurveyEvent[]): Promise<void>;
    /** "Stop" before the first answer: no response is kept, but the customer asked for no more. */
    stoppedBeforeStart(customer: Record<string, unknown>): Promise<void>;
  };
  /** Announces response.completed (docs/webhooks.md). */
  webhooks?: WebhookEmitter;
}

/** Activity ids remembered per conversation to drop a redelivered turn. */
const SEEN_IDS = 20;
/** A turn that loses a write race is run again on fresh state this many times. */
const MAX_TURN_TRIES = 3;
/** When to retry recording a saved turn's answers after a store fault. */
const SETTLE_DELAYS_MS = [500, 2000, 5000, 15_000, 40_000];
/**
 * When to read a state back after its write failed, to learn whether it landed: about 8 s in
 * all, within the time a channel waits for a turn (Bot Framework gives 15 s).
 */
const LANDED_CHECK_DELAYS_MS = [50, 200, 500, 1000, 1500, 2000, 2750];
/** Conversations whose last recorded turn this process remembers (about 60 bytes each). */
const RECORDED_TURNS = 100_000;
/** State kept this long when the turn did not say (e.g. a note to a customer already done). */
const DEFAULT_STATE_TTL_MS = 30 * 86_400_000;

interface StoredConversation {
  eTag?: string;
  data: ConversationData;
}

/**
 * The one bot every channel talks to. A turn: load the conversation with its eTag, run the
 * survey dialog, save with that eTag (retrying the whole turn on a conflict), then record the
 * turn's events and only then reply — a reply never acknowledges an answer that was not kept.
 */
export class SurveyBot extends ActivityHandler {
  /** One for every turn: each turn's dialog state is found on its TurnContext. */
  private readonly dialogs: DialogSet;
  private readonly settling = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Conversation key → the last turn this process saved and fully recorded (settledHere). */
  private readonly recorded = new Map<string, string>();
  /** Redeliveries and write races are expected; they are logged sampled, without stacks. */
  private readonly expected: SampledLog;
  /** Names each saved turn; another process's names never equal this one's. */
  private readonly nextTurn = turnTokens();

  constructor(private readonly deps: SurveyBotDeps) {
    super();
    this.expected = new SampledLog(deps.log);
    this.rules = this.handoffRules();
    this.dialogs = new DialogSet(new DialogStateAccessor()).add(new SurveyDialog(deps.scripts, deps.engine));
  }

  /**
   * Messages and events go straight to their turn. ActivityHandler would pass them through its
   * handler chains first (Turn, Message or Event, then Dialog), none of which has a handler
   * here: a dozen promises and closures per turn for nothing. Every other activity type
   * (conversationUpdate, invoke, typing…) still takes ActivityHandler's way, with its answers
   * (an invoke gets its 501).
   */
  override async run(context: TurnContext): Promise<void> {
    const type = context?.activity?.type;
    if (type === 'message') return this.runTurn(context);
    if (type === 'event') return this.onSurveyEvent(context);
    return super.run(context);
  }

  private async onSurveyEvent(context: TurnContext): Promise<void> {
    const name = context.activity.name ?? '';
    const handoff = isHandoffEvent(name);
    if (handoff && !isTrusted(context)) turnLog(context, this.deps.log).warn({ name, channel: context.activity.channelId }, 'ignored a handoff event a client sent');
    else if (name === 'survey.start' || handoff) await this.runTurn(context);
  }

  private async runTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const key = conversationKey(activity);
    const log = () => turnLog(context, this.deps.log);
    for (let attempt = 1; ; attempt++) {
      const stored = (await this.deps.storage.read([key]))[key] as StoredConversation | undefined;
      const data = stored?.data ?? emptyConversation();
      const address = addressOf(activity);
      // A survey.start is remembered beyond the rolling window of recent ids: an invitation's
      // start is sent again on every open of its link, however long the chat has gone on.
      const startAgain = activity.type === 'event' && activity.name === 'survey.start' && activity.id !== undefined && data.lastStart === activity.id;
      if (activity.id && (data.seen.includes(activity.id) || startAgain)) {
        // Delivered again: the turn was saved but may not have finished (a store fault after
        // the save). Its answers are recorded (idempotent); its replies are sent again only
        // where the channel drops the ones it already has.
        await this.settle(data, address, log);
        if (data.reply?.to === activity.id && context.turnState.get(IDEMPOTENT_REPLIES) === true) {
          await this.send(context, data.reply.outputs);
          return;
        }
        this.expected.info(turnFields(context, { conversation: key, activityId: activity.id }), 'dropped a turn already handled');
        return;
      }
      if (!this.settledHere(key, data)) {
        if (data.pending?.length) await this.apply(data.pending, address, true, log);
        if (data.pendingNote) await this.deps.desk?.customerSaid(data.pendingNote);
      }
      const effects = beginEffects(context);
      const note: { value: CustomerNote | undefined } = { value: undefined };
      const proceed = await this.dispatch(context, data, effects, note);
      if (!proceed) return;
      this.markEnd(effects);
      if (effects.ended) data.last = effects.ended;
      const recovered = this.afterDialog(data, effects);
      if (activity.id) {
        const seen = data.seen.slice(1 - SEEN_IDS);
        seen.push(activity.id);
        data.seen = seen;
      }
      if (activity.id && activity.type === 'event' && activity.name === 'survey.start') data.lastStart = activity.id;
      await this.indexCustomer(effects.events, address);
      const start = effects.events.find((e) => e.type === 'survey.started') ?? data.unstarted;
      const { record, held } = deferStart(effects.events, data.unstarted);
      if (start?.type === 'survey.started' && effects.events.some((e) => e.type === 'survey.opted_out' && !record.includes(e))) {
        void this.deps.invitations?.stoppedBeforeStart(start.customer);
      }
      data.unstarted = held;
      data.pending = record;
      data.pendingNote = note.value;
      data.turn = this.nextTurn();
      data.reply = activity.id && context.turnState.get(IDEMPOTENT_REPLIES) === true ? { to: activity.id, outputs: effects.outputs } : undefined;
      try {
        const item = { data, ...(stored?.eTag ? { eTag: stored.eTag } : {}) };
        await this.deps.storage.write({ [key]: item }, { ttlMs: effects.ttlMs ?? DEFAULT_STATE_TTL_MS });
      } catch (err) {
        if (isSatisfyError(err, 'ETAG_CONFLICT') && attempt < MAX_TURN_TRIES) {
          this.expected.info(turnFields(context, { conversation: key, attempt }), 'conversation changed during the turn; running it again');
          continue;
        }
        // A connection dropped during the write leaves it unknown whether the write landed. If
        // it did and the customer were told to send their answer again, a resend that is a new
        // message (Slack, Bot Framework) would be taken as the answer to the next question.
        if (!isSatisfyError(err, 'STORE_UNAVAILABLE') || !(await this.landed(key, data.turn))) throw err;
        this.expected.info({ conversation: key }, 'the state write failed but had landed; the turn goes on');
      }
      try {
        await this.apply(record, address, false, log, effects);
        if (note.value) await this.deps.desk?.customerSaid(note.value);
        if (recovered) await this.deps.desk?.recovered(recovered.caseId, recovered.responseId);
        if (effects.contactDeclined) await this.deps.desk?.contactDeclined(effects.contactDeclined);
        this.settled(key, data.turn);
      } catch (err) {
        // The answer is safe in the saved state (pending); the customer gets their next
        // question, and the response store catches up in the background or at the next turn.
        // Any failure here, not only a store fault: failing the turn now would tell the
        // customer to resend an answer that was kept, and the last answer of a survey (no
        // next turn) would never be recorded.
        if (isSatisfyError(err, 'STORE_UNAVAILABLE')) log().warn({ conversation: key, err: err.message }, 'turn saved, its answers not yet recorded; retrying in the background');
        else log().error({ conversation: key, err }, 'turn saved, recording its answers failed; retrying in the background');
        this.settleLater(key, address);
      }
      await this.transcribe(context, data, effects, note.value);
      await this.send(context, effects.outputs);
      return;
    }
  }

  /** Once a conversation has a case, every turn goes onto it as the customer saw it. */
  private async transcribe(context: TurnContext, data: ConversationData, effects: TurnEffects, note: CustomerNote | undefined): Promise<void> {
    const desk = this.deps.desk;
    const caseId = data.escalation?.caseId;
    if (!desk || !caseId) return;
    const at = new Date(this.deps.engine.clock.now()).toISOString();
    const turn = context.activity.id ?? `turn:${this.deps.engine.newId()}`;
    const entries = turnTranscript(context.activity, effects, note !== undefined, turn, at);
    await desk.transcribe(caseId, entries).catch((err: unknown) => turnLog(context, this.deps.log).warn({ caseId, err: (err as Error).message }, 'could not add the turn to the case transcript'));
  }

  /**
   * A survey opened for a known customer is listed under them before anything of it is saved
   * (the conversation state holds their customer and order data from the first turn, before
   * the response exists), so an erasure finds it all.
   */
  private async indexCustomer(events: readonly SurveyEvent[], address: CustomerAddress): Promise<void> {
    const customers = this.deps.customers;
    if (!customers) return;
    for (const e of events) {
      if (e.type !== 'survey.started') continue;
      const id = e.customer.id;
      if (typeof id !== 'string' && typeof id !== 'number') continue;
      await customers.add(String(id), [
        { kind: 'response', id: e.responseId, surveyId: e.surveyId },
        { kind: 'conversation', channelId: address.channelId, conversationId: address.conversationId },
      ]);
    }
  }

  /**
   * Whether this process recorded the saved turn's events and note itself, so the next turn
   * need not apply them again: the replay is only for a turn whose recording failed or whose
   * process died (or another instance took it), and costs the store a write per event.
   */
  private settledHere(key: string, data: ConversationData): boolean {
    return data.turn !== undefined && this.recorded.get(key) === data.turn;
  }

  private settled(key: string, turn: string): void {
    this.recorded.delete(key);
    this.recorded.set(key, turn);
    // The oldest go first (a Map keeps insertion order); forgetting one only costs a replay.
    if (this.recorded.size > RECORDED_TURNS) this.recorded.delete(this.recorded.keys().next().value!);
  }

  /** Applies the last saved turn's events and note again (idempotent). */
  private async settle(data: ConversationData, address: CustomerAddress, log: () => Logger): Promise<void> {
    if (data.pending?.length) await this.apply(data.pending, address, true, log);
    if (data.pendingNote) await this.deps.desk?.customerSaid(data.pendingNote);
  }

  /**
   * A turn whose state was saved but whose answers did not reach the response store: retried
   * from the saved state a few times over about a minute, so the last answer of a survey is
   * recorded even if the customer never writes again. (A process that dies meanwhile leaves
   * them pending in the state, applied by the conversation's next turn.)
   */
  private settleLater(key: string, address: CustomerAddress, attempt = 0): void {
    if (this.closed) return;
    if (attempt >= SETTLE_DELAYS_MS.length) {
      this.deps.log.error({ conversation: key }, 'answers still not recorded after retries; they stay pending in the conversation state until its next turn');
      return;
    }
    const timer = setTimeout(() => {
      this.settling.delete(timer);
      void (async () => {
        const stored = (await this.deps.storage.read([key]))[key] as StoredConversation | undefined;
        if (stored) await this.settle(stored.data, address, () => this.deps.log);
      })().catch(() => this.settleLater(key, address, attempt + 1));
    }, SETTLE_DELAYS_MS[attempt]);
    timer.unref();
    this.settling.add(timer);
  }

  /**
   * Whether a state write whose answer was lost holds in the store (its turn token is there):
   * read back as soon as the store answers again, for a few seconds. False when it did not
   * land, or when the store stays away (the customer is then asked to try again).
   */
  private async landed(key: string, turn: string): Promise<boolean> {
    for (const delay of LANDED_CHECK_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closed) return false;
      try {
        const stored = (await this.deps.storage.read([key]))[key] as StoredConversation | undefined;
        return stored?.data.turn === turn;
      } catch (err) {
        if (!isSatisfyError(err, 'STORE_UNAVAILABLE')) return false;
      }
    }
    return false;
  }

  /** Stops background retries (the stores are about to close). */
  close(): void {
    this.closed = true;
    for (const timer of this.settling) clearTimeout(timer);
    this.settling.clear();
  }

  /** Writes a turn's events to the responses, and opens or adds to the case they raise. */
  private async apply(events: readonly SurveyEvent[], address: CustomerAddress, replay: boolean, log: () => Logger, effects?: TurnEffects): Promise<void> {
    await recordEvents(events, address.channelId, this.deps.responses, log, replay, this.deps.metrics);
    await this.deps.results?.record(events, address.channelId);
    void this.deps.invitations?.onSurveyEvents(events);
    if (this.deps.desk && events.some((e) => e.type === 'escalation.requested')) await this.deps.desk.raise(events, address, effects?.survey ? { ...effects.survey.context, current: effects.survey.current } : effects?.caseContext);
    this.announceCompleted(events, log);
  }

  /**
   * response.completed, once the response is stored complete; in the background, so the turn
   * never waits for it. Events applied again (a replay) carry the response id as the event's
   * key, so receivers get it once.
   */
  private announceCompleted(events: readonly SurveyEvent[], log: () => Logger): void {
    const webhooks = this.deps.webhooks;
    if (!webhooks) return;
    for (const event of events) {
      if (event.type !== 'survey.completed') continue;
      // No endpoint for it (the usual case): the response is not read back.
      void webhooks
        .wants('response.completed')
        .then((wanted) => (wanted ? this.deps.responses.get(event.responseId) : undefined))
        .then((response) => {
          if (response?.status === 'completed') webhooks.emit('response.completed', responseCompletedData(response), { key: response.id });
        })
        .catch((err: unknown) => log().warn({ responseId: event.responseId, err: (err as Error).message }, 'response.completed webhook not announced: the response could not be read'));
    }
  }

  /**
   * Escalation bookkeeping after the dialogs ran (src/core/handoff/handoffRules): which case this
   * survey raised, whether a person now takes the chat over, whether the recovery questions ended.
   */
  private afterDialog(data: ConversationData, effects: TurnEffects): { caseId: string; responseId: string } | undefined {
    const after = afterSurveyTurn(data, effects, this.rules, this.deps.engine.clock.now());
    keepHandoffState(data, after.state);
    effects.outputs.push(...after.outputs);
    if (after.contactDeclined) effects.contactDeclined = after.contactDeclined;
    return after.recovered;
  }

  /** The message that ends a survey says so, so a channel can close its text box and offer a
   * person instead (the web widget's closing state). Nothing when a question follows. */
  private markEnd(effects: TurnEffects): void {
    const ended = effects.ended;
    if (!ended || (ended.status !== 'completed' && ended.status !== 'opted_out')) return;
    const last = effects.outputs.at(-1);
    if (last?.type !== 'message') return;
    effects.outputs[effects.outputs.length - 1] = { ...last, end: { status: ended.status, help: this.say(ended.locale, 'survey.help_person') } };
  }

  /** Asking for a person after the survey ended: the case of that survey is opened (or added
   * to) and, where a person can take over, they are on the way. */
  private personAfterEnd(data: ConversationData, last: NonNullable<ConversationData['last']>, effects: TurnEffects, text: string): void {
    if (last.context) effects.caseContext = last.context;
    const asked = askForPerson(data, last, text, this.rules, this.deps.engine.clock.now());
    effects.events.push(asked.event);
    keepHandoffState(data, asked.state);
    effects.outputs.push(...asked.outputs);
  }

  /** What the handoff rules need of this bot: its desk's settings (read when asked) and its
   * strings. Made once: every turn asks them. */
  private readonly rules: HandoffRules;

  private handoffRules(): HandoffRules {
    const desk = this.deps.desk;
    const rules: HandoffRules = {
      cases: desk !== undefined,
      get handoff() {
        return desk?.enabled === true;
      },
      waitMinutes: (priority) => desk?.waitMinutes(priority) ?? 0,
      defaultLocale: this.deps.defaultLocale,
      say: (locale, key, params) => this.say(locale, key, params),
    };
    if (desk) {
      Object.defineProperty(rules, 'recoverySurveyId', { get: () => desk.recoverySurveyId, enumerable: true });
    }
    return rules;
  }

  /** A bot string in the customer's locale, from the locale files. */
  private say(locale: string, key: string, params: Record<string, string | number> = {}): string {
    const matched = matchLocale(locale, Object.keys(this.deps.catalog), this.deps.defaultLocale);
    return interpolate(this.deps.catalog[matched]?.[key] ?? this.deps.catalog[this.deps.defaultLocale]?.[key] ?? key, params);
  }

  /**
   * A person took over, wrote, or handed the chat back (events sent in by src/escalation).
   * False when the event is not for the handoff this conversation is in (nothing to save).
   */
  private async handoffEvent(dc: DialogContext, data: ConversationData, effects: TurnEffects): Promise<boolean> {
    const { activity } = dc.context;
    const surveyRunning = (data.dialogs.dialogStack?.length ?? 0) > 0;
    const outcome = onHandoffEvent(data, activity.name ?? '', activity.value, surveyRunning, this.rules, this.deps.engine.clock.now());
    if (outcome.ignored) return false;
    keepHandoffState(data, outcome.state);
    effects.outputs.push(...outcome.outputs);
    if (outcome.recovery && (await this.surveyExists(outcome.recovery.surveyId))) {
      data.recovery = { caseId: outcome.recovery.caseId };
      await dc.beginDialog(SurveyDialog.dialogId, { surveyId: outcome.recovery.surveyId, locale: outcome.recovery.locale });
    } else if (outcome.resume) {
      await dc.continueDialog();
    }
    return true;
  }

  /** Runs the dialogs for this activity; false when there is nothing to save. */
  private async dispatch(context: TurnContext, data: ConversationData, effects: TurnEffects, note: { value: CustomerNote | undefined }): Promise<boolean> {
    context.turnState.set(CONVERSATION_DATA, data);
    const dc = await this.dialogs.createContext(context);
    const { activity } = context;
    if (activity.type === 'event' && activity.name !== 'survey.start') return this.handoffEvent(dc, data, effects);
    const kind = activity.type === 'event' ? 'start' : 'message';
    const caseActive = data.handoff && kind === 'message' ? (await this.deps.desk?.isActive(data.handoff.caseId)) === true : false;
    const route = routeCustomerTurn(data.handoff, kind, caseActive);
    if ('refused' in route) {
      await this.sendError(context, route.refused, route.message);
      return false;
    }
    if (route.to === 'person') {
      const text = typeof activity.text === 'string' ? activity.text : '';
      note.value = { caseId: route.caseId, id: activity.id ?? `${this.deps.engine.newId()}`, text, at: this.deps.engine.clock.now() };
      return true;
    }
    if (data.handoff && !route.handoff) data.handoff = undefined;
    if (activity.type === 'event') {
      const parsed = SurveyStartValue.safeParse(activity.value ?? {});
      if (!parsed.success) {
        await this.sendError(context, 'BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
        return false;
      }
      const { surveyId = this.deps.defaultSurveyId, ...start } = parsed.data;
      const version = await this.publishedVersion(surveyId);
      if (version === undefined) {
        await this.sendError(context, 'SURVEY_NOT_FOUND', `No published survey "${surveyId}"`);
        return false;
      }
      await dc.cancelAllDialogs();
      await dc.beginDialog(SurveyDialog.dialogId, { ...start, surveyId, version, locale: start.locale ?? activity.locale ?? this.deps.defaultLocale });
      return true;
    }
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return true;
    const last = data.last;
    if (last && last.status !== 'abandoned') {
      const text = typeof activity.text === 'string' ? activity.text.trim() : '';
      const button = (activity.value as { satisfy?: { action?: unknown } } | undefined)?.satisfy?.action;
      const key = messageAfterEnd(last, text, button, this.rules);
      if (key === 'person') {
        this.personAfterEnd(data, last, effects, text);
        return true;
      }
      const script = await this.deps.scripts.published(last.surveyId);
      effects.outputs.push({ type: 'message', text: t(script, last.locale, key) });
      return true;
    }
    await dc.beginDialog(SurveyDialog.dialogId, { surveyId: this.deps.defaultSurveyId, locale: activity.locale ?? this.deps.defaultLocale });
    return true;
  }

  private async surveyExists(surveyId: string): Promise<boolean> {
    return (await this.publishedVersion(surveyId)) !== undefined;
  }

  /** The version a survey starting now begins on, passed to the dialog so a start reads the
   * published pointer once (it is read at every start: a publish reaches every instance at once). */
  private async publishedVersion(surveyId: string): Promise<number | undefined> {
    try {
      return (await this.deps.scripts.published(surveyId)).version;
    } catch (err) {
      if (isSatisfyError(err, 'SURVEY_NOT_FOUND')) return undefined;
      throw err;
    }
  }

  private async send(context: TurnContext, outputs: readonly Output[]): Promise<void> {
    if (!outputs.length) return;
    const to = context.activity.id;
    await context.sendActivities(
      outputs.map((output, i) => {
        const activity = renderActivity(output);
        if (to) (activity as Record<PropertyKey, unknown>)[REPLY_KEY] = `${to}~${i}`;
        return activity;
      }),
    );
  }

  /** Errors in a start request go back to the system that sent it as an event, not to the
   * customer as chat text. */
  private async sendError(context: TurnContext, code: string, message: string): Promise<void> {
    turnLog(context, this.deps.log).warn({ code, message }, 'survey.start refused');
    await context.sendActivity({ type: 'event', name: 'survey.error', value: { code, message } });
  }
}

/** Where to write to this customer again, from any instance. */
function addressOf(activity: Partial<Activity>): CustomerAddress {
  return {
    channelId: activity.channelId ?? 'unknown',
    conversationId: activity.conversation?.id ?? 'unknown',
    userId: activity.from?.id ?? 'unknown',
    ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}),
  };
}

export function conversationKey(activity: Partial<Activity>): string {
  return `conversation/${activity.channelId ?? 'unknown'}/${activity.conversation?.id ?? 'unknown'}`;
}

/** Takes the handoff rules' answer into the conversation state that is saved. */
function keepHandoffState(data: ConversationData, state: HandoffState): void {
  if (data.escalation !== state.escalation) data.escalation = state.escalation;
  if (data.handoff !== state.handoff) data.handoff = state.handoff;
  if (data.recovery !== state.recovery) data.recovery = state.recovery;
}
