// A group of controls under its legend, with the hint that explains the whole group (a control's own hint stays with it).
import type { ComponentProps, ReactNode } from 'react';

export function Fieldset({ legend, hint, children, ...fieldset }: ComponentProps<'fieldset'> & { legend: ReactNode; hint?: ReactNode }) {
  return (
    <fieldset {...fieldset}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </fieldset>
  );
}
