// Field error codes: the server names what is wrong with a field as a code with parameters, so a client can say it
// in the user's language; the English `detail` next to it stays for API users and logs.

export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'too_short',
  'too_long',
  'too_small',
  'too_big',
  'too_few',
  'too_many',
  'invalid_format',
  'not_allowed',
  'unknown_field',
  'nul_character',
  'nothing_to_change',
  'invalid',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldErrorParams {
  minimum?: number;
  maximum?: number;
  format?: string;
  values?: string[];
  keys?: string[];
  expected?: string;
}

/** What a zod issue (as fastify-type-provider-zod passes it: keyword = issue code) means for the field. */
export function fieldErrorOfIssue(
  keyword: string,
  issue: Record<string, unknown>,
  present: boolean,
): { code: FieldErrorCode | string; params: FieldErrorParams } {
  const origin = typeof issue.origin === 'string' ? issue.origin : '';
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);
  switch (keyword) {
    case 'invalid_type':
      return present ? { code: 'invalid_type', params: { expected: String(issue.expected ?? '') } } : { code: 'required', params: {} };
    case 'too_small': {
      const minimum = num(issue.minimum);
      if (origin === 'string') return minimum === 1 ? { code: 'required', params: {} } : { code: 'too_short', params: { minimum } };
      if (origin === 'array' || origin === 'set') return { code: 'too_few', params: { minimum } };
      return { code: 'too_small', params: { minimum } };
    }
    case 'too_big': {
      const maximum = num(issue.maximum);
      if (origin === 'string') return { code: 'too_long', params: { maximum } };
      if (origin === 'array' || origin === 'set') return { code: 'too_many', params: { maximum } };
      return { code: 'too_big', params: { maximum } };
    }
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: String(issue.format ?? '') } };
    case 'invalid_value':
      return { code: 'not_allowed', params: { values: Array.isArray(issue.values) ? issue.values.map(String) : undefined } };
    case 'unrecognized_keys':
      return { code: 'unknown_field', params: { keys: Array.isArray(issue.keys) ? issue.keys.map(String) : undefined } };
    case 'custom': {
      // a refinement names its own code: .refine(fn, { error: '…', params: { code: 'country_code' } })
      const own = (issue.params as { code?: unknown } | undefined)?.code;
      return { code: typeof own === 'string' ? own : 'invalid', params: {} };
    }
    default:
      return { code: 'invalid', params: {} };
  }
}
