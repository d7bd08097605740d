import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { EscalationCase } from '../../src/core/cases.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';
import { catalog, FakeClock } from '../support/scripts.js';

/**
 * Every ending path of the sample survey, in each language, through the real bot: the whole
 * sequence of texts the customer receives (each promise made once, and true; no template
 * left), and the case transcript the agent gets for the same run (the same conversation, in
 * order, rendered).
 */

type Locale = 'en' | 'es' | 'zh-CN';

interface Words {
  intro: string;
  questions: Record<string, string>;
  yes: string;
  no: string;
  reason: string;
  improve: string;
  liked: string;
  person: string;
  refund: string;
  endings: { happy: string; unhappy: string; callback: string };
  /** The promise of a person, for a rule (at the end) and for the customer's own request. */
  promise: string;
  promiseAsked: string;
}

const WORDS: Record<Locale, Words> = {
  en: {
    intro: "Hi Ana! Thanks for shopping with us. We'd love to hear how it went: it takes about two minutes.",
    questions: {
      csat: 'Overall, how satisfied are you with your order?',
      delivery: 'How satisfied are you with the delivery?',
      product_quality: 'How satisfied are you with the quality of teapot?',
      value: 'And with the value for money?',
      improve: "We're sorry it wasn't better. What could we do better?",
      nps: 'How likely are you to recommend us to a friend or colleague?',
      detractor_reason: 'What is the main reason for your score?',
      contact_ok: 'Would you like someone from our team to contact you about this?',
      liked: 'Wonderful! What did you like most?',
    },
    yes: 'yes',
    no: 'no',
    reason: 'Delivery',
    improve: 'The box was crushed and the lid was cracked.',
    liked: 'The tea set is lovely',
    person: 'I want to talk to a person',
    refund: 'Lovely, but I need a refund for the extra cup',
    endings: {
      happy: "Thank you! We're glad you're happy, and we hope to see you again soon.",
      unhappy: "Thank you for being honest with us. We're sorry we fell short, and your answers go straight to the team that can fix it.",
      callback: "Thank you! We're sorry it wasn't better, and we'd like to put it right.",
    },
    promise: 'A person from our support team will join this chat within 60 minutes. You can keep writing here in the meantime; they will read everything.',
    promiseAsked: 'Of course. A person from our support team will join this chat within 60 minutes. You can keep writing here in the meantime; they will read everything.',
  },
  es: {
    intro: '¡Hola, Ana! Gracias por tu compra. Nos encantaría saber qué te ha parecido: son unos dos minutos.',
    questions: {
      csat: 'En general, ¿qué tan satisfecho estás con tu pedido?',
      delivery: '¿Qué tan satisfecho estás con la entrega?',
      product_quality: '¿Qué tan satisfecho estás con la calidad de teapot?',
      value: '¿Y con la relación calidad-precio?',
      improve: 'Sentimos que no haya sido mejor. ¿Qué podríamos mejorar?',
      nps: '¿Qué probabilidad hay de que nos recomiendes a un amigo o compañero?',
      detractor_reason: '¿Cuál es el motivo principal de tu puntuación?',
      contact_ok: '¿Quieres que alguien de nuestro equipo se ponga en contacto contigo?',
      liked: '¡Genial! ¿Qué es lo que más te ha gustado?',
    },
    yes: 'sí',
    no: 'no',
    reason: 'Entrega',
    improve: 'La caja llegó aplastada y la tapa rota.',
    liked: 'El juego de té es precioso',
    person: 'quiero hablar con una persona',
    refund: 'Precioso, pero necesito un reembolso de la taza extra',
    endings: {
      happy: '¡Gracias! Nos alegra que estés contento y esperamos verte pronto.',
      unhappy: 'Gracias por tu sinceridad. Sentimos no haber estado a la altura; tus respuestas llegan directamente al equipo que puede mejorarlo.',
      callback: '¡Gracias! Sentimos que no haya sido mejor y queremos arreglarlo.',
    },
    promise: 'Una persona de nuestro equipo de atención se unirá a este chat en menos de 60 minutos. Mientras tanto puedes seguir escribiendo aquí; lo leerá todo.',
    promiseAsked: 'Por supuesto. Una persona de nuestro equipo de atención se unirá a este chat en menos de 60 minutos. Mientras tanto puedes seguir escribiendo aquí; lo leerá todo.',
  },
  'zh-CN': {
    intro: 'Ana好！感谢您的购买。想听听您的体验，大约只需两分钟。',
    questions: {
      csat: '总体来说，您对这次订单满意吗？',
      delivery: '您对配送满意吗？',
      product_quality: '您对teapot的质量满意吗？',
      value: '您觉得性价比如何？',
      improve: '很抱歉没能让您更满意。我们可以在哪些方面做得更好？',
      nps: '您有多大可能向朋友或同事推荐我们？',
      detractor_reason: '您给出这个分数的主要原因是什么？',
      contact_ok: '需要我们的工作人员就此联系您吗？',
      liked: '太好了！您最喜欢哪一点？',
    },
    yes: '是',
    no: '不用',
    reason: '配送',
    improve: '盒子被压坏了，盖子也裂了。',
    liked: '茶具很漂亮',
    person: '我要人工客服',
    refund: '很漂亮，但是多的杯子我要退款',
    endings: {
      happy: '谢谢您！很高兴您满意，期待再次为您服务。',
      unhappy: '感谢您的坦诚。很抱歉让您失望了，您的反馈会直接交给负责改进的团队。',
      callback: '谢谢您！很抱歉没能让您满意，我们希望能弥补。',
    },
    promise: '我们的客服人员将在60分钟内加入此对话。在此期间您可以继续留言，客服会看到您的全部内容。',
    promiseAsked: '好的。我们的客服人员将在60分钟内加入此对话。在此期间您可以继续留言，客服会看到您的全部内容。',
  },
};

