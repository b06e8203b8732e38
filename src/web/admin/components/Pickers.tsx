// Choosing a department, a person (or another item of a list) in the console: the options of a select with the blank
// choice first, and the lookups they read. Shared by the inbox and the reports, in their filter bars and pickers.
import type { ChangeEvent } from 'react';
import { tenantPath } from '../api.ts';
import type { Department, Items, StaffMember } from '../types.ts';
import { SelectField } from './Field.tsx';
import { useLoad } from './useLoad.ts';

export interface Choice {
  value: string;
  label: string;
}

/** The options of a select; `blank` names the choice with the empty value (any, none, unassigned) before the others. */
export function Options({ blank, choices }: { blank?: string; choices: readonly Choice[] }) {
  return (
    <>
      {blank === undefined ? null : <option value="">{blank}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}

/** Choices of a fixed list of values, each named by `labelOf` (usually a translated text). */
export const choicesOf = <V extends string>(values: readonly V[], labelOf: (value: V) => string): Choice[] =>
  values.map((value) => ({ value, label: labelOf(value) }));

interface PickerFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  /** The change event, or (`onValue`) only the chosen value. */
  onChange?: (e: ChangeEvent<HTMLSelectElement>) => void;
  onValue?: (value: string) => void;
  blank?: string;
  choices: readonly Choice[];
  testId?: string;
}

/** A labelled select of these choices. */
export function PickerField({ blank, choices, testId, ...field }: PickerFieldProps) {
  return (
    <SelectField {...field} data-testid={testId}>
      <Options blank={blank} choices={choices} />
    </SelectField>
  );
}

export const departmentChoices = (items: readonly Pick<Department, 'id' | 'name'>[]): Choice[] => items.map((d) => ({ value: d.id, label: d.name }));

/** A person by name, else by e-mail address (an invited member may have no name yet). */
export const staffChoices = (items: readonly Pick<StaffMember, 'userId' | 'name' | 'email'>[]): Choice[] =>
  items.map((s) => ({ value: s.userId, label: s.name || s.email }));

type Picked = readonly [string, (id: string) => void];

interface AssignPickersProps {
  /** `noDepartment` names the blank department choice, when there is one. */
  labels: { department: string; person: string; unassigned: string; noDepartment?: string };
  lookups: { departments: readonly Pick<Department, 'id' | 'name'>[]; staff: readonly Pick<StaffMember, 'userId' | 'name' | 'email'>[] };
  /** The chosen department and person with their setters, as `useState` gives them. */
  department: Picked;
  person: Picked;
}

/** The department and person pickers of a report's or a conversation's assign form (ids and test ids `assign-department`, `assign-person`). */
export function AssignPickers({ labels, lookups, department, person }: AssignPickersProps) {
  const pickers = [
    { name: 'department', label: labels.department, blank: labels.noDepartment, choices: departmentChoices(lookups.departments), picked: department },
    { name: 'person', label: labels.person, blank: labels.unassigned, choices: staffChoices(lookups.staff), picked: person },
  ];
  return pickers.map(({ name, picked: [value, onValue], ...picker }) => (
    <PickerField key={name} id={`assign-${name}`} testId={`assign-${name}`} value={value} onValue={onValue} {...picker} />
  ));
}

/** The municipality's departments and staff members (cached by path: every picker of a page shares the requests). */
export function useDepartmentsAndStaff(slug: string): { departments: Department[]; staff: StaffMember[] } {
  const departments = useLoad<Items<Department>>(tenantPath(slug, '/departments'));
  const staff = useLoad<Items<StaffMember>>(tenantPath(slug, '/staff'));
  return { departments: departments.data?.items ?? [], staff: staff.data?.items ?? [] };
}
