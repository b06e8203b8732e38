// A report category as the editor holds it (strings as typed) and back as the API body, checked with the shared
// contract so field errors appear at their field before anything is sent. Pure; tested in categoryForm.test.ts.
import { reportCategoryInput } from '../../../../common/contracts/reports.ts';
import type { ReportFieldType } from '../../../../common/states.ts';
import type { ReportCategory } from '../reports/types.ts';
import { listOf } from '../../components/tags.ts';

export interface FieldForm {
  code: string;
  datatype: ReportFieldType;
  label: string;
  description: string;
  required: boolean;
  /** Choices, one a line: "Name" or "key=Name". */
  values: string;
}

export interface CategoryForm {
  code: string;
  name: string;
  description: string;
  groupName: string;
  departmentId: string;
  resolutionHours: string;
  firstResponseHours: string;
  autoReply: string;
  keywords: string;
  active: boolean;
  position: string;
  fields: FieldForm[];
  forwardUrl: string;
  forwardServiceCode: string;
  forwardJurisdictionId: string;
  /** Write-only: typed to set or replace the key; empty keeps the stored one. */
  forwardApiKey: string;
  removeForwardApiKey: boolean;
}

export const emptyField = (): FieldForm => ({ code: '', datatype: 'string', label: '', description: '', required: false, values: '' });

export function toCategoryForm(c: ReportCategory | null): CategoryForm {
  return {
    code: c?.code ?? '',
    name: c?.name ?? '',
    description: c?.description ?? '',
    groupName: c?.groupName ?? '',
    departmentId: c?.departmentId ?? '',
    resolutionHours: String(c?.resolutionHours ?? 40),
    firstResponseHours: c?.firstResponseHours === null || c?.firstResponseHours === undefined ? '' : String(c.firstResponseHours),
    autoReply: c?.autoReply ?? '',
    keywords: c?.keywords.join(', ') ?? '',
    active: c?.active ?? true,
    position: String(c?.position ?? 0),
    fields: (c?.fields ?? []).map((f) => ({
      code: f.code,
      datatype: f.datatype,
      label: f.label,
      description: f.description ?? '',
      required: f.required,
      values: (f.values ?? []).map((v) => `${v.key}=${v.name}`).join('\n'),
    })),
    forwardUrl: c?.forwardUrl ?? '',
    forwardServiceCode: c?.forwardServiceCode ?? '',
    forwardJurisdictionId: c?.forwardJurisdictionId ?? '',
    forwardApiKey: '',
    removeForwardApiKey: false,
  };
}

/** A choice's key from its name: lower case, umlauts spelled out, other characters as "_". */
export function choiceKey(name: string): string {
  const spelled = name.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  return spelled
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/** "key=Name" or "Name" a line; blank lines skipped. */
export function parseChoices(text: string): Array<{ key: string; name: string }> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq > 0) return { key: line.slice(0, eq).trim(), name: line.slice(eq + 1).trim() };
      return { key: choiceKey(line) || line, name: line };
    });
}

const whole = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The body for POST (new) or PATCH (every field, so the stored category ends as shown). */
export function categoryBody(form: CategoryForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    code: form.code.trim(),
    name: form.name.trim(),
    description: form.description.trim(),
    groupName: form.groupName.trim(),
    departmentId: form.departmentId || null,
    resolutionHours: whole(form.resolutionHours),
    firstResponseHours: form.firstResponseHours.trim() ? whole(form.firstResponseHours) : null,
    autoReply: form.autoReply.trim(),
    keywords: listOf(form.keywords),
    active: form.active,
    position: whole(form.position || '0'),
    fields: form.fields.map((f) => ({
      code: f.code.trim(),
      datatype: f.datatype,
      label: f.label.trim(),
      ...(f.description.trim() ? { description: f.description.trim() } : {}),
      required: f.required,
      ...(f.datatype.endsWith('valuelist') ? { values: parseChoices(f.values) } : {}),
    })),
    forwardUrl: orNull(form.forwardUrl),
    forwardServiceCode: orNull(form.forwardServiceCode),
    forwardJurisdictionId: orNull(form.forwardJurisdictionId),
  };
  if (form.forwardApiKey.trim()) body.forwardApiKey = form.forwardApiKey.trim();
  return body;
}

/** Which message belongs to a field that failed the contract (keys of reportsSettings.error.*). */
function messageFor(path: ReadonlyArray<PropertyKey>): string {
  const [first, , inner] = path;
  if (first === 'fields' && path.length === 1) return 'fieldCodesUnique';
  if (first === 'fields') return inner === 'code' ? 'fieldCode' : inner === 'values' ? 'choices' : inner === 'label' ? 'required' : 'invalid';
  switch (first) {
    case 'code':
      return 'code';
    case 'name':
      return 'required';
    case 'resolutionHours':
    case 'firstResponseHours':
      return 'hours';
    case 'position':
      return 'position';
    case 'forwardUrl':
      return 'url';
    default:
      return 'invalid';
  }
}

/** Field key (`code`, `fields.0.values`) → message name; empty when the contract takes the body. */
export function checkCategory(form: CategoryForm): Record<string, string> {
  const result = reportCategoryInput.safeParse(categoryBody(form));
  const errors: Record<string, string> = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    if (!errors[key]) errors[key] = messageFor(issue.path);
  }
  return errors;
}
