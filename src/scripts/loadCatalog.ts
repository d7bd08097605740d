import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../core/script/compiled.js';
import { SatisfyError } from '../errors.js';

const REFERENCE_LOCALE = 'en';

/**
 * Reads locales/<locale>.json (the bot's own strings). Every locale must have every key the
 * English file has, so a customer never sees a raw key; start-up fails naming what is missing.
 */
export async function loadCatalog(dir: string): Promise<Catalog> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new SatisfyError('LOCALES_INVALID', `Cannot read locale files from ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const catalog: Record<string, Record<string, string>> = {};
  const problems: string[] = [];
  for (const file of files) {
    const locale = file.slice(0, -'.json'.length);
    const path = join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      problems.push(`${path}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`${path}: must be an object of "key": "text"`);
      continue;
    }
    const entries = Object.entries(parsed).filter(([k]) => k !== '$comment');
    const bad = entries.filter(([, v]) => typeof v !== 'string' || v.length === 0).map(([k]) => k);
    if (bad.length) problems.push(`${path}: these keys need a non-empty text: ${bad.join(', ')}`);
    catalog[locale] = Object.fromEntries(entries) as Record<string, string>;
  }
  const reference = catalog[REFERENCE_LOCALE];
  if (!reference) problems.push(`${dir}: ${REFERENCE_LOCALE}.json is missing; it is the reference every locale is checked against`);
  for (const [locale, strings] of Object.entries(catalog)) {
    const missing = Object.keys(reference ?? {}).filter((k) => !(k in strings));
    if (missing.length) problems.push(`${join(dir, `${locale}.json`)}: missing ${missing.join(', ')}`);
  }
  if (problems.length) throw new SatisfyError('LOCALES_INVALID', `Locale files have problems:\n  ${problems.join('\n  ')}`);
  return catalog;
}
