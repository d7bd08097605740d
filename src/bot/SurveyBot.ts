import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { TurnDeps } from '../core/engine/runTurn.js';
import { t } from '../core/engine/render.js';
import type { Output } from '../core/outputs.js';
import type { ResponseStore, StateStorage } from '../core/ports.js';
import type { Catalog } from '../core/script/compiled.js';
import { isSatisfyError } from '../errors.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { DialogStateAccessor, emptyConversation, type ConversationData } from './ConversationState.js';
import { recordEvents } from './recordEvents.js';
import { renderActivity } from './renderActivity.js';
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
}

/** Activity ids remembered per conversation to drop a redelivered turn. */
const SEEN_IDS = 20;
/** A turn that loses a write race is run again on fresh state this many times. */
const MAX_TURN_TRIES = 3;
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

  constructor(private readonly deps: SurveyBotDeps) {
    super();
    this.dialog = new SurveyDialog(deps.scripts, deps.engine);
    this.onMessage(async (context, next) => {
      await this.runTurn(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'survey.start') await this.runTurn(context);
      await next();
    });
  }

  private async runTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const key = conversationKey(activity);
    for (let attempt = 1; ; attempt++) {
      const stored = (await this.deps.storage.read([key]))[key] as StoredConversation | undefined;
      const data = stored?.data ?? emptyConversation();
      if (activity.id && data.seen.includes(activity.id)) {
        this.deps.log.info({ conversation: key, activityId: activity.id }, 'dropped a turn already handled');
        return;
      }
      const channel = activity.channelId ?? 'unknown';
      if (data.pending?.length) await recordEvents(data.pending, channel, this.deps.responses, this.deps.log, true);
      const effects = beginEffects(context);
      const proceed = await this.dispatch(context, data, effects);
      if (!proceed) return;
      if (effects.ended) data.last = effects.ended;
      if (activity.id) data.seen = [...data.seen, activity.id].slice(-SEEN_IDS);
      data.pending = effects.events;
      try {
        const item = { data, ...(stored?.eTag ? { eTag: stored.eTag } : {}) };
        await this.deps.storage.write({ [key]: item }, { ttlMs: effects.ttlMs ?? DEFAULT_STATE_TTL_MS });
      } catch (err) {
        if (isSatisfyError(err, 'ETAG_CONFLICT') && attempt < MAX_TURN_TRIES) {
          this.deps.log.info({ conversation: key, attempt }, 'conversation changed during the turn; running it again');
          continue;
        }
        throw err;
      }
      await recordEvents(effects.events, channel, this.deps.responses, this.deps.log);
      await this.send(context, effects.outputs);
      return;
    }
  }

  /** Runs the dialogs for this activity; false when there is nothing to save. */
  private async dispatch(context: TurnContext, data: ConversationData, effects: TurnEffects): Promise<boolean> {
    const dialogs = new DialogSet(new DialogStateAccessor(data)).add(this.dialog);
    const dc = await dialogs.createContext(context);
    const { activity } = context;
    if (activity.type === 'event') {
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
    if (outputs.length) await context.sendActivities(outputs.map(renderActivity));
  }

  /** Errors in a start request go back to the system that sent it as an event, not to the
   * customer as chat text. */
  private async sendError(context: TurnContext, code: string, message: string): Promise<void> {
    this.deps.log.warn({ code, message }, 'survey.start refused');
    await context.sendActivity({ type: 'event', name: 'survey.error', value: { code, message } });
  }
}

export function conversationKey(activity: Partial<Activity>): string {
  return `conversation/${activity.channelId ?? 'unknown'}/${activity.conversation?.id ?? 'unknown'}`;
}
