/** What the scorer needs to know about one language. Valences are on AFINN's -5..5 scale. */
export interface LanguageRules {
  /** Single words (lowercase, accents kept) with a valence. */
  words: ReadonlyMap<string, number>;
  /** Fallback lookup by stem, for inflections the word list lacks. */
  stem?: (word: string) => string;
  stemmedWords?: ReadonlyMap<string, number>;
  /** Multi-word expressions, matched before single words (customer-service phrasing). */
  phrases: Readonly<Record<string, number>>;
  negators: ReadonlySet<string>;
  /** Multipliers: above 1 intensify ("very"), below 1 soften ("a bit"). May be multi-word. */
  degree: Readonly<Record<string, number>>;
  /** Words that turn a sentence: what follows weighs more than what came before. */
  contrast: ReadonlySet<string>;
  /** Chinese is written without spaces: it is segmented with Intl.Segmenter. */
  segmented: boolean;
  /** Words saying a trouble was dealt with ("sorted", "resolvió", "解决"): in their clause the
   * trouble itself is no complaint, and they count as praise ("support sorted my problem"). */
  resolvers?: ReadonlyMap<string, number>;
  /** The troubles they resolve ("problem", "problema", "问题"). */
  troubles?: ReadonlySet<string>;
  /** Phrases telling that a trouble was put right ("sent a new one", "me devolvieron el dinero",
   * "补发"): they count as praise, and the complaints told before them weigh less. */
  resolutions?: Readonly<Record<string, number>>;
}

/** A typed emoticon (":)", ";-(", ">:(", "(:"): every reader of an answer finds them alike. */
export const EMOTICON = /(?:>?[:;=][-']?[()DPp/])|(?:\(:)/gu;

/** Emoji and emoticons, the same in every language. */
export const EMOJI: Readonly<Record<string, number>> = {
  '😍': 3, '🥰': 3, '😊': 2, '🙂': 1, '😀': 2, '😃': 2, '😄': 2, '😁': 2, '👍': 2, '👏': 2, '❤': 3, '💯': 3, '🎉': 2, '⭐': 1, '🤩': 3, '😎': 1,
  '😡': -3, '🤬': -4, '😠': -3, '😞': -2, '😢': -2, '😭': -2, '☹': -2, '🙁': -2, '👎': -2, '💩': -3, '🤮': -3, '😤': -2, '😒': -1, '😩': -2, '😫': -2, '🙄': -1,
  ':)': 2, ':-)': 2, ':D': 2, ':-D': 2, ';)': 1, '(:': 2, ':(': -2, ':-(': -2, ":'(": -2, ':/': -1, ':-/': -1, '>:(': -3,
};

export function wordMap(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}
