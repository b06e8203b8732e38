// Fachbereiche: add, rename and delete the departments work is routed to.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { EditDeleteButtons, SaveCancelButtons } from '../../components/RowActions.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import type { Department } from '../../types.ts';

interface Props {
  slug: string;
  departments: Department[];
  loadError: unknown;
  onChanged: () => void;
}

export function DepartmentsSection({ slug, departments, loadError, onChanged }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const { error, done, run } = useAction(() => onChanged());
  const errors = fieldErrorMap(error);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}) };
    if (await run(() => api.post(tenantPath(slug, '/departments'), body), t('departments.added', { name: body.name }))) {
      setName('');
      setEmail('');
    }
  };

  const rename = (d: Department, newName: string) =>
    run(() => api.patch(tenantPath(slug, `/departments/${d.id}`), { name: newName }), t('departments.renamed', { name: newName }));

  const remove = (d: Department) => {
    if (!window.confirm(t('departments.confirmDelete', { name: d.name }))) return;
    void run(() => api.del(tenantPath(slug, `/departments/${d.id}`)), t('departments.deleted', { name: d.name }));
  };

  return (
    <section aria-labelledby="departments-heading">
      <h3 id="departments-heading">{t('departments.title')}</h3>
      <Problem error={error ?? loadError} />
      <Success>{done}</Success>
      {departments.length === 0 ? (
        <p>{t('departments.none')}</p>
      ) : (
        <ul className="department-list">
          {departments.map((d) => (
            <DepartmentRow key={d.id} department={d} onRename={rename} onDelete={remove} />
          ))}
        </ul>
      )}
      <form className="form form-row" onSubmit={add} noValidate aria-labelledby="departments-add-heading">
        <h4 id="departments-add-heading">{t('departments.add')}</h4>
        <TextField id="department-name" label={t('departments.name')} required value={name} onValue={setName} error={errors.name} />
        <TextField id="department-email" label={t('departments.email')} type="email" value={email} onValue={setEmail} error={errors.email} />
        <button type="submit" className="button-primary">
          {t('departments.addSubmit')}
        </button>
      </form>
    </section>
  );
}

interface RowProps {
  department: Department;
  onRename: (d: Department, name: string) => Promise<boolean>;
  onDelete: (d: Department) => void;
}

function DepartmentRow({ department, onRename, onDelete }: RowProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(department.name);
  const inputId = `department-rename-${department.id}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await onRename(department, name.trim())) setEditing(false);
  };

  if (editing) {
    return (
      <li>
        <form className="inline-form" onSubmit={save}>
          <label htmlFor={inputId}>{t('departments.newName', { name: department.name })}</label>
          <input id={inputId} value={name} onChange={(e) => setName(e.target.value)} required />
          <SaveCancelButtons onCancel={() => setEditing(false)} />
        </form>
      </li>
    );
  }
  return (
    <li>
      <span className="department-name">{department.name}</span>
      {department.email ? <span className="hint"> ({department.email})</span> : null}{' '}
      <EditDeleteButtons
        name={department.name}
        editLabel={t('departments.rename')}
        onEdit={() => {
          setName(department.name);
          setEditing(true);
        }}
        onDelete={() => onDelete(department)}
      />
    </li>
  );
}
