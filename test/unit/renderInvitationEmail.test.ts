import { describe, expect, it } from 'vitest';
import type { InvitationRecord } from '../../src/core/distribution/invitation.js';
import { oneClickAnswer, oneClickQuestion } from '../../src/core/distribution/oneClick.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { renderInvitationEmail } from '../../src/distribution/email/renderInvitationEmail.js';
import { invitationLinks } from '../../src/distribution/invitationLinks.js';
import type { InvitationMessage } from '../../src/distribution/InvitationSender.js';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { catalog, compileYaml, DIALOGS_DIR } from '../support/scripts.js';

const postPurchase = (await loadDialogs(DIALOGS_DIR, catalog)).find((d) => d.script.id === 'post-purchase')!.script;

const NPS = compileYaml(`
id: nps-survey
title: { en: "Tell us <more> & more", zh-CN: 推荐, es: Recomendación }
defaultLocale: en
locales: [en, zh-CN, es]
questions:
  - id: nps
    type: rating
    scale: nps
    text: { en: "How likely are you to recommend {{order.shop|us}}?", zh-CN: 您会推荐我们吗？, es: ¿Nos recomendarías? }
  - id: why
    type: text
    text: { en: Why?, zh-CN: 为什么？, es: ¿Por qué? }
endings:
  - { id: e, text: { en: Thanks, zh-CN: 谢谢, es: Gracias } }
`);

const OPEN_FIRST = compileYaml(`
id: open-first
title: { en: Open, zh-CN: 开放, es: Abierta }
defaultLocale: en
locales: [en, zh-CN, es]
questions:
  - id: why
    type: text
    text: { en: Tell us anything, zh-CN: 随便说说, es: Cuéntanos }
  - id: csat
    type: rating
    scale: csat
    text: { en: Rate us, zh-CN: 打分, es: Puntúa }
endings:
  - { id: e, text: { en: Thanks, zh-CN: 谢谢, es: Gracias } }
`);

const PUBLIC = 'https://survey.example.com';

function invitation(customer: InvitationRecord['customer'], locale = 'en', surveyId = 'post-purchase'): InvitationRecord {
  return {
    id: 'inv-1',
    surveyId,
    channel: 'email',
    customer,
    order: { id: 'A-1', items: [{ name: 'Teapot' }] },
    locale,
    status: 'scheduled',
    createdAt: '2026-11-23T12:00:00.000Z',
    sendAt: '2026-11-23T12:00:00.000Z',
    expiresAt: '2026-12-07T12:00:00.000Z',
    reminders: { sent: 0, max: 1 },
    history: [],
    requestedBy: 'key-1',
  };
}

function message(script: CompiledScript, customer: InvitationRecord['customer'], locale = 'en', reminder = false): InvitationMessage {
  return { invitation: invitation(customer, locale, script.id), script, links: invitationLinks(PUBLIC, 'aaa.bbb.ccc', script, 'uuu.vvv.www'), reminder };
}