/** One step: what the customer types, and the question it answers (undefined: not an answer). */
type Step = [input: string, answers?: string];
interface Path {
  steps: (w: Words) => Step[];
  /** The texts the customer receives after the greeting, as keys: q:<id>, end:<id>, promise, promiseAsked. */
  told: string[];
  caseOpened: boolean;
  noContact?: boolean;
}

const ratingsHappy: Step[] = [['5', 'csat'], ['5', 'delivery'], ['5', 'product_quality'], ['5', 'value'], ['10', 'nps']];
const unhappyUntilContact = (w: Words): Step[] => [['1', 'csat'], ['2', 'delivery'], ['2', 'product_quality'], ['2', 'value'], [w.improve, 'improve'], ['3', 'nps'], [w.reason, 'detractor_reason']];
const toldUnhappy = ['q:csat', 'q:delivery', 'q:product_quality', 'q:value', 'q:improve', 'q:nps', 'q:detractor_reason', 'q:contact_ok'];

const PATHS: Record<string, Path> = {
  happy: {
    steps: (w) => [...ratingsHappy, [w.liked, 'liked']],
    told: ['q:csat', 'q:delivery', 'q:product_quality', 'q:value', 'q:nps', 'q:liked', 'end:happy'],
    caseOpened: false,
  },
  'unhappy, contact yes': {
    steps: (w) => [...unhappyUntilContact(w), [w.yes, 'contact_ok']],
    told: [...toldUnhappy, 'end:callback', 'promise'],
    caseOpened: true,
  },
  'unhappy, contact no': {
    steps: (w) => [...unhappyUntilContact(w), [w.no, 'contact_ok']],
    told: [...toldUnhappy, 'end:unhappy'],
    caseOpened: true,
    noContact: true,
  },
  'a person asked for mid-survey': {
    steps: (w) => [['4', 'csat'], [w.person]],
    told: ['q:csat', 'q:delivery', 'promiseAsked'],
    caseOpened: true,
  },
  'a person asked for after the end': {
    steps: (w) => [...ratingsHappy, [w.liked, 'liked'], [w.person]],
    told: ['q:csat', 'q:delivery', 'q:product_quality', 'q:value', 'q:nps', 'q:liked', 'end:happy', 'promiseAsked'],
    caseOpened: true,
  },
  'a keyword escalation': {
    steps: (w) => [...ratingsHappy, [w.refund, 'liked']],
    told: ['q:csat', 'q:delivery', 'q:product_quality', 'q:value', 'q:nps', 'q:liked', 'end:happy', 'promise'],
    caseOpened: true,
  },
};

function textOf(w: Words, key: string): string {
  const [kind, id] = key.split(':') as [string, string | undefined];
  if (kind === 'q') return w.questions[id!]!;
  if (kind === 'end') return w.endings[id as keyof Words['endings']];
  return key === 'promise' ? w.promise : w.promiseAsked;
}

/** What the customer read: each message's first paragraph (a question's options and legend follow it). */
const head = (text: string) => text.split('\n\n')[0]!;

describe.each(['en', 'es', 'zh-CN'] as const)('what a customer is told, and what the agent sees (%s)', (locale) => {
  let satisfy: SatisfyApp;
  const w = WORDS[locale];

  beforeEach(async () => {
    const clock = new FakeClock();
    satisfy = await createTestApp({}, { clock, stores: memoryStores(clock), background: false });
  });

  afterEach(async () => {
    await satisfy.close();
  });

  it.each(Object.entries(PATHS))('%s', async (_name, path) => {
    const customer = new BotDriver(satisfy.bot, { locale });
    // The whole chat, in order, as the customer saw it.
    const chat: { from: 'bot' | 'customer'; text: string }[] = [];
    const heard = (replies: { type?: string; text?: string }[]) => {
      for (const r of replies) if (r.type === 'message') chat.push({ from: 'bot', text: r.text ?? '' });
    };
    heard(await customer.start({ surveyId: 'post-purchase', locale, customer: { id: 'c-1', name: 'Ana' }, order: { id: 'A-1', items: 'teapot' } }));
    for (const [input, answers] of path.steps(w)) {
      if (answers) expect(customer.currentQuestion(), `"${input}" answers ${answers}`).toBe(answers);
      chat.push({ from: 'customer', text: input });
      heard(await customer.send(input));
    }

    const told = chat.filter((m) => m.from === 'bot').map((m) => m.text);
    expect(told.map(head)).toEqual([w.intro, ...path.told.map((k) => textOf(w, k))]);
    for (const text of told) expect(text).not.toContain('{{');
    // One promise at most, and only when a person will really come.
    const promises = told.filter((t) => t === w.promise || t === w.promiseAsked);
    expect(promises).toHaveLength(path.told.some((k) => k.startsWith('promise')) ? 1 : 0);
    for (const text of told) expect(text).not.toContain(catalog[locale]!['survey.already_completed']!.slice(0, 12));

    const cases = await satisfy.stores.cases.list(10);
    if (!path.caseOpened) {
      expect(cases).toEqual([]);
      return;
    }
    expect(cases).toHaveLength(1);
    const c = cases[0] as EscalationCase;
    expect(Boolean(c.noContact)).toBe(Boolean(path.noContact));
    // The agent reads the same conversation, complete and in order, rendered as the customer saw it.
    const transcript = c.transcript.filter((e) => e.from === 'bot' || e.from === 'customer').map((e) => ({ from: e.from, text: e.text }));
    expect(transcript).toEqual(chat);
    for (const e of c.transcript) expect(e.text).not.toContain('{{');
    expect(c.customer).toMatchObject({ id: 'c-1', name: 'Ana' });
  });
});
