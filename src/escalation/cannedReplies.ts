import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CANNED_PLACEHOLDERS, type CannedReply } from '../core/cases/cannedReply.js';

const MAX_REPLIES = 200;
const MAX_TEXT = 2000;
const perLocale = (max: number) => z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'keys must be locale tags such as en or zh-CN'), z.string().min(1).max(max));

const FileSchema = z.object({
  replies: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'ids are lower-case letters, digits, - and _'), title: perLocale(120), text: perLocale(MAX_TEXT) }).strict())
    .max(MAX_REPLIES),
});

/**
 * The canned replies from their file (JSON), checked at start-up so a mistake names the file and
 * the place; no file means no canned replies. An unknown placeholder is a mistake too: it would
 * reach the customer as "{nmae}".
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
    for (const [locale, text] of Object.entries(r.text)) {
      for (const [, name] of text.matchAll(/\{([^{}]*)\}/g)) {
        if (!(CANNED_PLACEHOLDERS as readonly string[]).includes(name!)) throw new Error(`${file}: replies.${i}.text.${locale}: unknown placeholder {${name}} (use ${CANNED_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
      }
    }
  }
  return parsed.data.replies;
}
