/*
 * The conversation state's JSON, written shorter (issue 18: bytes per survey): most of a
 * state's bytes are the names of its fields. Each name in NAMES, with its quotes and colon,
 * becomes one control character (the later ones \x1c and a letter), and each value in VALUES
 * likewise. JSON.stringify escapes every control character inside strings, so a token is never
 * taken for text, and decoding puts back exactly the text it replaced, wherever it matched.
 * The coded form starts with \x1f. The lists may only grow at their end: a stored state names
 * its tokens by their place. (Repeated long values, such as the response id, are left as they
 * are: finding them costs a pass over every string, several times this codec's CPU.)
 */

const MARK = '\x1f';
const WIDE = '\x1c';
/** \x01 … \x1b are single-character tokens. */
const SINGLE = 0x1b;
const WIDE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const NAMES = [
  'data', 'dialogs', 'dialogStack', 'id', 'state', 'session', 'surveyId', 'version', 'locale', 'responseId',
  'status', 'current', 'attempts', 'answers', 'sentiment', 'raised', 'context', 'customer', 'order', 'segments',
  'startedAt', 'updatedAt', 'seen', 'lastStart', 'pending', 'type', 'questionId',
  'value', 'raw', 'aspect', 'at', 'turn', 'last', 'unstarted', 'name', 'items', 'sentimentLabel', 'aspects', 'score',
  'endingId', 'reply', 'to', 'outputs', 'escalation', 'handoff', 'recovery', 'pendingNote', 'kind', 'text',
];
const VALUES = ['satisfy.survey', 'answer.recorded', 'answer.skipped', 'survey.started', 'survey.completed', 'active', 'completed', 'positive', 'negative', 'neutral'];

const tokens = [...NAMES.map((n) => `"${n}":`), ...VALUES.map((v) => `"${v}"`)];
if (tokens.length > SINGLE + WIDE_LETTERS.length) throw new Error('stateCodec: too many tokens');
const codeOf = (i: number) => (i < SINGLE ? String.fromCharCode(i + 1) : WIDE + WIDE_LETTERS[i - SINGLE]!);
const encoded = new Map(tokens.map((t, i) => [t, codeOf(i)]));
const decoded = new Map(tokens.map((t, i) => [codeOf(i), t]));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TOKEN = new RegExp(`"(?:${NAMES.map(escape).join('|')})":|"(?:${VALUES.map(escape).join('|')})"`, 'g');
// The tokens are control characters on purpose: JSON never holds one raw.
// eslint-disable-next-line no-control-regex
const CODE = /\x1c[A-Za-z]|[\x01-\x1b]/g;

export function encodeState(json: string): string {
  return MARK + json.replace(TOKEN, (t) => encoded.get(t)!);
}

/** The JSON of a state, coded (it starts with \x1f) or as JSON.stringify wrote it. */
export function decodeState(body: string): string {
  if (body[0] !== MARK) return body;
  return body.slice(1).replace(CODE, (c) => {
    const t = decoded.get(c);
    if (t === undefined) throw new Error('stateCodec: unknown token');
    return t;
  });
}
