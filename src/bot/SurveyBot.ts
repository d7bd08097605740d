import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext } from 'botbuilder-dialogs';
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
import { caseIdFor, higherPriority, type CustomerAddress, type TranscriptEntry } from '../core/cases.js';
import { transcriptIds } from '../core/transcriptIds.js';
import { matchLocale } from '../core/locale.js';
import { recognizeIntent } from '../core/recognize/intent.js';
import type { Priority } from '../core/script/compiled.js';
import { interpolate } from '../core/template.js';
import { isSatisfyError } from '../errors.js';
import type { CustomerNote, HandoffDesk } from './HandoffDesk.js';
import { isTrusted } from './trustedTurn.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { DialogStateAccessor, emptyConversation, type ConversationData } from './ConversationState.js';
import { deferStart } from './deferStart.js';
import { recordEvents } from './recordEvents.js';
import { renderActivity } from './renderActivity.js';
import { IDEMPOTENT_REPLIES, REPLY_KEY } from './replyKey.js';
import { SurveyStartValue } from './startOptions.js';
import { beginEffects, SurveyDialog, type TurnEffects } from './SurveyDialog.js';

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
}

/** Sent by src/escalation into the customer's conversation (value: HandoffEventValue). */
export const HANDOFF_EVENTS = ['handoff.claimed', 'handoff.message', 'handoff.resolved', 'handoff.expired'] as const;
export type HandoffEventName = (typeof HANDOFF_EVENTS)[number];
export interface HandoffEventValue {
  caseId: string;
  agentName?: string;
  text?: string;
}

