import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, WaterfallDialog } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { sharedDialogState } from '../../src/bot/sharedDialogState.js';

/** The memory configuration each turn's DialogContext got, and what the dialog saw. */
async function turns(withMiddleware: boolean): Promise<{ configurations: unknown[]; seen: unknown[] }> {
  const configurations: unknown[] = [];
  const seen: unknown[] = [];
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogs')).add(
    new WaterfallDialog('ask', [
      async (step) => {
        step.state.setValue('turn.asked', step.context.activity.text);
        seen.push(step.state.getValue('turn.asked'));
        await step.context.sendActivity('name?');
        return step.next();
      },
      async (step) => step.endDialog(),
    ]),
  );
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    configurations.push((dc.state as unknown as { configuration: unknown }).configuration);
    await dc.beginDialog('ask');
    await state.saveChanges(context);
  });
  if (withMiddleware) adapter.use(sharedDialogState());
  await adapter.send('one').assertReply('name?');
  await adapter.send('two').assertReply('name?');
  await adapter.send('three').assertReply('name?');
  return { configurations, seen };
}

describe('sharedDialogState', () => {
  it('hands the first turn\'s dialog memory configuration to every later turn, and memory still works', async () => {
    const { configurations, seen } = await turns(true);
    expect(configurations).toHaveLength(3);
    expect(configurations[1]).toBe(configurations[0]);
    expect(configurations[2]).toBe(configurations[0]);
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('is needed: without it botbuilder builds one per turn', async () => {
    const { configurations } = await turns(false);
    expect(configurations[1]).not.toBe(configurations[0]);
  });
});
