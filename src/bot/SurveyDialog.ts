import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogEvent, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
// Not the package's index, which loads the prompts and their recognizers too (SurveyBot.ts).
import { Dialog, DialogReason } from 'botbuilder-dialogs/lib/dialog.js';
import type { Value } from '../core/condition.js';
import { expireIfStale, runTurn, type TurnDeps, type TurnResult } from '../core/engine/runTurn.js';
import type { SurveyEvent } from '../core/events.js';
import type { Output } from '../core/outputs.js';
import type { CompiledScript } from '../core/script/compiled.js';
import type { Session } from '../core/session.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { inputFromActivity } from './activityInput.js';
import type { ConversationData } from './ConversationState.js';

export interface SurveyDialogOptions {
  surveyId: string;
  locale?: string;
  customer?: Record<string, Value>;
  order?: Record<string, Value>;
  /** The published version the caller just looked up for this start (one read, not two). */
  version?: number;
}

/** What a turn produced, gathered while dialogs run and acted on only after state is saved, so
 * nothing is shown or recorded for a turn that lost a write race and is run again. */
export interface TurnEffects {
  outputs: Output[];
  events: SurveyEvent[];
  ended?: NonNullable<ConversationData['last']>;
  /** How long to keep the conversation state after this turn. */
  ttlMs?: number;
  /** The running (or just finished) survey: its locale, and whether it is still going. */
  survey?: {
    surveyId: string;
    responseId: string;
    locale: string;
    active: boolean;
    context: Session['context'];
    /** The question waiting for an answer, or null when the survey is over. */
    current: string | null;
    /** The answer to the script's contact question (settings.contactConsent), when given. */
    contactWanted?: boolean;
  };
  /** Start data for a case opened without a survey running (a person asked for after the end). */
  caseContext?: { customer: Record<string, unknown>; order: Record<string, unknown> };
  /** The case whose customer just declined contact (set by SurveyBot, acted on after saving). */
  contactDeclined?: string;
}

/** Kept past a survey's expiry so that a customer who comes back late is told it expired and
 * the response is closed as abandoned, instead of the state silently vanishing. */
const EXPIRY_GRACE_MS = 24 * 3600_000;

const EFFECTS = Symbol('satisfy.turnEffects');

export function beginEffects(context: TurnContext): TurnEffects {
  const effects: TurnEffects = { outputs: [], events: [] };
  context.turnState.set(EFFECTS, effects);
  return effects;
}

function effectsOf(context: TurnContext): TurnEffects {
  const effects = context.turnState.get(EFFECTS) as TurnEffects | undefined;
  if (!effects) throw new Error('SurveyDialog ran outside SurveyBot: no turn effects');
  return effects;
}

/**
 * The survey as a botbuilder Dialog: it keeps the engine's session in its dialog instance and
 * runs one engine turn per activity, so surveys sit on the dialog stack with whatever else the
 * bot grows (handoff, follow-up dialogs).
 */
export class SurveyDialog extends Dialog<SurveyDialogOptions> {
  static readonly dialogId = 'satisfy.survey';

  constructor(
    private readonly scripts: ScriptRegistry,
    private readonly engine: TurnDeps,
  ) {
    super(SurveyDialog.dialogId);
  }

  override async beginDialog(dc: DialogContext, options?: SurveyDialogOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('SurveyDialog needs a surveyId to begin');
    const script = options.version === undefined ? await this.scripts.published(options.surveyId) : await this.scripts.get(options.surveyId, options.version);
    const { surveyId: _surveyId, version: _version, ...start } = options;
    return this.settle(dc, runTurn(script, undefined, { type: 'start', ...start }, this.engine), script);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const session = sessionOf(dc.activeDialog);
    const script = await this.scripts.get(session.surveyId, session.version);
    const stale = expireIfStale(script, session, this.engine.clock.now());
    if (stale) {
      this.collect(dc, stale, script);
      dc.activeDialog!.state.session = stale.session;
      const { customer, order } = session.context;
      return dc.replaceDialog(this.id, { surveyId: session.surveyId, locale: session.locale, customer, order });
    }
    return this.settle(dc, runTurn(script, session, inputFromActivity(dc.context.activity), this.engine), script);
  }

  /** A survey on top of this one (the recovery questions after a handoff) ended: this one goes
   * on where it paused, or ends too when it was over. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const session = sessionOf(dc.activeDialog);
    if (session.status !== 'active') return dc.endDialog();
    const script = await this.scripts.get(session.surveyId, session.version);
    return this.settle(dc, runTurn(script, session, { type: 'resume' }, this.engine), script);
  }

  /** A survey handles no dialog events (every continue raises activityReceived): with no
   * parent to bubble one to, Dialog's own handling (before-bubble, after-bubble, both false)
   * comes to false without its chain of promises. */
  override async onDialogEvent(dc: DialogContext, e: DialogEvent): Promise<boolean> {
    if (dc.parent !== undefined) return super.onDialogEvent(dc, e);
    return false;
  }

  /** A survey replaced by a new `survey.start` is closed as abandoned, not left in_progress. */
  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    const session = sessionOf(instance);
    if (reason !== DialogReason.endCalled && session.status === 'active') {
      const at = this.engine.clock.now();
      const effects = effectsOf(context);
      effects.events.push({ type: 'survey.abandoned', responseId: session.responseId, questionId: session.current, at });
      effects.ended = { surveyId: session.surveyId, responseId: session.responseId, status: 'abandoned', locale: session.locale };
    }
  }

  private async settle(dc: DialogContext, result: TurnResult, script: CompiledScript): Promise<DialogTurnResult> {
    this.collect(dc, result, script);
    dc.activeDialog!.state.session = result.session;
    if (result.session.status === 'active') return Dialog.EndOfTurn;
    return dc.endDialog(effectsOf(dc.context).ended);
  }

  private collect(dc: DialogContext, result: TurnResult, script: CompiledScript): void {
    const effects = effectsOf(dc.context);
    effects.outputs.push(...result.outputs);
    effects.events.push(...result.events);
    const { session } = result;
    const consent = script.settings.contactConsent ? session.answers[script.settings.contactConsent] : undefined;
    effects.survey = {
      surveyId: session.surveyId,
      responseId: session.responseId,
      locale: session.locale,
      active: session.status === 'active',
      context: session.context,
      current: session.current,
      ...(typeof consent === 'boolean' ? { contactWanted: consent } : {}),
    };
    // A finished survey is remembered for the cooldown, so "already completed" can be said.
    effects.ttlMs = session.status === 'active' ? script.settings.expiresAfterMs + EXPIRY_GRACE_MS : script.settings.cooldownMs;
    if (session.status !== 'active') {
      effects.ended = { surveyId: session.surveyId, responseId: session.responseId, status: session.status, locale: session.locale, context: session.context };
    }
  }
}

function sessionOf(instance: DialogInstance | undefined): Session {
  const session = (instance?.state as { session?: Session } | undefined)?.session;
  if (!session) throw new Error('SurveyDialog instance has no session');
  return session;
}
