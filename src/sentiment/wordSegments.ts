export interface Segment {
  segment: string;
  isWordLike: boolean;
}

/** A word (letters, digits, an apostrophe inside: "don't"), or one other character (an emoji
 * with its modifiers and joiners kept together); spaces are left out. */
const LATIN = /([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)|(\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*|[^\p{L}\p{M}\p{N}\s])/gu;
const chinese = new Intl.Segmenter('zh-CN', { granularity: 'word' });
let last: { text: string; chinese: boolean; segments: readonly Segment[] } | undefined;

/**
 * An answer's words and the characters between them. Chinese needs a dictionary segmenter
 * (`Intl.Segmenter`); English and Spanish are split by a regular expression, several times
 * faster than ICU's word breaks, which were most of a scored answer's time. The rules and the
 * learned features both read a Chinese answer's segments: the last answer's are kept, so it is
 * segmented once.
 */
export function wordSegments(text: string, isChinese: boolean): readonly Segment[] {
  if (last && last.text === text && last.chinese === isChinese) return last.segments;
  const segments: Segment[] = [];
  if (isChinese) {
    for (const s of chinese.segment(text)) segments.push({ segment: s.segment, isWordLike: s.isWordLike === true });
  } else {
    for (const m of text.matchAll(LATIN)) segments.push({ segment: m[0], isWordLike: m[1] !== undefined });
  }
  last = { text, chinese: isChinese, segments };
  return segments;
}
