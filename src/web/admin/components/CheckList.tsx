// A list of checkboxes that picks some items of a list (topics, areas, streets, tags): each item is one labelled
// checkbox in a list item, so screen readers count the choices.
import { Checkbox } from './Field.tsx';

/** The list with the item added, or taken out when it was there. */
export const toggled = <T,>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

interface CheckListProps<T, K> {
  items: readonly T[];
  keyOf: (item: T) => K;
  labelOf: (item: T) => string;
  /** The keys that are ticked. */
  selected: readonly K[];
  onToggle: (key: K) => void;
  /** The checkbox's id is this prefix and the item's key. */
  idPrefix: string;
  label?: string;
  testId?: string;
}

export function CheckList<T, K extends string>({ items, keyOf, labelOf, selected, onToggle, idPrefix, label, testId }: CheckListProps<T, K>) {
  return (
    <ul className="check-list" aria-label={label}>
      {items.map((item) => {
        const key = keyOf(item);
        return (
          <li key={key}>
            <Checkbox id={`${idPrefix}${key}`} data-testid={testId} label={labelOf(item)} checked={selected.includes(key)} onChange={() => onToggle(key)} />
          </li>
        );
      })}
    </ul>
  );
}