/** Activity ids remembered per conversation to drop a redelivered turn. */
const SEEN_IDS = 20;
/** A turn that loses a write race is run again on fresh state this many times. */
const MAX_TURN_TRIES = 3;
/** When to retry recording a saved turn's answers after a store fault. */
const SETTLE_DELAYS_MS = [500, 2000, 5000, 15_000, 40_000];
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
  private readonly dialog: SurveyDialog;
  private readonly settling = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Redeliveries and write races are expected; they are logged sampled, without stacks. */
  private readonly expected: SampledLog;

  constructor(private readonly deps: SurveyBotDeps) {
    super();
    this.expected = new SampledLog(deps.log);
    this.dialog = new SurveyDialog(deps.scripts, deps.engine);
    this.onMessage(async (context, next) => {
      await this.runTurn(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      const name = context.activity.name ?? '';
      const handoff = (HANDOFF_EVENTS as readonly string[]).includes(name);
      if (handoff && !isTrusted(context)) this.deps.log.warn({ name, channel: context.activity.channelId }, 'ignored a handoff event a client sent');
      else if (name === 'survey.start' || handoff) await this.runTurn(context);
      await next();
    });
  }

  private async runTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const key = conversationKey(activity);
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
        await this.settle(data, address);
        if (data.reply?.to === activity.id && context.turnState.get(IDEMPOTENT_REPLIES) === true) {
          await this.send(context, data.reply.outputs);
          return;
        }
        this.expected.info({ conversation: key, activityId: activity.id }, 'dropped a turn already handled');
        return;
      }
      if (data.pending?.length) await this.apply(data.pending, address, true);
      if (data.pendingNote) await this.deps.desk?.customerSaid(data.pendingNote);
      const effects = beginEffects(context);
      const note: { value: CustomerNote | undefined } = { value: undefined };
      const proceed = await this.dispatch(context, data, effects, note);
      if (!proceed) return;
      this.markEnd(effects);
      if (effects.ended) data.last = effects.ended;
      const recovered = this.afterDialog(data, effects);
      if (activity.id) data.seen = [...data.seen, activity.id].slice(-SEEN_IDS);
      if (activity.id && activity.type === 'event' && activity.name === 'survey.start') data.lastStart = activity.id;
      await this.indexCustomer(effects.events, address);
      const { record, held } = deferStart(effects.events, data.unstarted);
      data.unstarted = held;
      data.pending = record;
      data.pendingNote = note.value;
      data.reply = activity.id && context.turnState.get(IDEMPOTENT_REPLIES) === true ? { to: activity.id, outputs: effects.outputs } : undefined;
      try {
        const item = { data, ...(stored?.eTag ? { eTag: stored.eTag } : {}) };
        await this.deps.storage.write({ [key]: item }, { ttlMs: effects.ttlMs ?? DEFAULT_STATE_TTL_MS });
      } catch (err) {
        if (isSatisfyError(err, 'ETAG_CONFLICT') && attempt < MAX_TURN_TRIES) {
          this.expected.info({ conversation: key, attempt }, 'conversation changed during the turn; running it again');
          continue;
        }
        throw err;
      }
      try {
        await this.apply(record, address, false, effects);
        if (note.value) await this.deps.desk?.customerSaid(note.value);
        if (recovered) await this.deps.desk?.recovered(recovered.caseId, recovered.responseId);
        if (effects.contactDeclined) await this.deps.desk?.contactDeclined(effects.contactDeclined);
      } catch (err) {
        // The answer is safe in the saved state (pending); the customer gets their next
        // question, and the response store catches up in the background or at the next turn.
        // Any failure here, not only a store fault: failing the turn now would tell the
        // customer to resend an answer that was kept, and the last answer of a survey (no
        // next turn) would never be recorded.
        if (isSatisfyError(err, 'STORE_UNAVAILABLE')) this.deps.log.warn({ conversation: key, err: err.message }, 'turn saved, its answers not yet recorded; retrying in the background');
        else this.deps.log.error({ conversation: key, err }, 'turn saved, recording its answers failed; retrying in the background');
        this.settleLater(key, address);
      }
      await this.transcribe(context, data, effects, note.value);
      await this.send(context, effects.outputs);
      return;
    }
  }

  /**
   * Once a conversation has a case, every turn goes onto it as the customer saw it: what they
   * typed (or the button they pressed) and every message the bot sent, including the promise
   * of a person and everything after it. Lines are keyed so a replayed turn adds nothing; the
   * agent's own messages and the customer's words during a handoff are kept by the desk.
   */
  private async transcribe(context: TurnContext, data: ConversationData, effects: TurnEffects, note: CustomerNote | undefined): Promise<void> {
    const desk = this.deps.desk;
    const caseId = data.escalation?.caseId;
    if (!desk || !caseId) return;
    const { activity } = context;
    const at = new Date(this.deps.engine.clock.now()).toISOString();
    const turn = activity.id ?? `turn:${this.deps.engine.newId()}`;
    const entries: TranscriptEntry[] = [];
    const text = activity.type === 'message' && typeof activity.text === 'string' ? activity.text.trim() : '';
    if (text && !note) {
      const answer = effects.events.find((e) => e.type === 'answer.recorded' || e.type === 'answer.skipped');
      const id = answer && 'questionId' in answer ? transcriptIds(answer.responseId).answer(answer.questionId) : `${turn}:in`;
      entries.push({ at, from: 'customer', text, id, ...(answer && 'questionId' in answer ? { name: answer.questionId } : {}) });
    }
    // An agent's message is on the case already, as theirs.
    if (activity.name !== 'handoff.message') {
      const responseId = effects.survey?.responseId;
      effects.outputs.forEach((output, i) => {
        const shown = renderActivity(output).text ?? '';
        const ids = responseId ? transcriptIds(responseId) : undefined;
        const known = output.type === 'question' ? (output.reask ? undefined : ids?.question(output.questionId)) : output.end ? ids?.ending : undefined;
        entries.push({ at, from: 'bot', text: shown, id: known ?? `${turn}:out:${i}`, ...(output.type === 'question' ? { name: output.questionId } : {}) });
      });
    }
    await desk.transcribe(caseId, entries).catch((err: unknown) => this.deps.log.warn({ caseId, err: (err as Error).message }, 'could not add the turn to the case transcript'));
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

  /** Applies the last saved turn's events and note again (idempotent). */
  private async settle(data: ConversationData, address: CustomerAddress): Promise<void> {
    if (data.pending?.length) await this.apply(data.pending, address, true);
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
        if (stored) await this.settle(stored.data, address);
      })().catch(() => this.settleLater(key, address, attempt + 1));
    }, SETTLE_DELAYS_MS[attempt]);
    timer.unref();
    this.settling.add(timer);
  }

  /** Stops background retries (the stores are about to close). */
  close(): void {
    this.closed = true;
    for (const timer of this.settling) clearTimeout(timer);
    this.settling.clear();
  }

  /** Writes a turn's events to the responses, and opens or adds to the case they raise. */
  private async apply(events: readonly SurveyEvent[], address: CustomerAddress, replay: boolean, effects?: TurnEffects): Promise<void> {
    await recordEvents(events, address.channelId, this.deps.responses, this.deps.log, replay, this.deps.metrics);
    await this.deps.results?.record(events);
    if (this.deps.desk && events.some((e) => e.type === 'escalation.requested')) await this.deps.desk.raise(events, address, effects?.survey ? { ...effects.survey.context, current: effects.survey.current } : effects?.caseContext);
  }

  /**
   * Escalation bookkeeping after the dialogs ran: which case this survey raised, whether a
   * person now takes the chat over (a rule said so, or the survey that raised it just ended),
   * and whether the recovery questions just ended.
   */
  private afterDialog(data: ConversationData, effects: TurnEffects): { caseId: string; responseId: string } | undefined {
    for (const e of effects.events) {
      if (e.type !== 'escalation.requested') continue;
      const same = data.escalation?.responseId === e.responseId ? data.escalation : undefined;
      data.escalation = {
        responseId: e.responseId,
        caseId: caseIdFor(e.responseId),
        priority: higherPriority(same?.priority ?? e.priority, e.priority),
        locale: effects.survey?.locale ?? same?.locale ?? this.deps.defaultLocale,
        ...(same?.handedBack ? { handedBack: true } : {}),
      };
    }
    const desk = this.deps.desk;
    const survey = effects.survey;
    if (desk?.enabled && data.escalation && !data.escalation.handedBack && !data.handoff && survey?.responseId === data.escalation.responseId) {
      const escalation = data.escalation;
      const now = effects.events.some((e) => e.type === 'escalation.requested' && e.then !== 'continue');
      const over = effects.events.some((e) => e.type === 'survey.completed' && e.responseId === escalation.responseId);
      // A customer who said No to being contacted is not handed over when the survey ends (a
      // rule that wants a person now, or their own request, still is).
      const declined = over && !now && survey.contactWanted === false;
      if (declined) effects.contactDeclined = escalation.caseId;
      else if (now || over) {
        data.handoff = { caseId: escalation.caseId, locale: survey.locale, since: this.deps.engine.clock.now(), resumeSurvey: survey.active };
        const asked = effects.events.some((e) => e.type === 'escalation.requested' && e.reason === 'customer');
        effects.outputs.push(this.promise(survey.locale, escalation.priority, asked));
      }
    } else if (desk && !desk.enabled && data.escalation && survey?.responseId === data.escalation.responseId && survey.contactWanted !== false) {
      // Nobody joins chats (HANDOFF=off): a survey that ended with a case says, once, that the
      // team will get in touch, so no ending has to promise it.
      const escalationId = data.escalation.responseId;
      if (effects.events.some((e) => e.type === 'survey.completed' && e.responseId === escalationId)) effects.outputs.push({ type: 'message', text: this.say(survey.locale, 'handoff.follow_up') });
    }
    const recovery = data.recovery;
    if (!recovery) return undefined;
    const started = effects.events.find((e) => e.type === 'survey.started' && e.surveyId === desk?.recoverySurveyId);
    if (started) recovery.responseId = started.responseId;
    const ended = effects.events.some((e) => (e.type === 'survey.completed' || e.type === 'survey.opted_out' || e.type === 'survey.abandoned') && e.responseId === recovery.responseId);
    if (!ended || !recovery.responseId) return undefined;
    data.recovery = undefined;
    return { caseId: recovery.caseId, responseId: recovery.responseId };
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

  /** The one promise a customer gets when a person is coming: when, from the SLA of the case's
   * priority. Worded as an answer when they asked for a person themselves. */
  private promise(locale: string, priority: Priority, asked: boolean): Output {
    const minutes = this.deps.desk?.waitMinutes(priority) ?? 0;
    const wait = minutes < 120 ? this.say(locale, 'handoff.wait.minutes', { n: minutes }) : this.say(locale, 'handoff.wait.hours', { n: Math.ceil(minutes / 60) });
    return { type: 'message', text: this.say(locale, asked ? 'handoff.waiting.request' : 'handoff.waiting', { wait }) };
  }

  /**
   * Asking for a person always works, also after the survey ended: the case of that survey is
   * opened (or added to) and, where a person can take over, they are on the way.
   */
  private personAfterEnd(data: ConversationData, last: NonNullable<ConversationData['last']>, effects: TurnEffects, text: string): void {
    const at = this.deps.engine.clock.now();
    if (last.context) effects.caseContext = last.context;
    effects.events.push({ type: 'escalation.requested', responseId: last.responseId, reason: 'customer', priority: 'high', then: 'pause', ...(text ? { matched: text.slice(0, 2000) } : {}), at });
    const same = data.escalation?.responseId === last.responseId ? data.escalation : undefined;
    const priority = higherPriority(same?.priority ?? 'high', 'high');
    data.escalation = { responseId: last.responseId, caseId: caseIdFor(last.responseId), priority, locale: last.locale };
    if (!this.deps.desk?.enabled) {
      effects.outputs.push({ type: 'message', text: this.say(last.locale, 'agent.requested') });
      return;
    }
    data.handoff = { caseId: caseIdFor(last.responseId), locale: last.locale, since: at, resumeSurvey: false };
    effects.outputs.push(this.promise(last.locale, priority, true));
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
    const value = (activity.value ?? {}) as Partial<HandoffEventValue>;
    // A person's name, or none when the team signed in as the team (the admin token).
    const person = typeof value.agentName === 'string' && value.agentName ? value.agentName : undefined;
    const escalation = data.escalation;
    // Claimed while the survey goes on (a `continue` rule): the person takes over now.
    if (this.deps.desk?.enabled && !data.handoff && activity.name === 'handoff.claimed' && escalation && escalation.caseId === value.caseId && !escalation.handedBack) {
      data.handoff = { caseId: escalation.caseId, locale: escalation.locale, since: this.deps.engine.clock.now(), resumeSurvey: (data.dialogs.dialogStack?.length ?? 0) > 0 };
    }
    const handoff = data.handoff;
    if (!handoff || typeof value.caseId !== 'string' || value.caseId !== handoff.caseId) return false;
    switch (activity.name as HandoffEventName) {
      case 'handoff.claimed':
        handoff.agent = person ?? this.say(handoff.locale, 'handoff.team_name');
        effects.outputs.push({ type: 'message', text: person ? this.say(handoff.locale, 'handoff.joined', { name: person }) : this.say(handoff.locale, 'handoff.joined.team') });
        return true;
      case 'handoff.message':
        if (typeof value.text !== 'string' || !value.text) return false;
        effects.outputs.push({ type: 'message', text: `${person ?? this.say(handoff.locale, 'handoff.team_name')}: ${value.text}` });
        return true;
      case 'handoff.resolved':
      case 'handoff.expired': {
        data.handoff = undefined;
        if (escalation?.caseId === handoff.caseId) escalation.handedBack = true;
        if (activity.name === 'handoff.resolved') {
          effects.outputs.push({ type: 'message', text: person ? this.say(handoff.locale, 'handoff.left', { name: person }) : this.say(handoff.locale, 'handoff.left.team') });
          const recoveryId = this.deps.desk?.recoverySurveyId;
          if (recoveryId && (await this.surveyExists(recoveryId))) {
            data.recovery = { caseId: handoff.caseId };
            await dc.beginDialog(SurveyDialog.dialogId, { surveyId: recoveryId, locale: handoff.locale });
            return true;
          }
        }
        if (handoff.resumeSurvey) await dc.continueDialog();
        return true;
      }
    }
  }

  /** Runs the dialogs for this activity; false when there is nothing to save. */
  private async dispatch(context: TurnContext, data: ConversationData, effects: TurnEffects, note: { value: CustomerNote | undefined }): Promise<boolean> {
    const dialogs = new DialogSet(new DialogStateAccessor(data)).add(this.dialog);
    const dc = await dialogs.createContext(context);
    const { activity } = context;
    if (activity.type === 'event' && activity.name !== 'survey.start') return this.handoffEvent(dc, data, effects);
    if (data.handoff && activity.type === 'message') {
      if (await this.deps.desk?.isActive(data.handoff.caseId)) {
        const text = typeof activity.text === 'string' ? activity.text : '';
        note.value = { caseId: data.handoff.caseId, id: activity.id ?? `${this.deps.engine.newId()}`, text, at: this.deps.engine.clock.now() };
        return true;
      }
      // Resolved or expired while the hand-back did not reach this chat: the bot takes it back.
      data.handoff = undefined;
    }
    if (activity.type === 'event') {
      if (data.handoff) {
        await this.sendError(context, 'HANDOFF_ACTIVE', 'A person is helping this customer in this conversation; start a survey once the case is resolved.');
        return false;
      }
      const parsed = SurveyStartValue.safeParse(activity.value ?? {});
      if (!parsed.success) {
        await this.sendError(context, 'BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
        return false;
      }
      const { surveyId = this.deps.defaultSurveyId, ...start } = parsed.data;
      if (!(await this.surveyExists(surveyId))) {
        await this.sendError(context, 'SURVEY_NOT_FOUND', `No published survey "${surveyId}"`);
        return false;
      }
      await dc.cancelAllDialogs();
      await dc.beginDialog(SurveyDialog.dialogId, { ...start, surveyId, locale: start.locale ?? activity.locale ?? this.deps.defaultLocale });
      return true;
    }
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return true;
    const last = data.last;
    if (last && last.status !== 'abandoned') {
      const text = typeof activity.text === 'string' ? activity.text.trim() : '';
      const button = (activity.value as { satisfy?: { action?: unknown } } | undefined)?.satisfy?.action;
      if (this.deps.desk && (button === 'human' || recognizeIntent(text, last.locale) === 'agent')) {
        this.personAfterEnd(data, last, effects, text);
        return true;
      }
      const script = await this.deps.scripts.published(last.surveyId);
      const key = last.status === 'opted_out' ? 'survey.opted_out' : 'survey.already_completed';
      effects.outputs.push({ type: 'message', text: t(script, last.locale, key) });
      return true;
    }
    await dc.beginDialog(SurveyDialog.dialogId, { surveyId: this.deps.defaultSurveyId, locale: activity.locale ?? this.deps.defaultLocale });
    return true;
  }

  private async surveyExists(surveyId: string): Promise<boolean> {
    try {
      await this.deps.scripts.published(surveyId);
      return true;
    } catch (err) {
      if (isSatisfyError(err, 'SURVEY_NOT_FOUND')) return false;
      throw err;
    }
  }

  private async send(context: TurnContext, outputs: readonly Output[]): Promise<void> {
    if (!outputs.length) return;
    const to = context.activity.id;
    await context.sendActivities(outputs.map((output, i) => (to ? { ...renderActivity(output), [REPLY_KEY]: `${to}~${i}` } : renderActivity(output))));
  }

  /** Errors in a start request go back to the system that sent it as an event, not to the
   * customer as chat text. */
  private async sendError(context: TurnContext, code: string, message: string): Promise<void> {
    this.deps.log.warn({ code, message }, 'survey.start refused');
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
