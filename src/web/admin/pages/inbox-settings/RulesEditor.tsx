// Routing rules (Zuständigkeiten): an ordered list, first match wins; each row names conditions (channel, first word,
// topic of the message answered, language; empty means "any") and the department that gets the conversation. The
// whole list is saved at once, so moving a row up or down is just its place in the list.
import { departmentChoices, Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { departmentInbox, InboxRule } from '../../../../common/contracts/inbox.ts';
import { INBOUND_CHANNELS, type InboundChannel } from '../../../../common/states.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { bindPatch, SubmitButton, type TextKey, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import type { Items } from '../../types.ts';
import { Pending } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

type DepartmentInbox = z.infer<typeof departmentInbox>;

interface Row {
  /** Only for React: rows move, so their position is no key. */
  key: number;
  channel: InboundChannel | '';
  keyword: string;
  topic: string;
  language: string;
  departmentId: string;
}

let nextKey = 1;
const toRow = (r: InboxRule): Row => ({
  key: nextKey++,
  channel: r.channel ?? '',
  keyword: r.keyword ?? '',
  topic: r.topic ?? '',
  language: r.language ?? '',
  departmentId: r.departmentId,
});
const orNull = (s: string) => (s.trim() ? s.trim() : null);
const toInput = (r: Row) => ({
  channel: r.channel || null,
  keyword: orNull(r.keyword),
  topic: orNull(r.topic),
  language: orNull(r.language),
  departmentId: r.departmentId,
});

export const channelLabel: Record<InboundChannel, MessageKey> = {
  sms: 'inboxSettings.channel.sms',
  email: 'inboxSettings.channel.email',
  push: 'inboxSettings.channel.push',
  portal: 'inboxSettings.channel.portal',
};

interface Props {
  slug: string;
  departments: DepartmentInbox[];
  canManage: boolean;
}

export function RulesEditor({ slug, departments, canManage }: Props) {
  const loaded = useLoad<Items<InboxRule>>(tenantPath(slug, '/inbox/rules'));
  if (loaded.error || !loaded.data) return <Pending error={loaded.error} />;
  return <RulesForm slug={slug} initial={loaded.data.items} departments={departments} canManage={canManage} onSaved={(items) => loaded.setData({ items })} />;
}

function RulesForm({ slug, initial, departments, canManage, onSaved }: Props & { initial: InboxRule[]; onSaved: (r: InboxRule[]) => void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Row[]>(() => initial.map(toRow));
  const [missing, setMissing] = useState<Set<number>>(new Set());
  const { handle, error, busy, done } = useSubmit();
  const errors = fieldErrorMap(error);

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((rs) => {
      const next = [...rs];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const without = new Set(rows.filter((r) => !r.departmentId).map((r) => r.key));
    setMissing(without);
    if (without.size > 0) return;
    handle(async () => {
      const saved = await api.put<Items<InboxRule>>(tenantPath(slug, '/inbox/rules'), { body: { rules: rows.map(toInput) } });
      setRows(saved.items.map(toRow));
      onSaved(saved.items);
    })();
  };

  return (
    <form className="form rules-editor" onSubmit={submit} noValidate aria-labelledby="inbox-rules-heading" data-testid="inbox-rules-form">
      <h3 id="inbox-rules-heading">{t('inboxSettings.rules.title')}</h3>
      <p className="hint">{t('inboxSettings.rules.hint')}</p>
      <Problem error={error} />
      {rows.length === 0 ? <p>{t('inboxSettings.rules.none')}</p> : null}
      <ol className="rule-list">
        {rows.map((row, i) => {
          const err = (field: string) => errors[`rules.${i}.${field}`];
          const field = bindPatch(row, (patch) => update(row.key, patch), err);
          // a control of this rule: `rule-<key>-<name>`, its value and error, read-only for those who may not manage
          const control = (name: string, key: TextKey<Row>) => ({ id: `rule-${row.key}-${name}`, disabled: !canManage, ...field.text(key) });
          const n = i + 1;
          return (
            <li key={row.key} data-testid={`inbox-rule-${i}`}>
              <Fieldset legend={t('inboxSettings.rules.rule', { n })}>
                <div className="form-row">
                  <SelectField label={t('inboxSettings.rules.channel')} {...control('channel', 'channel')}>
                    <Options blank={t('inboxSettings.rules.any')} choices={INBOUND_CHANNELS.map((c) => ({ value: c, label: t(channelLabel[c]) }))} />
                  </SelectField>
                  <TextField label={t('inboxSettings.rules.keyword')} {...control('keyword', 'keyword')} data-testid={`inbox-rule-${i}-keyword`} />
                  <TextField label={t('inboxSettings.rules.topic')} {...control('topic', 'topic')} />
                  <TextField label={t('inboxSettings.rules.language')} size={6} {...control('language', 'language')} />
                  <SelectField
                    label={t('inboxSettings.rules.department')}
                    {...control('department', 'departmentId')}
                    data-testid={`inbox-rule-${i}-department`}
                    error={err('departmentId') ?? (missing.has(row.key) ? t('inboxSettings.rules.pickDepartment') : undefined)}
                  >
                    <Options blank={t('inboxSettings.rules.choose')} choices={departmentChoices(departments)} />
                  </SelectField>
                </div>
                {canManage ? (
                  <div className="button-row">
                    <button type="button" className="button-small" data-testid={`inbox-rule-${i}-up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      {t('inboxSettings.rules.up')}
                      <span className="visually-hidden">: {t('inboxSettings.rules.rule', { n })}</span>
                    </button>{' '}
                    <button type="button" className="button-small" disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      {t('inboxSettings.rules.down')}
                      <span className="visually-hidden">: {t('inboxSettings.rules.rule', { n })}</span>
                    </button>{' '}
                    <button type="button" className="button-small button-danger" onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                      {t('inboxSettings.rules.remove')}
                      <span className="visually-hidden">: {t('inboxSettings.rules.rule', { n })}</span>
                    </button>
                  </div>
                ) : null}
              </Fieldset>
            </li>
          );
        })}
      </ol>
      <Success>{done ? t('inboxSettings.rules.saved') : null}</Success>
      {canManage ? (
        <div className="button-row">
          <button
            type="button"
            className="button-small"
            data-testid="inbox-rule-add"
            onClick={() =>
              setRows((rs) => [...rs, { key: nextKey++, channel: '', keyword: '', topic: '', language: '', departmentId: departments[0]?.id ?? '' }])
            }
          >
            {t('inboxSettings.rules.add')}
          </button>{' '}
          <SubmitButton busy={busy} testId="inbox-rules-save">
            {t('inboxSettings.rules.save')}
          </SubmitButton>
        </div>
      ) : null}
    </form>
  );
}
