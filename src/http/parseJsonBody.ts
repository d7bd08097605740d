import type { z } from 'zod';
import { SatisfyError } from '../errors.js';

/**
 * A JSON body checked against its schema, or 400 BAD_REQUEST naming every problem by its field
 * (`customer.id: Required`), with an example of a good body. `where` names what was checked when
 * it is not the whole body (`invitations[3]`).
 */
export function parseJsonBody<T extends z.ZodTypeAny>(schema: T, value: unknown, options: { example: string; where?: string }): z.output<T> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new SatisfyError('BAD_REQUEST', `${options.where ? `${options.where}: s` : 'S'}end a JSON object (Content-Type: application/json), e.g. ${options.example}`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<T>;
  const problems = parsed.error.issues.map((i) => `${[options.where, ...i.path].filter((p) => p !== undefined && p !== '').join('.') || 'body'}: ${i.message}`);
  throw new SatisfyError('BAD_REQUEST', `${problems.join('; ')}. Example: ${options.example}`);
}
