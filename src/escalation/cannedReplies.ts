import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CANNED_PLACEHOLDERS, type CannedReply } from '../core/cases/cannedReply.js';

/** The most canned replies there may be (the file's and admins' together). */
export const MAX_REPLIES = 200;
const MAX_TEXT = 2000;
const MAX_TITLE = 120;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const perLocale = (max: number, what: string) =>
  z.record(z.string(), z.string().trim().min(1, `a ${what} may not be empty`).max(max, `a ${what} is at most ${max} characters`)).superRefine((r, ctx) => {
    const locales = Object.keys(r);
    for (const locale of locales) if (!LOCALE.test(locale)) ctx.addIssue({ code: 'custom', path: [locale], message: `"${locale}" is not a locale tag such as en or zh-CN` });
    if (!locales.length) ctx.addIssue({ code: 'custom', message: `give the ${what} in at least one language, e.g. {"en": "…"}` });
    if (locales.length > 20) ctx.addIssue({ code: 'custom', message: `at most 20 languages per ${what}` });
  });

export const CannedReplyId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'ids are 1-64 lower-case letters, digits, - and _ (starting with a letter or digit)');

/** A reply's title and text, as the file and admins write them (with what else the caller's
 * object has), placeholders checked: an unknown one would reach the customer as "{nmae}". */
export function cannedReplySchema<S extends z.ZodRawShape>(extra: S) {
  return z
    .object({ ...extra, title: perLocale(MAX_TITLE, 'title'), text: perLocale(MAX_TEXT, 'text') })
    .strict()
    .superRefine((r, ctx) => {
      for (const [locale, text] of Object.entries((r as { text: Record<string, string> }).text)) {
        const unknown = unknownPlaceholder(text);
        if (unknown !== undefined) ctx.addIssue({ code: 'custom', path: ['text', locale], message: `unknown placeholder {${unknown}} (use ${CANNED_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
      }
    });
}

const FileSchema = z.object({ replies: z.array(cannedReplySchema({ id: CannedReplyId })).max(MAX_REPLIES) });

/** The first placeholder that is not one of CANNED_PLACEHOLDERS: it would reach the customer as "{nmae}". */
export function unknownPlaceholder(text: string): string | undefined {
  for (const [, name] of text.matchAll(/\{([^{}]*)\}/g)) if (!(CANNED_PLACEHOLDERS as readonly string[]).includes(name!)) return name!;
  return undefined;
}

/**
 * The canned replies from their file (JSON), checked at start-up so a mistake names the file and
 * the place; no file means no canned replies. The file is the default: admins' changes in the
 * staff app are kept in the store over it (CannedReplyLibrary).
 */
export async function loadCannedReplies(file: string): Promise<CannedReply[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const [i, r] of parsed.data.replies.entries()) {
    if (seen.has(r.id)) throw new Error(`${file}: replies.${i}.id: "${r.id}" is used twice`);
    seen.add(r.id);
  }
  return parsed.data.replies;
}
