import type { TurnContext } from 'botbuilder';

const TRUSTED = Symbol('satisfy.trustedTurn');

/**
 * Marks a turn the server itself started (a person taking over or handing back). Handoff
 * events are only acted on in such turns: a client can post any event name through Direct
 * Line or a Bot Framework channel, and must not be able to end a handoff or fake an agent.
 */
export function runTrusted(run: (context: TurnContext) => Promise<void>): (context: TurnContext) => Promise<void> {
  return async (context) => {
    context.turnState.set(TRUSTED, true);
    await run(context);
  };
}

export function isTrusted(context: TurnContext): boolean {
  return context.turnState.get(TRUSTED) === true;
}
