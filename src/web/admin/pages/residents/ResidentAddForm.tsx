// "Einwohner:in erfassen": manual entry for residents without a smartphone (landline, paper form). The consent
// proof is required, as text or as a scan of the signed form (either suffices); it goes into the consent ledger with
// the staff member's name, and the scan is kept with the resident.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { ChannelFieldset, TopicFieldset } from './ConsentFieldsets.tsx';
import type { ResidentsContext } from './context.ts';
import { ScanField, type ScanFile } from './ScanField.tsx';
import { CHANNELS } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface TextSpec {
  key: 'phone' | 'email' | 'name' | 'street' | 'houseNumber';
  id: string;
  label: MessageKey;
  hint?: MessageKey;
  type?: 'tel' | 'email';
  autoComplete?: 'off';
}

// who the resident is (nothing the browser should fill in from the clerk's own data), and where they live
const CONTACT: TextSpec[] = [
  { key: 'phone', id: 'resident-add-phone', type: 'tel', label: 'residents.add.phone', hint: 'residents.add.phoneHint', autoComplete: 'off' },
  { key: 'email', id: 'resident-add-email', type: 'email', label: 'residents.add.email', autoComplete: 'off' },
  { key: 'name', id: 'resident-add-name', label: 'residents.add.name', autoComplete: 'off' },
];
const PLACE: TextSpec[] = [
  { key: 'street', id: 'resident-add-street', label: 'residents.add.street', hint: 'residents.add.streetHint' },
  { key: 'houseNumber', id: 'resident-add-house', label: 'residents.add.houseNumber' },
];

export function ResidentAddForm({ ctx }: { ctx: ResidentsContext }) {
  const { t } = useI18n();
  const { values: form, bind } = useFormValues({ phone: '', email: '', name: '', street: '', houseNumber: '', language: 'de', consentProof: '' });
  const [topics, setTopics] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>(['sms']);
  const [scan, setScan] = useState<ScanFile | null>(null);
  const { handle, error, busy } = useSubmit();
  const errors = fieldErrorMap(error);

  const textField = (f: TextSpec) => (
    <TextField
      key={f.key}
      id={f.id}
      data-testid={f.id}
      type={f.type ?? 'text'}
      required={f.key === 'phone'}
      label={t(f.label)}
      hint={f.hint ? t(f.hint) : undefined}
      {...bind(f.key, errors)}
      autoComplete={f.autoComplete}
    />
  );

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
      {CONTACT.map(textField)}
      <div className="form-row">{PLACE.map(textField)}</div>
      <SelectField id="resident-add-language" label={t('residents.add.language')} {...bind('language')}>
        <option value="de">Deutsch</option>
        <option value="en">English</option>
      </SelectField>
      <TopicFieldset ctx={ctx} markMandatory idPrefix="resident-add" chosen={topics} onChange={setTopics} error={errors.topics} />
      <ChannelFieldset
        channels={CHANNELS.filter((c) => c !== 'push')}
        idPrefix="resident-add"
        chosen={channels}
        onChange={setChannels}
        error={errors.channels}
      />
      <Fieldset aria-describedby="resident-add-proof-either" legend={t('residents.add.proof')}>
        <p className="hint" id="resident-add-proof-either">
          {t('residents.add.proofEither')}
        </p>
        <TextArea
          id="resident-add-proof"
          data-testid="resident-add-proof"
          rows={3}
          label={t('residents.add.proofText')}
          hint={t('residents.add.proofHint')}
          {...bind('consentProof', errors)}
        />
        <ScanField
          id="resident-add-scan"
          label={t('residents.scan.label')}
          hint={t('residents.scan.hint')}
          error={errors['consentScan.dataBase64'] ?? errors['consentScan.contentType'] ?? errors['consentScan.fileName']}
          onChange={setScan}
        />
      </Fieldset>
      <SubmitButton busy={busy} testId="resident-add-submit">
        {t('residents.add.submit')}
      </SubmitButton>
    </form>
  );
}
