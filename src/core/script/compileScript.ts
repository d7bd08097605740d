import { parseCondition, type ParsedCondition } from '../condition.js';
import type { PathSegment, Problem, ProblemCode } from '../problem.js';
import { kanoWords } from '../recognize/kanoWords.js';
import { KANO_ANSWERS } from '../results/kano.js';
import { interpolate, placeholdersIn } from '../template.js';
import {
  SurveyScript,
  type LocalizedTextSource,
  type QuestionSource,
  type SurveyScriptSource,
} from './schema.js';
import {
  END,
  type Catalog,
  type CompiledOption,
  type CompiledQuestion,
  type CompiledRating,
  type CompiledRule,
  type CompiledScript,
  type RatingPreset,
  type Texts,
} from './compiled.js';

export type CompileResult = { ok: true; script: CompiledScript } | { ok: false; problems: Problem[] };

export interface CompileInput {
  source: unknown;
  catalog: Catalog;
  version: number;
}

const PRESETS: Record<RatingPreset, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
};
/** Eleven points (NPS) is the most a row of buttons can show. */
const MAX_SCALE_POINTS = 11;
const CONTEXT_ROOTS = new Set(['customer', 'order']);
const RESERVED_IDS = new Set([END, ...CONTEXT_ROOTS, 'and', 'or', 'not', 'in', 'true', 'false', 'null']);
/** In a Kano form, the feature's text. */
const FEATURE_PLACEHOLDER = /\{\{\s*feature\s*\}\}/g;

/**
 * Validates a parsed script and compiles it for the engine. Every problem is collected (not just
 * the first) with its path, so an admin fixes a script in one pass.
 */
