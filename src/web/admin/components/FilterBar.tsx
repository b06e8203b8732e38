// The filter bar above a console list: fields edited as a draft and applied together on submit (so the list is not
// asked again on every key), with the apply and reset buttons.
import { type FormEvent, type ReactNode, useState } from 'react';

/** A filter form's draft: `field(key)` binds a control (value and onChange), `pick(key, blank)` a picker, `submit` hands the draft to `apply`. */
export function useFilterDraft<F extends { [K in keyof F]: string }>(initial: F, apply: (draft: F) => void) {
  const [draft, setDraft] = useState<F>(initial);
  const set = (key: keyof F) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const field = (key: keyof F) => ({ value: draft[key], onChange: set(key) });
  /** A picker's binding, with the blank choice (any, all) that clears the filter. */
  const pick = (key: keyof F, blank: string) => ({ ...field(key), blank });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  /** The reset button: these filters in the form and on the list at once. */
  const clear = (to: F) => {
    setDraft(to);
    apply(to);
  };
  return { draft, setDraft, set, field, pick, submit, clear };
}

interface FilterBarProps {
  className: string;
  /** The form's accessible name. */
  label: string;
  onSubmit: (e: FormEvent) => void;
  applyLabel: string;
  applyTestId: string;
  /** The reset button, when the bar has one. */
  reset?: { label: string; onReset: () => void };
  children: ReactNode;
}

export function FilterBar({ className, label, onSubmit, applyLabel, applyTestId, reset, children }: FilterBarProps) {
  return (
    <form className={className} onSubmit={onSubmit} aria-label={label}>
      {children}
      <p className="button-row">
        <button type="submit" data-testid={applyTestId}>
          {applyLabel}
        </button>
        {reset ? (
          <button type="button" className="button-quiet" onClick={reset.onReset}>
            {reset.label}
          </button>
        ) : null}
      </p>
    </form>
  );
}

/** The apply and reset buttons of a search form that sets them in its row of fields. */
export function SearchButtons({ applyLabel, resetLabel, onReset }: { applyLabel: string; resetLabel: string; onReset: () => void }) {
  return (
    <>
      <button type="submit" className="button-primary">
        {applyLabel}
      </button>
      <button type="button" onClick={onReset}>
        {resetLabel}
      </button>
    </>
  );
}
