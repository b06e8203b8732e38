// Add or change one provider of a channel: the kind first, then that kind's settings and secrets. Secrets are
// never shown; a stored one keeps its value unless a new one is typed.
import { Options } from '../../../components/Pickers.tsx';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { RECEIVE_ONLY_KINDS } from '../../../../../common/provider-kinds.ts';
import { api, fieldErrorMap, tenantPath } from '../../../api.ts';
import { Checkbox, Field, SelectField, TextArea, TextField } from '../../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../../components/Form.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { useI18n } from '../../../i18n.tsx';
import type { Channel, Provider, ProviderKind } from '../../../types.ts';
import { buildBody, CHANNEL_LABEL, type FieldSpec, initialValues, KIND_LABEL, KINDS_BY_CHANNEL, type Values, visibleFields } from './providerKinds.ts';
import { Fieldset } from '../../../components/Fieldset.tsx';

interface Props {
  slug: string;
  channel: Channel;
  /** The provider to change; null adds a new one. */
  provider: Provider | null;
  onSaved: (provider: Provider, created: boolean) => void;
  onCancel: () => void;
}

const numberOrText = (raw: string) => (raw.trim() === '' || !Number.isFinite(Number(raw)) ? raw.trim() : Number(raw));

/** The routing numbers, each a number field named like the API's field (and its error). */
const ROUTING = [
  { name: 'weight', id: 'provider-weight', min: 0, max: 1000, label: 'providers.weight', hint: 'providers.weightHint' },
  { name: 'ratePerSecond', id: 'provider-rate', min: 1, max: undefined, label: 'providers.rate', hint: 'providers.rateHint' },
  { name: 'centsPerMessage', id: 'provider-cost', min: 0, max: undefined, label: 'providers.cost', hint: 'providers.costHint' },
] as const;
type Routing = Record<(typeof ROUTING)[number]['name'], string>;

export function ProviderForm({ slug, channel, provider, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const kinds = KINDS_BY_CHANNEL[channel];
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? kinds[0]);
  const [values, setValues] = useState<Values>(() => initialValues(kind, provider?.config));
  const [name, setName] = useState(provider?.name ?? '');
  const [routing, setRouting] = useState<Routing>({
    weight: String(provider?.weight ?? 100),
    ratePerSecond: provider?.ratePerSecond == null ? '' : String(provider.ratePerSecond),
    centsPerMessage: String(provider?.centsPerMessage ?? 0),
  });
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [invalid, setInvalid] = useState<string[]>([]);
  const save = useSubmit();
  const error = save.error;
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = fieldErrorMap(error);
  const creating = provider === null;

  useEffect(() => heading.current?.focus(), []);
  // after a rejected save, the first marked field gets the focus
  useEffect(() => {
    if (error || invalid.length) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, invalid]);

  const changeKind = (next: ProviderKind) => {
    setKind(next);
    setValues(initialValues(next));
    save.reset();
    setInvalid([]);
  };
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));

  /** The server's message for a field: `/body/config/host`, `/body/secrets/password`, or one inside a JSON block. */
  const errorOf = (f: FieldSpec): string | undefined => {
    if (invalid.includes(f.name)) return t('providers.invalidJson');
    const direct = (f.secret ? errors[`secrets.${f.name}`] : undefined) ?? errors[`config.${f.name}`];
    if (direct) return direct;
    const nested = Object.keys(errors).find((k) => k.startsWith(`config.${f.name}.`));
    return nested ? `${nested.slice(`config.${f.name}.`.length)}: ${errors[nested]}` : undefined;
  };

  const shown = visibleFields(kind, values);
  const claimed = new Set(['kind', 'channel', 'name', 'weight', 'ratePerSecond', 'centsPerMessage', 'enabled']);
  for (const f of shown) {
    for (const k of Object.keys(errors)) if (k === `config.${f.name}` || k === `secrets.${f.name}` || k.startsWith(`config.${f.name}.`)) claimed.add(k);
  }
  const unclaimed = Object.entries(errors).filter(([k]) => !claimed.has(k));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildBody(kind, values, provider?.config ?? {}, creating);
    setInvalid(built.invalid);
    save.reset();
    if (built.invalid.length) return;
    const common = {
      name: name.trim(),
      config: built.config,
      secrets: built.secrets,
      weight: numberOrText(routing.weight),
      enabled,
      ratePerSecond: routing.ratePerSecond.trim() === '' ? null : numberOrText(routing.ratePerSecond),
      centsPerMessage: numberOrText(routing.centsPerMessage),
    };
    save.handle(async () => {
      const saved = creating
        ? await api.post<Provider>(tenantPath(slug, '/providers'), { channel, kind, ...common })
        : await api.patch<Provider>(tenantPath(slug, `/providers/${provider.id}`), common);
      onSaved(saved, creating);
    })();
  };

  const headingId = `provider-form-heading-${channel}`;
  const problemId = `provider-form-error-${channel}`;
  return (
    <form ref={formRef} className="form provider-form" onSubmit={submit} noValidate aria-labelledby={headingId} data-testid={`provider-form-${channel}`}>
      <h4 id={headingId} ref={heading} tabIndex={-1}>
        {creating ? t('providers.addFor', { channel: t(CHANNEL_LABEL[channel]) }) : t('providers.editTitle', { name: provider.name })}
      </h4>
      <Problem error={error} id={problemId} />
      {unclaimed.length ? (
        <ul className="field-error" data-testid="provider-other-errors">
          {unclaimed.map(([k, detail]) => (
            <li key={k}>
              {k}: {detail}
            </li>
          ))}
        </ul>
      ) : null}
      <SelectField
        id="provider-kind"
        data-testid="provider-kind"
        label={t('providers.kindLabel')}
        hint={creating ? undefined : t('providers.kindFixed')}
        value={kind}
        disabled={!creating}
        onChange={(e) => changeKind(e.target.value as ProviderKind)}
        error={errors.kind ?? errors.channel}
      >
        <Options choices={kinds.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))} />
      </SelectField>
      <TextField
        id="provider-name"
        data-testid="provider-name"
        label={t('providers.name')}
        hint={t('providers.nameHint')}
        required
        autoComplete="off"
        value={name}
        onValue={setName}
        error={errors.name}
      />
      <Fieldset legend={t('providers.settingsOf', { kind: t(KIND_LABEL[kind]) })}>
        {shown.map((f) => (
          <KindField
            key={`${kind}-${f.name}`}
            spec={f}
            value={values[f.name] ?? ''}
            stored={provider?.secretsSet.includes(f.name) ?? false}
            error={errorOf(f)}
            onChange={(v) => set(f.name, v)}
          />
        ))}
      </Fieldset>
      <Fieldset legend={t('providers.routing')}>
        {/* a mailbox that only receives takes no share of sending, no rate and no price */}
        {(RECEIVE_ONLY_KINDS as readonly string[]).includes(kind)
          ? null
          : ROUTING.map((f) => (
              <TextField
                key={f.name}
                id={f.id}
                data-testid={f.id}
                type="number"
                min={f.min}
                max={f.max}
                label={t(f.label)}
                hint={t(f.hint)}
                value={routing[f.name]}
                onChange={(e) => setRouting((r) => ({ ...r, [f.name]: e.target.value }))}
                error={errors[f.name]}
              />
            ))}
        <Checkbox
          id="provider-enabled"
          data-testid="provider-enabled"
          label={t('providers.enabledLabel')}
          checked={enabled}
          onChecked={setEnabled}
          error={errors.enabled}
        />
      </Fieldset>
      <div className="button-row">
        <SubmitButton busy={save.busy} testId="provider-save">
          {creating ? t('providers.create') : t('common.save')}
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