export function compileScript(input: CompileInput): CompileResult {
  const parsed = SurveyScript.safeParse(input.source);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        code: 'SCHEMA' as const,
        path: issue.path.filter((p): p is PathSegment => typeof p !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  const compiler = new Compiler(parsed.data, input.catalog);
  const script = compiler.compile(input.version);
  return compiler.problems.length ? { ok: false, problems: compiler.problems } : { ok: true, script };
}

class Compiler {
  readonly problems: Problem[] = [];
  private readonly indexById = new Map<string, number>();

  constructor(
    private readonly src: SurveyScriptSource,
    private readonly catalog: Catalog,
  ) {}

  compile(version: number): CompiledScript {
    const { src } = this;
    this.checkLocales();
    src.questions.forEach((q, i) => {
      if (RESERVED_IDS.has(q.id)) this.report('RESERVED_ID', ['questions', i, 'id'], `"${q.id}" is reserved (a jump target or a condition root); choose another id`, q.id);
      if (this.indexById.has(q.id)) this.report('DUPLICATE_ID', ['questions', i, 'id'], `duplicate question id "${q.id}"`, q.id);
      else this.indexById.set(q.id, i);
    });
    this.checkUniqueIds(src.endings, ['endings']);
    this.checkUniqueIds(src.escalation, ['escalation']);

    const questions = src.questions.map((q, i) => this.question(q, i));
    this.checkReachability();
    const endings = src.endings.map((e, i) => {
      const path = ['endings', i];
      if (e.if === undefined && i < src.endings.length - 1) {
        this.report('UNREACHABLE', [...path, 'id'], `ending "${e.id}" has no condition, so the endings after it can never be shown`);
      }
      return {
        id: e.id,
        when: e.if === undefined ? undefined : this.condition(e.if, [...path, 'if'], Infinity),
        text: this.texts(e.text, [...path, 'text'], Infinity),
      };
    });
    const last = src.endings.at(-1);
    if (last?.if !== undefined) {
      this.report('MISSING_DEFAULT_ENDING', ['endings', src.endings.length - 1, 'if'], 'the last ending must have no condition, so every customer gets one');
    }
    const consent = src.settings.contactConsent;
    if (consent !== undefined) {
      const q = src.questions.find((x) => x.id === consent);
      if (!q) this.report('UNKNOWN_QUESTION', ['settings', 'contactConsent'], `settings.contactConsent names "${consent}", which is not a question of this survey`);
      else if (q.type !== 'yesno') this.report('CONSENT_NOT_YESNO', ['settings', 'contactConsent'], `settings.contactConsent must name a yes/no question; "${consent}" is ${q.type}`, consent);
    }
    const outcome = this.outcome(src);
    const escalation = src.escalation.map((r, i): CompiledRule => {
      for (const locale of Object.keys(r.keywords ?? {})) {
        if (!src.locales.includes(locale)) this.report('UNKNOWN_LOCALE', ['escalation', i, 'keywords', locale], `keywords for "${locale}", which the survey does not list in locales`, undefined, locale);
      }
      return {
        id: r.id,
        priority: r.priority,
        then: r.then,
        ...(r.when !== undefined ? { when: this.condition(r.when, ['escalation', i, 'when'], Infinity) ?? neverCondition(r.when) } : {}),
        ...(r.minConfidence !== undefined ? { minConfidence: r.minConfidence } : {}),
        ...(r.keywords ? { keywords: Object.fromEntries(Object.entries(r.keywords).map(([l, words]) => [l, words.map((w) => w.normalize('NFKC').toLowerCase())])) } : {}),
      };
    });

    return {
      id: src.id,
      version,
      title: this.texts(src.title, ['title'], -1),
      defaultLocale: src.defaultLocale,
      locales: src.locales,
      settings: {
        expiresAfterMs: durationMs(src.settings.expiresAfter),
        resumeAfterMs: durationMs(src.settings.resumeAfter),
        reminderAfterMs: src.settings.reminderAfter ? durationMs(src.settings.reminderAfter) : undefined,
        cooldownMs: durationMs(src.settings.cooldown),
        maxReasks: src.settings.maxReasks,
        onGiveUp: src.settings.onGiveUp,
        maxTextLength: src.settings.maxTextLength,
        ...(src.settings.contactConsent ? { contactConsent: src.settings.contactConsent } : {}),
      },
      intro: src.intro ? this.texts(src.intro, ['intro'], -1) : undefined,
      questions,
      indexById: this.indexById,
      endings,
      escalation,
      segments: [...new Set(src.segments)],
      ...(outcome ? { outcome } : {}),
      messages: Object.fromEntries(src.locales.map((l) => [l, this.catalog[l] ?? {}])),
      aspects: Object.fromEntries(
        src.locales.map((l) => [l, Object.fromEntries(Object.entries(src.aspects).map(([aspect, words]) => [aspect, words[l] ?? []]))]),
      ),
    };
  }

  private checkLocales(): void {
    const { locales, defaultLocale } = this.src;
    if (!locales.includes(defaultLocale)) {
      this.report('UNKNOWN_LOCALE', ['defaultLocale'], `default locale "${defaultLocale}" is not in locales (${locales.join(', ')})`);
    }
    locales.forEach((l, i) => {
      if (!this.catalog[l]) this.report('UNKNOWN_LOCALE', ['locales', i], `no bot strings for "${l}": add locales/${l}.json`, undefined, l);
      if (locales.indexOf(l) !== i) this.report('DUPLICATE_ID', ['locales', i], `locale "${l}" is listed twice`);
    });
  }

  private checkUniqueIds(items: readonly { id: string }[], at: PathSegment[], questionId?: string): void {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) this.report('DUPLICATE_ID', [...at, i, 'id'], `duplicate id "${item.id}"`, questionId);
      seen.add(item.id);
    });
  }

  private question(q: QuestionSource, index: number): CompiledQuestion {
    const path = ['questions', index];
    if (q.type === 'kano') {
      const forms = this.kano(q, index);
      return { id: q.id, index, required: q.required, when: this.when(q, index), jumps: this.jumps(q, index), ...forms };
    }
    const base = {
      id: q.id,
      index,
      text: this.texts(q.text, [...path, 'text'], index, q.id),
      required: q.required,
      when: this.when(q, index),
      jumps: this.jumps(q, index),
      aspect: q.aspect,
    };
    switch (q.type) {
      case 'rating':
        return { ...base, type: 'rating', rating: this.rating(q.scale, q.display, [...path, 'scale'], index, q.id) };
      case 'choice':
        return { ...base, type: 'choice', multiple: q.multiple, options: this.options(q, index) };
      case 'yesno':
        return { ...base, type: 'yesno' };
      case 'text':
        return { ...base, type: 'text', maxLength: q.maxLength ?? this.src.settings.maxTextLength };
    }
  }

  private when(q: QuestionSource, index: number): ParsedCondition | undefined {
    return q.if === undefined ? undefined : this.condition(q.if, ['questions', index, 'if'], index, q.id);
  }

  /**
   * A Kano pair: the feature, the two forms with {{feature}} filled in (the script's own, or the
   * defaults from locales/), and the five answers with their labels and the words that name them.
   */
  private kano(q: Extract<QuestionSource, { type: 'kano' }>, index: number): Pick<Extract<CompiledQuestion, { type: 'kano' }>, 'type' | 'text' | 'feature' | 'dysfunctional' | 'options'> {
    const path = ['questions', index];
    const feature = this.texts(q.feature, [...path, 'feature'], index, q.id);
    if ((q.functional === undefined) !== (q.dysfunctional === undefined)) {
      const missing = q.functional === undefined ? 'functional' : 'dysfunctional';
      this.report('KANO_FORMS', [...path, q.functional === undefined ? 'dysfunctional' : 'functional'], `give the ${missing} form too, or neither: the two forms ask the same thing with and without the feature, so they are written together`, q.id);
    }
    const form = (which: 'functional' | 'dysfunctional'): Texts => {
      const own = q[which];
      if (own) return this.texts(own, [...path, which], index, q.id, feature);
      return Object.fromEntries(
        this.src.locales.flatMap((l) => {
          const template = this.catalog[l]?.[`kano.${which}`];
          return template === undefined || feature[l] === undefined ? [] : [[l, interpolate(template, { feature: feature[l] })]];
        }),
      );
    };
    const functional = form('functional');
    const dysfunctional = form('dysfunctional');
    for (const l of this.src.locales) {
      if (q.dysfunctional !== undefined && functional[l] !== undefined && functional[l] === dysfunctional[l]) {
        this.report('KANO_SAME_TEXT', [...path, 'dysfunctional', ...('key' in q.dysfunctional ? ['key'] : [l])], `the dysfunctional form is the same as the functional one in "${l}"; it should ask how the customer would feel without the feature`, q.id, l);
      }
    }
    const options = KANO_ANSWERS.map((answer): CompiledOption => {
      const label = Object.fromEntries(this.src.locales.map((l) => [l, this.catalog[l]?.[`kano.answer.${answer}`] ?? answer]));
      const names = Object.fromEntries(this.src.locales.map((l) => [l, [label[l]!, ...kanoWords(l)[answer]]]));
      return { id: answer, label, names };
    });
    return { type: 'kano', text: functional, feature, dysfunctional, options };
  }

  private rating(
    scale: Extract<QuestionSource, { type: 'rating' }>['scale'],
    display: 'numbers' | 'stars' | 'faces' | undefined,
    path: PathSegment[],
    index: number,
    qid: string,
  ): CompiledRating {
    if (typeof scale === 'string') return { ...PRESETS[scale], preset: scale, display: display ?? 'numbers' };
    const points = scale.max - scale.min + 1;
    if (points < 2 || points > MAX_SCALE_POINTS) {
      this.report('BAD_SCALE', path, `a scale from ${scale.min} to ${scale.max} has ${points} points; it needs 2 to ${MAX_SCALE_POINTS} (min below max)`, qid);
    }
    return {
      min: scale.min,
      max: scale.max,
      minLabel: scale.minLabel ? this.texts(scale.minLabel, [...path, 'minLabel'], index, qid) : undefined,
      maxLabel: scale.maxLabel ? this.texts(scale.maxLabel, [...path, 'maxLabel'], index, qid) : undefined,
      display: display ?? 'numbers',
    };
  }

  private options(q: Extract<QuestionSource, { type: 'choice' }>, index: number): CompiledOption[] {
    this.checkUniqueIds(q.options, ['questions', index, 'options'], q.id);
    return q.options.map((o, i) => {
      const path = ['questions', index, 'options', i];
      const label = this.texts(o.label, [...path, 'label'], index, q.id);
      for (const l of Object.keys(o.synonyms ?? {})) {
        if (!this.src.locales.includes(l)) this.report('UNKNOWN_LOCALE', [...path, 'synonyms', l], `synonyms for "${l}", which is not in locales`, q.id, l);
      }
      const names = Object.fromEntries(
        this.src.locales.map((l) => [l, [label[l] ?? '', ...(o.synonyms?.[l] ?? [])].filter(Boolean)]),
      );
      return { id: o.id, label, names };
    });
  }

  private jumps(q: QuestionSource, index: number): { when?: ParsedCondition; to: string }[] {
    if (q.next === undefined) return [];
    const list = typeof q.next === 'string' ? [{ to: q.next, if: undefined }] : q.next;
    return list.map((j, i) => {
      const path: PathSegment[] = typeof q.next === 'string' ? ['questions', index, 'next'] : ['questions', index, 'next', i];
      this.checkTarget(j.to, typeof q.next === 'string' ? path : [...path, 'to'], index, q.id);
      // A jump's condition may read the answer just given, hence index + 1.
      const when = j.if === undefined ? undefined : this.condition(j.if, [...path, 'if'], index + 1, q.id);
      return { when, to: j.to };
    });
  }

  private checkTarget(to: string, path: PathSegment[], index: number, qid: string): void {
    if (to === END) return;
    const target = this.indexById.get(to);
    if (target === undefined) this.report('UNKNOWN_QUESTION', path, `jumps to "${to}", which is not a question id (or "end")`, qid);
    else if (target <= index) this.report('BACKWARD_JUMP', path, `jumps back to "${to}"; jumps go forward only, so a survey always ends`, qid);
  }

  /** `before` is the index a question reference must be below: the answer must exist by then. */
  /** The named outcome question, checked; else the first CSAT, NPS or other rating. */
  private outcome(src: SurveyScriptSource): string | undefined {
    if (src.outcome !== undefined) {
      const q = src.questions.find((x) => x.id === src.outcome);
      if (!q) this.report('UNKNOWN_QUESTION', ['outcome'], `outcome names "${src.outcome}", which is not a question of this survey`);
      else if (q.type !== 'rating') this.report('OUTCOME_NOT_RATING', ['outcome'], `outcome must name a rating question; "${src.outcome}" is ${q.type}`, src.outcome);
      return src.outcome;
    }
    const ratings = src.questions.filter((q) => q.type === 'rating');
    const preset = (p: string) => ratings.find((q) => 'scale' in q && q.scale === p);
    return (preset('csat') ?? preset('nps') ?? ratings[0])?.id;
  }

  private condition(source: string, path: PathSegment[], before: number, qid?: string): ParsedCondition | undefined {
    const result = parseCondition(source);
    if (!result.ok) {
      this.report('BAD_CONDITION', path, `condition "${source}" ${result.message}`, qid);
      return undefined;
    }
    for (const ref of result.condition.questionRefs) this.checkQuestionRef(ref, path, before, qid, `condition "${source}"`);
    for (const ref of result.condition.kanoRefs) {
      const q = this.src.questions.find((x) => x.id === ref);
      if (q && q.type !== 'kano') this.report('NOT_KANO', path, `condition "${source}" reads kano(${ref}), but "${ref}" is a ${q.type} question; kano() reads the category of a kano question`, qid);
    }
    return result.condition;
  }

  private checkQuestionRef(ref: string, path: PathSegment[], before: number, qid: string | undefined, what: string): void {
    const at = this.indexById.get(ref);
    if (at === undefined) this.report('UNKNOWN_QUESTION', path, `${what} refers to "${ref}", which is not a question id`, qid);
    else if (at >= before) this.report('LATER_QUESTION', path, `${what} refers to "${ref}", which is not answered yet at this point`, qid);
  }

  /** `feature`: a Kano form's {{feature}} is filled with it (the feature's own text is checked
   * where it is written, so only the rest of the form is checked here). */
  private texts(text: LocalizedTextSource, path: PathSegment[], before: number, qid?: string, feature?: Texts): Texts {
    const out: Record<string, string> = {};
    const isKey = 'key' in text && typeof text.key === 'string';
    if (!isKey) {
      for (const l of Object.keys(text)) {
        if (!this.src.locales.includes(l)) this.report('UNKNOWN_LOCALE', [...path, l], `text for "${l}", which is not in locales`, qid, l);
      }
    }
    for (const locale of this.src.locales) {
      const value = isKey ? this.catalog[locale]?.[text.key as string] : (text as Record<string, string>)[locale];
      if (value === undefined) {
        if (isKey) this.report('MISSING_LOCALE_STRING', [...path, 'key'], `"${text.key as string}" is missing from locales/${locale}.json`, qid, locale);
        else this.report('MISSING_TEXT', [...path, locale], `text missing for locale "${locale}"`, qid, locale);
        continue;
      }
      if (feature) {
        this.checkPlaceholders(value.replace(FEATURE_PLACEHOLDER, ''), isKey ? [...path, 'key'] : [...path, locale], before, qid);
        out[locale] = value.replace(FEATURE_PLACEHOLDER, () => feature[locale] ?? '');
        continue;
      }
      this.checkPlaceholders(value, isKey ? [...path, 'key'] : [...path, locale], before, qid);
      out[locale] = value;
    }
    return out;
  }

  private checkPlaceholders(text: string, path: PathSegment[], before: number, qid?: string): void {
    const { placeholders, unclosed } = placeholdersIn(text);
    if (unclosed) this.report('BAD_PLACEHOLDER', path, `"{{" without a matching "}}"`, qid);
    for (const p of placeholders) {
      const [root, ...rest] = p.path;
      if (!root) this.report('BAD_PLACEHOLDER', path, 'an empty placeholder {{}}', qid);
      else if (CONTEXT_ROOTS.has(root)) {
        if (rest.length === 0) this.report('BAD_PLACEHOLDER', path, `{{${root}}} needs a field, e.g. {{${root}.id}}`, qid);
      } else if (rest.length > 0) {
        this.report('BAD_PLACEHOLDER', path, `{{${p.path.join('.')}}}: only customer.* and order.* have fields`, qid);
      } else this.checkQuestionRef(root, path, before, qid, `placeholder {{${root}}}`);
    }
  }

  /** Walks every way through the script, with each condition assumed both true and false. */
  private checkReachability(): void {
    const qs = this.src.questions;
    const reached = new Set<number>([0]);
    const queue = [0];
    const visit = (i: number) => {
      if (i < qs.length && !reached.has(i)) {
        reached.add(i);
        queue.push(i);
      }
    };
    while (queue.length) {
      const i = queue.shift()!;
      const q = qs[i]!;
      if (q.if !== undefined) visit(i + 1);
      const jumps = q.next === undefined ? [] : typeof q.next === 'string' ? [{ to: q.next }] : q.next;
      for (const j of jumps) {
        const target = this.indexById.get(j.to);
        if (target !== undefined && target > i) visit(target);
      }
      if (!jumps.some((j) => !('if' in j) || j.if === undefined)) visit(i + 1);
    }
    qs.forEach((q, i) => {
      if (!reached.has(i)) this.report('UNREACHABLE', ['questions', i, 'id'], `question "${q.id}" can never be reached: every way before it jumps past it`, q.id);
    });
  }

  private report(code: ProblemCode, path: PathSegment[], message: string, questionId?: string, locale?: string): void {
    this.problems.push({ code, path, message, ...(questionId ? { questionId } : {}), ...(locale ? { locale } : {}) });
  }
}

/** Only reached when a rule's condition failed to parse, which already made the script invalid. */
function neverCondition(source: string): ParsedCondition {
  return { source, ast: { type: 'Literal', value: false, raw: 'false' }, questionRefs: [], kanoRefs: [] };
}

export function durationMs(text: string): number {
  const n = Number.parseInt(text, 10);
  const unit = text.at(-1);
  const minutes = unit === 'd' ? n * 1440 : unit === 'h' ? n * 60 : n;
  return minutes * 60_000;
}
