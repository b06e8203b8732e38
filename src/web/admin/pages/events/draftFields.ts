// The editor's parts (when, where, answers) and its form bind their controls to the draft the same way.
import { bindNamed } from '../../components/Form.tsx';
import type { EventDraft } from './draft.ts';

/** What each part of the editor (when, where, answers) is handed: the whole draft, its change, the errors by key. */
export interface DraftPartProps {
  draft: EventDraft;
  onChange: (next: EventDraft) => void;
  errors: Record<string, string>;
}

/**
 * A part's controls bound to their keys of the draft (see bindPatch), each with the id `event-<key>`: a change replaces
 * the draft with that key patched.
 */
export const bindDraft = ({ draft, onChange, errors }: DraftPartProps) =>
  bindNamed(
    draft,
    (next) => onChange({ ...draft, ...next }),
    (key) => errors[key],
    (key) => `event-${key}`,
  );
