// Server field errors by field name (pointers come as `/code` or `/body/code`).
import { ApiError } from '../../api.ts';
import { translateFieldError } from '../../i18n.tsx';

export function fieldErrorsOf(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!(error instanceof ApiError)) return map;
  for (const e of error.fieldErrors) {
    const key =
      e.pointer
        .replace(/^\/body/, '')
        .replace(/^\//, '')
        .split('/')[0] ?? '';
    if (key && !map[key]) map[key] = translateFieldError(e);
  }
  return map;
}
