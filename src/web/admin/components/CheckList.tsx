// A list of checkboxes that picks some items of a list (topics, areas, streets, tags): each item is one labelled
// checkbox in a list item, so screen readers count the choices.
import type { ReactNode } from 'react';
import { Checkbox, FieldError } from './Field.tsx';
import { Fieldset } from './Fieldset.tsx';

/** The list with the item added, or taken out when it was there. */
export const toggled = <T,>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

interface CheckListProps<T, K> {
  items: readonly T[];
  keyOf: (item: T) => K;
  labelOf: (item: T) => string;
  /** The keys that are ticked. */
  selected: readonly K[];
  /** The keys ticked after a click: the item's key added, or taken out. */
  onChange: (selected: K[]) => void;
  /** The checkbox's id is this prefix and the item's key. */
  idPrefix: string;
  label?: string;
  testId?: string;
}

export function CheckList<T, K extends string>({ items, keyOf, labelOf, selected, onChange, idPrefix, label, testId }: CheckListProps<T, K>) {
  return (
    <ul className="check-list" aria-label={label}>
      {items.map((item) => {
        const key = keyOf(item);
        return (
          <li key={key}>
            <Checkbox
              id={`${idPrefix}${key}`}
              data-testid={testId}
              label={labelOf(item)}
              checked={selected.includes(key)}
              onChange={() => onChange(toggled(selected, key))}
            />
          </li>
        );
      })}
    </ul>
  );
}

export interface CheckOption<V extends string = string> {
  value: V;
  label: string;
  hint?: string;
  testId?: string;
}

interface CheckFieldsetProps<V extends string> {
  legend: ReactNode;
  options: readonly CheckOption<V>[];
  /** The checkbox's id is this prefix and the option's value. */
  idPrefix: string;
  isChecked: (value: V) => boolean;
  onToggle: (value: V, checked: boolean) => void;
  /** The server's error for the whole list, under the last checkbox. */
  error?: string;
  className?: string;
  /** Checkboxes before the options, e.g. "all of them". */
  children?: ReactNode;
}

/** A fieldset of checkboxes that picks some of a few options (channels, topics, weekdays). */
export function CheckFieldset<V extends string>({ legend, options, idPrefix, isChecked, onToggle, error, className, children }: CheckFieldsetProps<V>) {
  return (
    <Fieldset className={className} legend={legend}>
      {children}
      {options.map((o) => (
        <Checkbox
          key={o.value}
          id={`${idPrefix}${o.value}`}
          label={o.label}
          hint={o.hint}
          checked={isChecked(o.value)}
          onChange={(e) => onToggle(o.value, e.target.checked)}
          data-testid={o.testId}
        />
      ))}
      <FieldError id={undefined}>{error}</FieldError>
    </Fieldset>
  );
}
