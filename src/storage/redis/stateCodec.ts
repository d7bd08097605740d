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
/** The tokens (their text and code) by the character after their opening quote. */
const BY_FIRST: { text: string; code: string }[][] = [];
tokens.forEach((text, i) => (BY_FIRST[text.charCodeAt(1)] ??= []).push({ text, code: codeOf(i) }));
/** A token's text by its code's character: SINGLE_TEXT by the control character itself,
 * WIDE_TEXT by the letter after \x1c. */
const SINGLE_TEXT: (string | undefined)[] = [];
const WIDE_TEXT: (string | undefined)[] = [];
tokens.forEach((t, i) => {
  if (i < SINGLE) SINGLE_TEXT[i + 1] = t;
  else WIDE_TEXT[WIDE_LETTERS.charCodeAt(i - SINGLE)] = t;
});
const WIDE_CODE = WIDE.charCodeAt(0);
export function encodeState(json: string): string {
  // Every token is a whole JSON string (a name with its colon, or a value), so it can only
  // begin at a quote: each quote is looked at once, against the few tokens that begin with the
  // character after it. A regular expression with a callback did the same with a string and an
  // arguments array per token found, most of a turn's state-write allocations.
  let out = MARK;
  let from = 0;
  for (let i = json.indexOf('"'); i !== -1; ) {
    let next = i + 1;
    const candidates = BY_FIRST[json.charCodeAt(next)];
    if (candidates !== undefined) {
      for (const token of candidates) {
        if (!json.startsWith(token.text, i)) continue;
        out += json.slice(from, i) + token.code;
        from = next = i + token.text.length;
        break;
      }
    }
    i = json.indexOf('"', next);
  }
  return out + json.slice(from);
}

/** The JSON of a state, coded (it starts with \x1f) or as JSON.stringify wrote it. */
export function decodeState(body: string): string {
  if (body[0] !== MARK) return body;
  // A scan by character code, not a regular expression with a callback: half the CPU of the
  // read's decoding, and no string per token found. The tokens are control characters on
  // purpose: JSON never holds one raw, so every one is a code.
  let out = '';
  let from = 1;
  for (let i = 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > WIDE_CODE || c === 0) continue;
    const text = c === WIDE_CODE ? WIDE_TEXT[body.charCodeAt(++i)] : SINGLE_TEXT[c];
    if (text === undefined) throw new Error('stateCodec: unknown token');
    out += body.slice(from, c === WIDE_CODE ? i - 1 : i) + text;
    from = i + 1;
  }
  return out + body.slice(from);
}
