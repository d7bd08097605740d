/**
 * The phone preview: the customer widget's own ChatView (web/widget/chatView.ts), with its own
 * stylesheet in its Shadow DOM, its header, bubbles, typing dots, composer and closed state, in a
 * frame as wide as a phone (375 px). What admins see here is what a customer sees on a phone, in
 * the widget's words for the survey's language. What the bot recorded is listed under the frame,
 * since the customer never sees it. Loaded with import() the first time Phone is chosen.
 */
import type { Output } from '../../../src/core/outputs.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { ChatView } from '../../widget/chatView.js';
import { pickLang } from '../../widget/strings.js';
import { attr, text } from '../lang.js';
import type { EventLine, PreviewSurface, SurfaceActions } from './previewSurface.js';

export function createPhoneSurface(actions: SurfaceActions): PreviewSurface {
  /** The admin is answering in the phone: focus follows the conversation, as in the widget. Not
   * on a start, which would take the focus from the editor. */
  let answering = false;
  const act = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
    answering = true;
    fn(...args);
  };
  const view = new ChatView({
    mode: 'page',
    phone: true,
    title: '',
    lang: 'en',
    onText: act((said) => actions.text(said)),
    onAnswer: act((questionId, value, said) => actions.answer(questionId, value, said)),
    onSkip: act((questionId, said) => actions.skip(questionId, said)),
    // The widget asks for a person with a button after the end; in the preview the words do it.
    onHelp: act((said) => actions.text(said)),
    onOpenChange: () => undefined,
  });
  view.host.setAttribute('data-testid', 'admin-preview-widget');
  const recorded = h('ol', { class: 'phone-events', 'aria-labelledby': 'h-phone-events', 'data-testid': 'admin-preview-events' });
  const el = h(
    'div',
    { class: 'phone-preview' },
    attr(h('div', { class: 'phone-frame', role: 'group', 'data-testid': 'admin-preview-phone-frame' }, h('div', { class: 'phone-screen' }, view.host)), 'aria-label', 'preview.phoneLabel'),
    h('h4', { id: 'h-phone-events', class: 'small muted' }, text('preview.recorded')),
    recorded,
  );

  return {
    el,
    clear(locale) {
      answering = false;
      view.clear();
      view.setLang(pickLang([locale]));
      replaceChildren(recorded);
    },
    said(said) {
      // Drawn as the widget draws a message on its way (and the typing dots), until the answer.
      const bubble = view.addOutgoing(said);
      return { sent: () => bubble.show('sent'), failed: () => bubble.show('failed') };
    },
    outputs(outputs: readonly Output[]) {
      view.hideTyping();
      for (const o of outputs) {
        if (!o || typeof o !== 'object') continue;
        if (o.type === 'question') view.addQuestion(o);
        else {
          if (o.text.trim()) view.addBotMessage(o.text);
          if (o.end) view.showClosed(o.end);
          else view.hideClosed();
        }
      }
      view.toBottom();
      if (answering) view.focusCurrent();
      answering = false;
    },
    events(lines: readonly EventLine[]) {
      for (const e of lines) recorded.append(h('li', { 'data-event': e.type }, e.text));
    },
  };
}