/** The hrefs of the HTML part, unescaped. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&'));
}

describe('the invitation email', () => {
  it('greets by name, names the survey, and offers the first rating as one link per value', () => {
    const email = renderInvitationEmail(message(postPurchase, { id: 'c-1', name: 'Ana', email: 'ana@example.com' }));
    expect(email.subject).toBe('After your purchase: how did we do?');
    expect(email.html).toContain('Hi Ana,');
    expect(email.html).toContain('Overall, how satisfied are you with your order?');
    expect(email.html).toContain('1 = Very dissatisfied · 5 = Very satisfied');
    const links = hrefs(email.html);
    expect(links.filter((h) => h.includes('?answer='))).toEqual([1, 2, 3, 4, 5].map((n) => `${PUBLIC}/s/aaa.bbb.ccc?answer=${n}`));
    expect(links).toContain(`${PUBLIC}/s/aaa.bbb.ccc`);
    expect(links).toContain(`${PUBLIC}/u/uuu.vvv.www`);
    for (const n of [1, 2, 3, 4, 5]) expect(email.text).toContain(`  ${n}: ${PUBLIC}/s/aaa.bbb.ccc?answer=${n}`);
    expect(email.text).toContain(`${PUBLIC}/u/uuu.vvv.www`);
    expect(email.text.startsWith('Hi Ana,\n\n')).toBe(true);
  });

  it('says hello without a name, and a reminder says it is one', () => {
    const first = renderInvitationEmail(message(postPurchase, { id: 'c-1' }));
    const reminder = renderInvitationEmail(message(postPurchase, { id: 'c-1', name: '  ' }, 'en', true));
    expect(first.text.startsWith('Hello,\n')).toBe(true);
    expect(reminder.text.startsWith('Hello,\n')).toBe(true);
    expect(reminder.subject).toBe('Reminder: After your purchase');
    expect(reminder.text).toContain('A quick reminder');
    expect(first.text).not.toContain('A quick reminder');
  });

  it('escapes every value in the HTML: a name like <b>&" and a title with markup', () => {
    const email = renderInvitationEmail(message(NPS, { id: 'c-1', name: '<b>&"\'</b>' }, 'en'));
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('Hi &#60;b&#62;&#38;&#34;&#39;&#60;/b&#62;,');
    expect(email.html).toContain('Tell us &#60;more&#62; &#38; more');
    expect(email.html).not.toContain('<more>');
    // The text part is text: the name as given.
    expect(email.text).toContain('Hi <b>&"\'</b>,');
    expect(email.html).not.toMatch(/<script|<style|<link|<img|\son\w+=/i);
  });

  it('offers 0 to 10 for NPS, with the placeholders of the question filled', () => {
    const email = renderInvitationEmail(message(NPS, { id: 'c-1' }));
    const answers = hrefs(email.html).filter((h) => h.includes('?answer='));
    expect(answers).toEqual(Array.from({ length: 11 }, (_, n) => `${PUBLIC}/s/aaa.bbb.ccc?answer=${n}`));
    expect(email.html).toContain('How likely are you to recommend us?');
    expect(email.html).toContain('0 = Not at all likely · 10 = Extremely likely');
  });

  it('has no answer links when the first question is not a rating, only the survey link', () => {
    const email = renderInvitationEmail(message(OPEN_FIRST, { id: 'c-1' }));
    expect(hrefs(email.html).filter((h) => h.includes('?answer='))).toEqual([]);
    expect(hrefs(email.html)).toContain(`${PUBLIC}/s/aaa.bbb.ccc`);
    expect(oneClickQuestion(OPEN_FIRST)).toBeUndefined();
  });

  it.each([
    ['es', 'Después de tu compra: ¿qué tal lo hicimos?', 'Hola, Ana:', 'En general, ¿qué tan satisfecho estás con tu pedido?', 'Darme de baja de las encuestas'],
    ['zh-CN', '购物体验调查：您的体验如何？', 'Ana，您好：', '总体来说，您对这次订单满意吗？', '退订问卷邮件'],
  ])('speaks %s', (locale, subject, greeting, question, unsubscribe) => {
    const email = renderInvitationEmail(message(postPurchase, { id: 'c-1', name: 'Ana' }, locale));
    expect(email.subject).toBe(subject);
    expect(email.html).toContain(greeting);
    expect(email.html).toContain(question);
    expect(email.html).toContain(unsubscribe);
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.text).not.toMatch(/[{}]/);
  });

  it('falls back to the survey default language for a locale the survey lacks', () => {
    const email = renderInvitationEmail(message(postPurchase, { id: 'c-1' }, 'fr'));
    expect(email.subject).toBe('After your purchase: how did we do?');
  });

  it('carries List-Unsubscribe (https, and mailto when configured) and RFC 8058 one-click', () => {
    const plain = renderInvitationEmail(message(postPurchase, { id: 'c-1' }));
    expect(plain.headers).toEqual({ 'List-Unsubscribe': `<${PUBLIC}/u/uuu.vvv.www>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const withMail = renderInvitationEmail(message(postPurchase, { id: 'c-1' }), { unsubscribeMailto: 'unsubscribe@shop.example' });
    expect(withMail.headers['List-Unsubscribe']).toBe(`<${PUBLIC}/u/uuu.vvv.www>, <mailto:unsubscribe@shop.example?subject=unsubscribe>`);
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const script = { ...postPurchase, title: { en: 'Line one\r\nBcc: evil@example.com' } };
    expect(renderInvitationEmail(message(script, { id: 'c-1' })).subject).toBe('Line one Bcc: evil@example.com: how did we do?');
  });
});

describe('one-click answers', () => {
  it('takes values on the first question scale only', () => {
    expect(oneClickAnswer(postPurchase, '4')).toEqual({ questionId: 'csat', answer: '4' });
    for (const bad of ['0', '6', '4.5', ' 4', '', 'four', '-1', '99999']) expect(oneClickAnswer(postPurchase, bad), bad).toBeUndefined();
    expect(oneClickAnswer(NPS, '0')).toEqual({ questionId: 'nps', answer: '0' });
    expect(oneClickAnswer(OPEN_FIRST, '3')).toBeUndefined();
  });

  it('links a value off the scale to the plain survey', () => {
    const links = invitationLinks(`${PUBLIC}/`, 'aaa.bbb.ccc', postPurchase, 'uuu.vvv.www');
    expect(links.survey).toBe(`${PUBLIC}/s/aaa.bbb.ccc`);
    expect(links.answer('5')).toBe(`${PUBLIC}/s/aaa.bbb.ccc?answer=5`);
    expect(links.answer('9')).toBe(`${PUBLIC}/s/aaa.bbb.ccc`);
    expect(links.unsubscribe).toBe(`${PUBLIC}/u/uuu.vvv.www`);
  });
});

describe('the email strings', () => {
  const keys = Object.keys(catalog.en!).filter((k) => k.startsWith('email.'));
  it('are in every locale, each different from the English one where it is not a proper name', () => {
    expect(keys.length).toBeGreaterThanOrEqual(17);
    for (const locale of Object.keys(catalog)) {
      for (const key of keys) expect(catalog[locale]![key], `${locale} ${key}`).toBeTruthy();
      if (locale !== 'en') for (const key of keys) expect(catalog[locale]![key], `${locale} ${key}`).not.toBe(catalog.en![key]);
    }
  });
});