interface KindFieldProps {
  spec: FieldSpec;
  value: string;
  /** A secret with this name is stored already. */
  stored: boolean;
  error?: string;
  onChange: (value: string) => void;
}

function KindField({ spec, value, stored, error, onChange }: KindFieldProps) {
  const { t } = useI18n();
  const id = `provider-field-${spec.name}`;
  const label = t(spec.label);
  const hint = spec.hint ? t(spec.hint) : undefined;
  const common = { id, 'data-testid': id, label, hint, error };
  const secretPlaceholder = stored ? t('providers.secretStored') : undefined;
  switch (spec.type) {
    case 'checkbox':
      return <Checkbox {...common} checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} />;
    case 'select':
      return (
        <SelectField {...common} value={value} onValue={onChange}>
          <Options
            choices={(spec.options ?? []).map((o) => ({ value: o, label: t(o === 'twilio' ? 'providers.mapping.twilio' : 'providers.mapping.generic-json') }))}
          />
        </SelectField>
      );
    case 'json':
      return <TextArea {...common} rows={12} className="code" spellCheck={false} placeholder={spec.placeholder} value={value} onValue={onChange} />;
    case 'secretArea':
      return (
        <TextArea
          {...common}
          rows={5}
          className="code"
          spellCheck={false}
          autoComplete="off"
          placeholder={secretPlaceholder}
          value={value}
          onValue={onChange}
        />
      );
    case 'password':
      return (
        <Field id={id} label={label} hint={hint} error={error}>
          {(a11y) => (
            <input
              type="password"
              data-testid={id}
              autoComplete="new-password"
              placeholder={secretPlaceholder}
              value={value}
              onChange={(e) => onChange(e.target.value)}
              {...a11y}
            />
          )}
        </Field>
      );
    default:
      return (
        <TextField
          {...common}
          type={spec.type === 'number' ? 'number' : spec.type === 'url' ? 'url' : 'text'}
          inputMode={spec.type === 'number' ? 'numeric' : undefined}
          required={spec.required}
          autoComplete="off"
          spellCheck={false}
          placeholder={spec.placeholder}
          value={value}
          onValue={onChange}
        />
      );
  }
}
