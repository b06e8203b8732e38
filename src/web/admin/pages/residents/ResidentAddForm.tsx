// "Einwohner:in erfassen": manual entry for residents without a smartphone (landline, paper form). The consent
// proof is required, as text or as a scan of the signed form (either suffices); it goes into the consent ledger with
// the staff member's name, and the scan is kept with the resident.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { type ResidentsContext, topicName } from './context.ts';
import { ScanField, type ScanFile } from './ScanField.tsx';
import { CHANNELS } from './types.ts';

export function ResidentAddForm({ ctx }: { ctx: ResidentsContext }) {
  const { t, tOr, locale } = useI18n();
  const [form, setForm] = useState({ phone: '', email: '', name: '', street: '', houseNumber: '', language: 'de', consentProof: '' });
  const [topics, setTopics] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>(['sms']);
  const [scan, setScan] = useState<ScanFile | null>(null);
  const { handle, error, busy } = useSubmit();
  const errors = fieldErrorMap(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const body = {
      phone: form.phone.trim(),
      email: optional(form.email),
      name: optional(form.name),
      street: optional(form.street),
      houseNumber: optional(form.houseNumber),
      language: form.language,
      topics,
      channels,
      consentProof: optional(form.consentProof),
      consentScan: scan ?? undefined,
    };
    handle(async () => {
      const created = await api.post<{ id: string }>(tenantPath(ctx.slug, '/residents'), body);
      navigate(paths.residents(ctx.slug, created.id));
    })();
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate data-testid="resident-add" aria-describedby="resident-add-intro">
      <p id="resident-add-intro">{t('residents.add.intro')}</p>
      <Problem error={error} id="resident-add-error" />
      <TextField
        id="resident-add-phone"
        data-testid="resident-add-phone"
        type="tel"
        required
        label={t('residents.add.phone')}
        hint={t('residents.add.phoneHint')}
        value={form.phone}
        onChange={set('phone')}
        error={errors.phone}
        autoComplete="off"
      />
      <TextField
        id="resident-add-email"
        type="email"
        label={t('residents.add.email')}
        value={form.email}
        onChange={set('email')}
        error={errors.email}
        autoComplete="off"
      />
      <TextField id="resident-add-name" label={t('residents.add.name')} value={form.name} onChange={set('name')} error={errors.name} autoComplete="off" />
      <div className="form-row">
        <TextField
          id="resident-add-street"
          label={t('residents.add.street')}
          hint={t('residents.add.streetHint')}
          value={form.street}
          onChange={set('street')}
          error={errors.street}
        />
        <TextField
          id="resident-add-house"
          label={t('residents.add.houseNumber')}
          value={form.houseNumber}
          onChange={set('houseNumber')}
          error={errors.houseNumber}
        />
      </div>
      <SelectField id="resident-add-language" label={t('residents.add.language')} value={form.language} onChange={set('language')}>
        <option value="de">Deutsch</option>
        <option value="en">English</option>
      </SelectField>
      <fieldset>
        <legend>{t('residents.col.topics')}</legend>
        {ctx.topics.map((x) => (
          <Checkbox
            key={x.key}
            id={`resident-add-topic-${x.key}`}
            label={topicName(ctx.topics, x.key, locale)}
            hint={x.mandatory ? t('residents.add.mandatory') : undefined}
            checked={topics.includes(x.key)}
            onChange={() => setTopics((l) => toggle(l, x.key))}
          />
        ))}
        {errors.topics ? (
          <p className="field-error" role="alert">
            {errors.topics}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('residents.col.channels')}</legend>
        {CHANNELS.filter((c) => c !== 'push').map((c) => (
          <Checkbox
            key={c}
            id={`resident-add-channel-${c}`}
            label={tOr(`channel.${c}`, c)}
            checked={channels.includes(c)}
            onChange={() => setChannels((l) => toggle(l, c))}
          />
        ))}
        {errors.channels ? (
          <p className="field-error" role="alert">
            {errors.channels}
          </p>
        ) : null}
      </fieldset>
      <fieldset aria-describedby="resident-add-proof-either">
        <legend>{t('residents.add.proof')}</legend>
        <p className="hint" id="resident-add-proof-either">
          {t('residents.add.proofEither')}
        </p>
        <TextArea
          id="resident-add-proof"
          data-testid="resident-add-proof"
          rows={3}
          label={t('residents.add.proofText')}
          hint={t('residents.add.proofHint')}
          value={form.consentProof}
          onChange={set('consentProof')}
          error={errors.consentProof}
        />
        <ScanField
          id="resident-add-scan"
          label={t('residents.scan.label')}
          hint={t('residents.scan.hint')}
          error={errors['consentScan.dataBase64'] ?? errors['consentScan.contentType'] ?? errors['consentScan.fileName']}
          onChange={setScan}
        />
      </fieldset>
      <SubmitButton busy={busy} testId="resident-add-submit">
        {t('residents.add.submit')}
      </SubmitButton>
    </form>
  );
}
