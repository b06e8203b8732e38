// Server field errors at their field: the service names fields with or without the `/body` prefix
// (`/body/duplicateOf`, `/attributes/size`), so both land on the same form key.
import { ApiError } from '../../api.ts';
import { translateFieldError } from '../../i18n.tsx';
import { pointerKey } from './format.ts';

export function reportFieldErrors(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!(error instanceof ApiError)) return map;
  for (const e of error.fieldErrors) {
    const key = pointerKey(e.pointer);
    if (key && !map[key]) map[key] = translateFieldError(e);
  }
  return map;
}

/** Moves the focus to the first field that has an error, after React drew the messages. */
export function focusFirst(ids: string[]) {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) {
        el.focus();
        return;
      }
    }
  });
}
