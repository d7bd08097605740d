import type { ParsedCondition } from '../condition.js';

/** Text resolved for every locale the script declares. */
export type Texts = Readonly<Record<string, string>>;

/** Bot strings (locales/<locale>.json) per locale. */
export type Catalog = Readonly<Record<string, Readonly<Record<string, string>>>>;

export type RatingPreset = 'csat' | 'nps' | 'ces';

export interface CompiledRating {
  min: number;
  max: number;
  preset?: RatingPreset;
  minLabel?: Texts;
  maxLabel?: Texts;
  display: 'numbers' | 'stars' | 'faces';
}

export interface CompiledOption {
  id: string;
  label: Texts;
  /** Label first, then synonyms, per locale: what the choice recognizer matches. */
  names: Readonly<Record<string, readonly string[]>>;
}

interface QuestionBase {
  id: string;
  index: number;
  text: Texts;
  required: boolean;
  when?: ParsedCondition;
  jumps: readonly { when?: ParsedCondition; to: string }[];
  aspect?: string;
}

export type CompiledQuestion =
  | (QuestionBase & { type: 'rating'; rating: CompiledRating })
  | (QuestionBase & { type: 'choice'; multiple: boolean; options: readonly CompiledOption[] })
  | (QuestionBase & { type: 'yesno' })
  | (QuestionBase & { type: 'text'; maxLength: number })
  /** `text` is the functional form (with the feature), asked first; options are the five Kano
   * answers (ids like, expect, neutral, tolerate, dislike) with their words per locale. */
  | (QuestionBase & { type: 'kano'; feature: Texts; dysfunctional: Texts; options: readonly CompiledOption[] });

export interface CompiledSettings {
  expiresAfterMs: number;
  resumeAfterMs: number;
  reminderAfterMs?: number;
  cooldownMs: number;
  maxReasks: number;
  onGiveUp: 'skip' | 'end';
  maxTextLength: number;
  /** The yes/no question whose No means: no person joins at the end of the survey. */
  contactConsent?: string;
}

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export type RuleAction = 'continue' | 'pause' | 'end';

export interface CompiledRule {
  id: string;
  when?: ParsedCondition;
  /** Per locale, lower-cased. */
  keywords?: Readonly<Record<string, readonly string[]>>;
  /** Sentiment of answers scored less sure than this is left out of `when`. */
  minConfidence?: number;
  priority: Priority;
  then: RuleAction;
}

/** A script after validation: everything a turn needs, resolved once at load time. */
export interface CompiledScript {
  id: string;
  version: number;
  title: Texts;
  defaultLocale: string;
  locales: readonly string[];
  settings: CompiledSettings;
  intro?: Texts;
  questions: readonly CompiledQuestion[];
  indexById: ReadonlyMap<string, number>;
  endings: readonly { id: string; when?: ParsedCondition; text: Texts }[];
  escalation: readonly CompiledRule[];
  messages: Catalog;
  /** Start-data paths that results are split by (besides channel, locale and version). */
  segments: readonly string[];
  /** The rating question aspects are measured against (driver analysis), if there is one. */
  outcome?: string;
  /** The script's own aspects: per locale, aspect -> words that name it. */
  aspects: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export const END = 'end';
