/** Response fragments shared by route docs: every error is application/problem+json. */
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import { problemSchema } from '../cases/response-schemas';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'the body is not valid JSON',
  401: 'missing, expired or badly signed bearer token',
  403: 'the caller\'s role or jurisdiction does not admit this',
  404: 'no such case (also for a malformed id)',
  409: 'the case is not in a state that accepts this',
  413: 'the body is too large',
  422: 'validation failed: `errors` lists each field with a reason',
  429: 'too many writes by this caller; see Retry-After',
  503: 'a dependency is unavailable; retry later',
};

/** A response whose body is one media type other than JSON (HTML, XML, an event stream, an image). */
export const mediaResponse = (description: string, mediaType: string, schema: ZodType = z.string()): ResponseConfig => ({
  description,
  content: { [mediaType]: { schema } },
});

/** One problem response with a description of its own (where the shared one per code says too little). */
export const problemResponse = (description: string): ResponseConfig => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export function problems(...codes: number[]): Record<string, ResponseConfig> {
  return Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: PROBLEM_TEXT[code] ?? 'error',
        content: { 'application/problem+json': { schema: problemSchema } },
        ...(code === 429 ? { headers: { 'Retry-After': { description: 'seconds until writes are accepted again', schema: { type: 'integer' } } } } : {}),
      },
    ]),
  );
}

export const json = (description: string, schema: ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

export const jsonBody = (schema: ZodType) => ({ required: true, content: { 'application/json': { schema } } });

/** Errors every authenticated route can return. */
export const AUTH_ERRORS = [401, 403] as const;
export const WRITE_ERRORS = [400, 401, 403, 413, 422, 429] as const;
