import type { SentimentResult } from '../core/ports.js';
import { EMOJI, EMOTICON, type LanguageRules } from './lexicons/LanguageRules.js';
import { wordSegments } from './wordSegments.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/gu;
const CLAUSE_END = /[.!?;。！？；\n]/u;
/** How far back a negator reaches ("not at all good"), in tokens. */
const NEGATION_REACH = 3;
/** VADER's normalisation: a sum s becomes s / sqrt(s² + alpha), in (-1, 1). */
const ALPHA = 15;
const NEUTRAL_BAND = 0.05;
const NEGATIVE_WEIGHT = 1.5;
/** Stems remembered per scorer (a few MB at most), forgotten all at once when full. */
const STEM_CACHE = 50_000;
const OPINION_VERBS = new Set(['think', 'believe', 'feel', 'say', 'creo', 'pienso', 'diría', 'creía', '觉得', '认为', '感觉']);
const NOT_ONLY = new Set(['not only', 'not just', 'no solo', 'no sólo', 'no solamente']);
/** "took three weeks", "tardó dos semanas", "送了两个小时": waiting, counted in time units. */
const WAITED = [
  /\btook\s+(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+(?:more\s+)?(?:hours?|days?|weeks?|months?)\b/giu,
  /\b(?:tard[óoa]|tardaron|esper[ée])\s+(?:\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|varios|varias|muchos|muchas)\s+(?:horas?|d[íi]as?|semanas?|meses?)\b/giu,
  /(?:等了|送了|花了|用了|过了)(?:\d+|[一二两三四五六七八九十几]+)(?:个)?(?:多)?(?:小时|钟头|天|星期|周|礼拜)/gu,
];
const WAITED_VALUE = -2;
/** What a complaint told before its resolution still weighs ("lost, resent the same day"). */
const RESOLVED_WEIGHT = 0.3;

interface Token {
  text: string;
  /** Ends a clause (. ! ? ; and, in Chinese, commas). */
  clauseBreak?: boolean;
}

interface Hit {
  text: string;
  value: number;
  /** Which clause it is in (-1 for a waiting time, found in the whole text): the learned
   * layer reads the clauses apart. */
  clause: number;
  /** Turned by a negator ("not helpful"): the word alone would say the opposite. */
  negated?: boolean;
}

/**
 * A lexicon scorer with the rules a plain word count lacks: phrases first, negation that
 * reaches only a few words, intensifiers and softeners, contrast ("good, but slow" leans on
 * what follows "but"), emoji and emoticons, and exclamation marks.
 */
export class LexiconScorer {
  private readonly phraseList: [string[], number][];
  private readonly degreeList: [string[], number][];
  private readonly resolutionTexts: ReadonlySet<string>;
  /** Entries of each list by their first character, so a token tries a handful, not all. */
  private readonly stems = new Map<string, string>();
  private readonly byFirstChar = new Map<[string[], number][], Map<string, [string[], number][]>>();

  constructor(private readonly rules: LanguageRules) {
    // Chinese phrases stay whole (they are matched against joined segments); others are words.
    const split = (p: string) => (rules.segmented ? [p] : p.split(/\s+/));
    const longestFirst = (entries: Record<string, number>) =>
      Object.entries(entries)
        .map(([p, v]): [string[], number] => [split(p), v])
        .sort((a, b) => b[0].length - a[0].length || b[0].join(' ').length - a[0].join(' ').length);
    this.phraseList = longestFirst({ ...rules.resolutions, ...rules.phrases });
    this.resolutionTexts = new Set([...Object.keys(rules.resolutions ?? {}), ...(rules.resolvers?.keys() ?? [])]);
    this.degreeList = longestFirst(rules.degree);
    for (const list of [this.phraseList, this.degreeList]) {
      const index = new Map<string, [string[], number][]>();
      for (const entry of list) {
        const c = entry[0][0]?.[0] ?? '';
        index.set(c, [...(index.get(c) ?? []), entry]);
      }
      this.byFirstChar.set(list, index);
    }
  }

  private startingWith(list: [string[], number][], token: string): [string[], number][] {
    return this.byFirstChar.get(list)?.get(token[0] ?? '') ?? [];
  }

  score(text: string): SentimentResult & { hits: Hit[] } {
    const clauses = this.clauses(this.tokenize(text));
    let total = 0;
    const hits: Hit[] = [];
    for (const pattern of WAITED) {
      for (const m of text.matchAll(pattern)) {
        total += WAITED_VALUE;
        hits.push({ text: m[0], value: WAITED_VALUE, clause: -1 });
      }
    }
    const scored = clauses.map((clause) => this.scoreClause(clause.tokens));
    // The last clause that tells a trouble put right: what went wrong up to it is the story of
    // a happy customer ("parcel lost; they sent another the next day"), what follows still counts.
    let resolvedUpTo = -1;
    scored.forEach((hits, i) => {
      if (hits.some((h) => h.resolves)) resolvedUpTo = i;
      else if (this.rules.segmented && this.resolutionInside(clauses[i]!.tokens)) {
        resolvedUpTo = i;
        hits.push({ text: this.resolutionInside(clauses[i]!.tokens)!, value: 2, resolves: true });
      }
    });
    clauses.forEach((clause, i) => {
      // In "A but B", B is what the customer means: it weighs more, and the A just before it
      // (same sentence) less; the rest of a long review keeps its weight.
      const before = clauses[i + 1]?.contrasted === true;
      const weight = clause.contrasted ? 1.5 : before ? 0.5 : 1;
      for (const hit of scored[i]!) {
        // People praise in more words than they complain (SO-CAL, Taboada et al. 2011, weighs
        // negative expressions 50% more for the same reason).
        const resolved = hit.value < 0 && i <= resolvedUpTo ? RESOLVED_WEIGHT : 1;
        const value = hit.value * weight * resolved * (hit.value < 0 ? NEGATIVE_WEIGHT : 1);
        total += value;
        hits.push({ text: hit.text, value, clause: i, ...(hit.negated ? { negated: true } : {}) });
      }
    });
    const bangs = Math.min((text.match(/[!！]/g) ?? []).length, 3);
    if (total !== 0) total *= 1 + 0.08 * bangs;
    const score = total / Math.sqrt(total * total + ALPHA);
    const label = score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
    const drivers = [...hits].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 5).map((h) => h.text);
    const confidence = hits.length === 0 ? 0 : Math.min(1, Math.abs(score) * (0.6 + 0.1 * Math.min(hits.length, 4)));
    return { score: round(score), label, confidence: round(confidence), drivers, hits };
  }

  private tokenize(text: string): Token[] {
    if (this.rules.segmented) return this.segment(text);
    const tokens: Token[] = [];
    const pattern = new RegExp(`${WORD.source}|${EMOTICON.source}|${PICTOGRAPH.source}|[.!?;\\n]`, 'gu');
    for (const m of text.matchAll(pattern)) {
      const raw = m[0];
      if (EMOJI[raw] !== undefined) tokens.push({ text: raw });
      else if (CLAUSE_END.test(raw)) tokens.push({ text: raw, clauseBreak: true });
      else tokens.push({ text: raw.toLocaleLowerCase().replace(/’/g, "'") });
    }
    return tokens;
  }

  private segment(text: string): Token[] {
    const tokens: Token[] = [];
    for (const s of wordSegments(text, true)) {
      const t = s.segment.trim();
      if (!t) continue;
      if (CLAUSE_END.test(t) || /^[,，、]$/.test(t)) tokens.push({ text: t, clauseBreak: CLAUSE_END.test(t) || t === '，' || t === ',' });
      else tokens.push({ text: t.toLowerCase() });
    }
    return tokens;
  }

  /** Splits at sentence ends and at contrast words; marks clauses that follow a contrast
   * within their sentence. */
  private clauses(tokens: Token[]): { tokens: string[]; contrasted: boolean }[] {
    const out: { tokens: string[]; contrasted: boolean }[] = [{ tokens: [], contrasted: false }];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const two = i + 1 < tokens.length ? `${t.text} ${tokens[i + 1]!.text}` : '';
      // "but also" / "sino también" add to what came before instead of turning it.
      const adds = ['also', 'también', 'tambien'].includes(tokens[i + 1]?.text ?? '');
      if (!adds && (this.rules.contrast.has(t.text) || this.rules.contrast.has(two))) {
        if (this.rules.contrast.has(two)) i++;
        out.push({ tokens: [], contrasted: true });
      } else if (t.clauseBreak) {
        out.push({ tokens: [], contrasted: false });
      } else {
        out.at(-1)!.tokens.push(t.text);
      }
    }
    return out.filter((c) => c.tokens.length > 0);
  }

  private scoreClause(tokens: string[]): { text: string; value: number; resolves: boolean; negated?: boolean }[] {
    const hits: { text: string; value: number; resolves: boolean; negated?: boolean }[] = [];
    // "The agent sorted my problem": a trouble named with what resolved it is the story of a
    // happy customer, not a complaint (a negated resolver, "never fixed", still turns).
    const resolved = this.rules.resolvers !== undefined && tokens.some((t) => this.rules.resolvers!.has(t));
    let negatedUntil = -1;
    let degree = 1;
    const take = (text: string, value: number, at: number) => {
      const negated = at <= negatedUntil;
      hits.push({ text, value: this.modify(value, degree, negated), resolves: !negated && this.resolutionTexts.has(text), ...(negated ? { negated } : {}) });
      // A negator turns the one sentiment word it reaches, not everything after it.
      if (negated) negatedUntil = -1;
      degree = 1;
    };
    for (let i = 0; i < tokens.length; ) {
      const tok = tokens[i]!;
      const phrase = this.match(this.phraseList, tokens, i) ?? this.substringPhrase(tok);
      if (phrase) {
        take(phrase[2], phrase[0], i);
        i += phrase[1];
        continue;
      }
      // "not only … but also" adds, it does not deny.
      if (NOT_ONLY.has(`${tok} ${tokens[i + 1] ?? ''}`)) {
        i += 2;
        continue;
      }
      if (this.rules.negators.has(tok) || tok.endsWith("n't")) {
        // "I don't think it was late": a negated opinion verb denies the whole clause after it.
        negatedUntil = OPINION_VERBS.has(tokens[i + 1] ?? '') ? tokens.length : i + NEGATION_REACH;
        i++;
        continue;
      }
      const deg = this.match(this.degreeList, tokens, i);
      if (deg && this.modifiesNext(tokens, i + deg[1])) {
        degree *= deg[0];
        if (i <= negatedUntil) negatedUntil += deg[1];
        i += deg[1];
        continue;
      }
      if (resolved && this.rules.troubles?.has(tok)) {
        i++;
        continue;
      }
      const value = EMOJI[tok] ?? this.rules.resolvers?.get(tok) ?? this.valence(tok);
      if (value !== undefined && value !== 0) take(tok, value, i);
      else degree = 1;
      i++;
    }
    return hits;
  }

  /** Chinese: a resolution anywhere in the clause's characters ("钱两天就到|账了" is cut across
   * it), unless a negator comes just before it ("没退回来"). */
  private resolutionInside(tokens: string[]): string | undefined {
    const text = tokens.join('');
    for (const r of this.resolutionTexts) {
      const at = text.indexOf(r);
      if (at >= 0 && !/[不没未别]/u.test(text.slice(Math.max(0, at - 2), at))) return r;
    }
    return undefined;
  }

  /** A degree word counts when a sentiment word (or a phrase, or another degree word: "very
   * very good") follows it. */
  private modifiesNext(tokens: string[], at: number): boolean {
    const next = tokens[at];
    if (next === undefined) return false;
    return this.valence(next) !== undefined || this.match(this.phraseList, tokens, at) !== undefined || this.match(this.degreeList, tokens, at) !== undefined;
  }

  /** Negation turns a word around and softens it ("not good" is bad, not terrible); a negated
   * intensifier softens further ("not very good" is milder than "not good"). */
  private modify(value: number, degree: number, negated: boolean): number {
    if (!negated) return value * degree;
    return value * -0.74 * (degree > 1 ? 1 / degree : degree);
  }

  private valence(token: string): number | undefined {
    const direct = this.rules.words.get(token);
    if (direct !== undefined) return direct;
    if (!this.rules.stem || !this.rules.stemmedWords || token.length < 4) return undefined;
    // Stemming was a third of a Spanish answer's time; customers reuse the same few thousand words.
    let stem = this.stems.get(token);
    if (stem === undefined) {
      stem = this.rules.stem(token);
      if (this.stems.size >= STEM_CACHE) this.stems.clear();
      this.stems.set(token, stem);
    }
    return this.rules.stemmedWords.get(stem);
  }

  private match(list: [string[], number][], tokens: string[], at: number): [number, number, string] | undefined {
    const first = tokens[at];
    if (first === undefined) return undefined;
    // Only entries that can start here are tried: a hot path, run for every token.
    for (const [words, value] of this.startingWith(list, first)) {
      if (this.rules.segmented) {
        // A Chinese phrase may be cut into several segments: join segments until it matches.
        const phrase = words[0]!;
        let joined = '';
        for (let k = at; k < tokens.length && joined.length < phrase.length; k++) {
          joined += tokens[k];
          if (joined === phrase) return [value, k - at + 1, phrase];
        }
      } else if (words.every((w, k) => tokens[at + k] === w)) {
        return [value, words.length, words.join(' ')];
      }
    }
    return undefined;
  }

  /** Chinese segments do not always line up with our phrases, so phrases are also found inside
   * a longer segment. */
  private substringPhrase(token: string): [number, number, string] | undefined {
    if (!this.rules.segmented || token.length < 2) return undefined;
    for (const [[p], value] of this.phraseList) if (p && p.length <= token.length && token.includes(p) && p !== token) return [value, 1, p];
    return undefined;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
