import { describe, expect, it } from 'vitest';
import { memoryStorage, SessionStore, type KeyValueStorage } from '../../../web/widget/sessionStore.js';

const refusing: KeyValueStorage = {
  getItem: () => null,
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {},
};

describe('the session store', () => {
  it('keeps the conversation for every tab and the open panel for this tab only', () => {
    const local = memoryStorage();
    const tabA = memoryStorage();
    const tabB = memoryStorage();
    const a = SessionStore.open('satisfy:default', () => local, () => tabA);
    a.saveConversation({ conversationId: 'web-1', token: 't1', watermark: '4' });
    a.saveOpen(true);
    expect(a.load()).toEqual({ conversation: { conversationId: 'web-1', token: 't1', watermark: '4' }, open: true });
    const b = SessionStore.open('satisfy:default', () => local, () => tabB);
    expect(b.load()).toEqual({ conversation: { conversationId: 'web-1', token: 't1', watermark: '4' }, open: false });
    expect(JSON.parse(local.getItem('satisfy:default')!)).toEqual({ conversationId: 'web-1', token: 't1', watermark: '4' });
    expect(JSON.parse(tabA.getItem('satisfy:default:tab')!)).toEqual({ open: true });
    b.clear();
    expect(a.load().conversation).toBeNull();
  });

  it('remembers, for every tab, that an invitation one-click answer was given', () => {
    const local = memoryStorage();
    const a = SessionStore.open('satisfy:inv-1', () => local, () => memoryStorage());
    expect(a.answerGiven()).toBe(false);
    a.markAnswerGiven();
    expect(SessionStore.open('satisfy:inv-1', () => local, () => memoryStorage()).answerGiven()).toBe(true);
    expect(SessionStore.open('satisfy:inv-2', () => local, () => memoryStorage()).answerGiven()).toBe(false);
    // Kept apart from the conversation: clearing a conversation that cannot be resumed keeps it.
    a.clear();
    expect(a.answerGiven()).toBe(true);
  });

  it('keeps one conversation per invitation', () => {
    const local = memoryStorage();
    SessionStore.open('satisfy:inv-1', () => local, () => memoryStorage()).saveConversation({ conversationId: 'inv-1', token: 't', watermark: '' });
    expect(SessionStore.open('satisfy:default', () => local, () => memoryStorage()).load().conversation).toBeNull();
  });

  it('falls back to sessionStorage when localStorage is refused, then to memory', () => {
    const session = memoryStorage();
    const s = SessionStore.open('k', () => refusing, () => session);
    s.saveConversation({ conversationId: 'c', token: 't', watermark: '' });
    expect(JSON.parse(session.getItem('k')!)).toMatchObject({ conversationId: 'c' });
    const throwing = () => {
      throw new Error('SecurityError');
    };
    const m = SessionStore.open('k', throwing, throwing);
    m.saveConversation({ conversationId: 'c2', token: 't2', watermark: '1' });
    m.saveOpen(true);
    expect(m.load()).toEqual({ conversation: { conversationId: 'c2', token: 't2', watermark: '1' }, open: true });
  });

  it('ignores what it cannot read as a conversation', () => {
    const local = memoryStorage();
    const s = SessionStore.open('k', () => local, () => memoryStorage());
    for (const junk of ['not json', 'null', '"text"', '{"conversationId":"c"}', '{"conversationId":3,"token":"t"}']) {
      local.setItem('k', junk);
      expect(s.load().conversation, junk).toBeNull();
    }
  });
});
