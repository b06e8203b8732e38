// The filter bar above a console list: fields edited as a draft and applied together on submit (so the list is not
// asked again on every key), with the apply and reset buttons.
import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../i18n.tsx';

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

/** Lists whose filter bar has a reset button. */
type ResettableTexts = 'inbox' | 'reports' | 'surveys';
/** Whose texts a bar reads: `<texts>.filters` names the form, `<texts>.apply` and `<texts>.reset` its buttons. */
export type FilterTexts = ResettableTexts | 'events' | 'surveys.res';

type FilterBarProps<F> = {
  className: string;
  /** The draft of useFilterDraft: the form applies it, the reset button clears it to `resetTo`. */
  filter: { submit: (e: FormEvent) => void; clear: (to: F) => void };
  applyTestId: string;
  children: ReactNode;
} & ({ texts: ResettableTexts; resetTo?: F } | { texts: Exclude<FilterTexts, ResettableTexts>; resetTo?: never });

export function FilterBar<F>({ className, texts, filter, resetTo, applyTestId, children }: FilterBarProps<F>) {
  const { t } = useI18n();
  return (
    <form className={className} onSubmit={filter.submit} aria-label={t(`${texts}.filters`)}>
      {children}
      <p className="button-row">
        <button type="submit" data-testid={applyTestId}>
          {t(`${texts}.apply`)}
        </button>
        {resetTo === undefined ? null : (
          <button type="button" className="button-quiet" onClick={() => filter.clear(resetTo)}>
            {t(`${texts as ResettableTexts}.reset`)}
          </button>
        )}
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
