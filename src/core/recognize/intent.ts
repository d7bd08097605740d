import { foldForMatch, language, type Language } from './normalize.js';
import type { Intent } from './types.js';

type Table = 'en' | 'zh' | 'es';

interface Commands {
  skip: readonly string[];
  stop: readonly string[];
  /** Requests for a person, matched anywhere in the answer (global, for matchAll). */
  agentAnywhere: RegExp;
  /** Bare nouns ("agent", "客服") count only as the whole answer: "the agent was rude" is feedback, not a request. */
  agentAlone: readonly string[];
  /** A negation shortly before an agent request cancels it ("I don't want to talk to a human"). */
  agentNegation: RegExp;
}

const EN_TARGET =
  '(?:(?:a|an|the|some|your|real|live|actual)\\s+)*(?:human being|human|person|people|someone|somebody|agent|representative|rep|operator|manager|customer service|support)';
const ES_TARGET =
  '(?:(?:un|una|el|la|algun|alguna|a|al)\\s+)?(?:persona real|persona|alguien|agente|humano|ser humano|asesor|asesora|operador|operadora|representante)';

const COMMANDS: Readonly<Record<Table, Commands>> = {
  en: {
    skip: ['skip', 'pass', 'next', 'skip this', 'skip it', 'skip this one', 'skip question', 'skip this question', 'next question',
      'no comment', 'rather not say', "i'd rather not say", 'prefer not to say', 'i prefer not to say', 'prefer not to answer',
      "i'd rather not answer", 'n/a', 'not applicable'],
    stop: ['stop', 'quit', 'cancel', 'unsubscribe', 'opt out', 'opt-out', 'stop asking', 'stop asking me', 'leave me alone', 'no more',
      'no more questions', 'end', 'end survey', 'end the survey', 'stop survey', 'stop the survey', 'exit', 'stop it',
      'stop messaging me', 'stop texting me', 'enough'],
    agentAnywhere: new RegExp(
      `(?<![\\p{L}])(?:(?:(?:talk|speak|chat)(?:ing)?\\s+(?:to|with)|connect(?:ed)?\\s+(?:me\\s+)?(?:to|with)|transfer(?:red)?\\s+(?:me\\s+)?to|put\\s+me\\s+through\\s+to|(?:want|need|'d like|would like|get me|give me))\\s+${EN_TARGET}|real person|human please|call me(?: back)?)(?![\\p{L}])`,
      'gu',
    ),
    agentAlone: ['human', 'a human', 'person', 'a person', 'agent', 'an agent', 'live agent', 'real agent', 'human agent', 'representative',
      'a representative', 'operator', 'customer service', 'customer support', 'support'],
    agentNegation: /(?:^|\s)(?:don't|dont|do not|doesn't|never|not|no need to)(?:\s+\S+){0,2}\s*$/u,
  },
  zh: {
    skip: ['跳过', '下一个', '下一题', '不想回答', '略过', '跳过这题', '跳过这个', '不回答', '下一个问题', '不想说'],
    stop: ['停止', '停', '退出', '取消', '不要再问了', '别再问了', '别问了', '退订', '结束', '结束调查', '别发了', '不要再发了'],
    agentAnywhere: /人工(?!智能)|真人(?!秀)|找客服|联系客服|转客服|接客服|打电话给我|给我打电话/gu,
    agentAlone: ['客服', '客服人员'],
    agentNegation: /(?:不要|不用|不需要|别|不想)(?:转|找|接|联系|要)?$/u,
  },
  es: {
    skip: ['saltar', 'omitir', 'siguiente', 'paso', 'prefiero no contestar', 'prefiero no responder', 'prefiero no decirlo',
      'sin comentarios', 'saltar pregunta', 'siguiente pregunta', 'no aplica'],
    stop: ['parar', 'para', 'detener', 'basta', 'ya basta', 'cancelar', 'salir', 'darme de baja', 'dar de baja', 'no más', 'terminar',
      'fin', 'deja de preguntar', 'déjame en paz', 'no quiero más'],
    agentAnywhere: new RegExp(
      `(?<![\\p{L}])(?:(?:(?:hablar|comunicarme|platicar|conversar)\\s+con|(?:pasame|paseme|comunicame|comuniqueme|ponme)\\s+con|(?:quiero|necesito|quisiera))\\s+${ES_TARGET}|persona real|llamame|llamenme|que me llamen)(?![\\p{L}])`,
      'gu',
    ),
    agentAlone: ['un agente', 'agente', 'un humano', 'humano', 'una persona real', 'atención al cliente', 'servicio al cliente', 'un asesor',
      'asesor'],
    agentNegation: /(?:^|\s)(?:no|nunca)(?:\s+\S+){0,2}\s*$/u,
  },
};

// Politeness around a command does not change it: "skip please", "por favor para", "跳过吧".
const POLITE_LEAD = /^(?:(?:please|pls|just|por favor)(?![\p{L}])|请|麻烦)[\s\p{P}]*/u;
const POLITE_TAIL = /[\s\p{P}]*(?:(?<![\p{L}])(?:please|pls|plz|thanks|thank you|now|por favor|gracias|ya)|吧|啊|呀|啦|谢谢)$/u;

// Word lists are written naturally and folded once, like the answers they are compared with.
const foldAll = (words: readonly string[], table: Table): Set<string> => new Set(words.map((word) => foldForMatch(word, table)));
const SKIP = perTable((c, t) => foldAll(c.skip, t));
const STOP = perTable((c, t) => foldAll(c.stop, t));
const AGENT_ALONE = perTable((c, t) => foldAll(c.agentAlone, t));

/** A survey-wide command: skip or stop only as the whole answer, a request for a person anywhere. */
export function recognizeIntent(text: string, locale: string): Intent | undefined {
  const folded = foldForMatch(text, locale);
  if (folded === '') return undefined;
  const tables = tablesFor(language(locale));
  if (tables.some((table) => asksForAgent(folded, COMMANDS[table]))) return 'agent';
  const command = withoutPoliteness(folded);
  if (tables.some((table) => SKIP[table].has(command))) return 'skip';
  if (tables.some((table) => STOP[table].has(command))) return 'stop';
  if (tables.some((table) => AGENT_ALONE[table].has(command))) return 'agent';
  return undefined;
}

function asksForAgent(folded: string, commands: Commands): boolean {
  for (const match of folded.matchAll(commands.agentAnywhere)) {
    if (!commands.agentNegation.test(folded.slice(Math.max(0, match.index - 30), match.index))) return true;
  }
  return false;
}

function withoutPoliteness(folded: string): string {
  let command = folded;
  for (let previous = ''; previous !== command; ) {
    previous = command;
    command = command.replace(POLITE_LEAD, '').replace(POLITE_TAIL, '');
  }
  return command;
}

function tablesFor(lang: Language): Table[] {
  return lang === 'en' || lang === 'other' ? ['en'] : [lang, 'en'];
}

function perTable(build: (commands: Commands, table: Table) => Set<string>): Readonly<Record<Table, Set<string>>> {
  return { en: build(COMMANDS.en, 'en'), zh: build(COMMANDS.zh, 'zh'), es: build(COMMANDS.es, 'es') };
}
