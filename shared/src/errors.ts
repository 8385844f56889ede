/**
 * The API's error codes and the error body of every non-2xx answer. A code is the kind of failure (it
 * decides the HTTP status); the message key says what happened, in words the client renders in the
 * reader's language (see messages/). The server never sends finished sentences.
 */
import { z } from 'zod';
import type { FieldProblem } from './messages/format.ts';

// The codes and their default keys live without zod, so that a client page that only reads them loads no zod.
export { DEFAULT_ERROR_KEYS, ErrorCodes, type ErrorCode } from './error-codes.ts';

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

/** One bad field: its path, a `field.*` key with params, and zod's English text. */
export const FieldProblemSchema = z.object({
  path: z.string(),
  key: z.string(),
  params: Params.optional(),
  message: z.string(),
});

/** The body of every non-2xx answer. `message` is English, for logs and API users; clients render `key`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      key: z.string(),
      params: Params.optional(),
      message: z.string(),
      fields: z.array(FieldProblemSchema).optional(),
      /** Extra structured data of some errors (e.g. the schedule diff of a `schedule-changed` conflict). */
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A zod issue as far as {@link fieldProblemOf} reads it (also the shape fastify-type-provider-zod reports). */
export interface IssueLike {
  code?: string;
  path: readonly PropertyKey[] | string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  keys?: readonly string[];
  params?: Record<string, unknown>;
}

/** Maps one zod issue to a field problem with a `field.*` message key that names the field. */
export function fieldProblemOf(issue: IssueLike, prefix = ''): FieldProblem {
  const raw = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
  const base = raw || prefix || '(body)';
  const path = prefix && raw ? `${prefix}.${raw}` : base;
  const num = (v: number | bigint | undefined) => (typeof v === 'bigint' ? Number(v) : (v ?? 0));
  const textual = issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set';
  switch (issue.code) {
    case 'invalid_type':
      return {
        path,
        key: /received undefined/.test(issue.message) ? 'field.required' : 'field.invalidType',
        message: issue.message,
      };
    case 'too_small':
      return {
        path,
        key: textual ? 'field.tooShort' : 'field.tooSmall',
        params: { minimum: num(issue.minimum) },
        message: issue.message,
      };
    case 'too_big':
      return {
        path,
        key: textual ? 'field.tooLong' : 'field.tooBig',
        params: { maximum: num(issue.maximum) },
        message: issue.message,
      };
    case 'invalid_format':
    case 'invalid_string':
      return { path, key: 'field.invalidFormat', message: issue.message };
    case 'invalid_value':
    case 'invalid_enum_value':
    case 'invalid_union':
      return { path, key: 'field.invalidValue', message: issue.message };
    case 'unrecognized_keys': {
      // An empty key (`{"": 1}`) is shown as `""`, so the problem still names a field.
      const keys = (issue.keys ?? []).map((k) => (k === '' ? '""' : k));
      const at = keys.length ? (path === '(body)' ? keys.join(', ') : `${path}.${keys.join(', ')}`) : path;
      return { path: at, key: 'field.unknown', message: issue.message };
    }
    default: {
      const key = typeof issue.params?.key === 'string' ? issue.params.key : 'field.invalid';
      return { path, key, message: issue.message };
    }
  }
}
