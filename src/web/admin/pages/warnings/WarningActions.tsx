// Update (new texts, severity or expiry), cancel (issued in error) or all-clear: each reaches the people the
// original reached and refers to it in its CAP document.
import { type ReactNode, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { WarningSummary } from './types.ts';
import { ExpiryField, isoOf, severityChoices } from './WarningForm.tsx';

interface Props {
  slug: string;
  warning: WarningSummary;
  onDone: () => void;
}

export function WarningActions({ slug, warning, onDone }: Props) {
  const { t } = useI18n();
  const update = useSubmit();
  const cancel = useSubmit();
  const clear = useSubmit();
  const { values: v, bind } = useFormValues({
    severity: warning.severity,
    headline: warning.headline,
    description: warning.description,
    instruction: warning.instruction ?? '',
    expiresAt: '',
  });
  const [reason, setReason] = useState('');
  const errors = fieldErrorMap(update.error);
  const base = tenantPath(slug, `/warnings/${warning.id}`);

  /** Posts the action, then the page loads the warning again. */
  const post = (action: string, body: () => object) => async () => {
    await api.post(`${base}/${action}`, body());
    onDone();
  };

  return (
    <div className="warning-actions">
      <ActionForm
        name="warning-update"
        title={t('warnings.action.update')}
        testId="warning-update-form"
        submit={update}
        send={post('update', () => ({
          severity: v.severity,
          headline: v.headline,
          description: v.description,
          instruction: v.instruction.trim() ? v.instruction : null,
          ...(v.expiresAt ? { expiresAt: isoOf(v.expiresAt) } : {}),
        }))}
        buttonTestId="warning-update"
      >
        <Problem error={Object.keys(errors).length ? null : update.error} />
        <PickerField id="update-severity" label={t('warnings.field.severity')} choices={severityChoices(t)} {...bind('severity')} />
        <TextField id="update-headline" label={t('warnings.field.headline')} {...bind('headline', errors)} />
        <TextArea id="update-description" label={t('warnings.field.description')} {...bind('description', errors)} />
        <TextArea id="update-instruction" rows={3} label={t('warnings.field.instruction')} {...bind('instruction', errors)} />
        <ExpiryField id="update-expires" hint={t('warnings.hint.keepExpiry')} {...bind('expiresAt', errors)} />
      </ActionForm>
      <ActionForm
        name="warning-clear"
        title={t('warnings.action.allClear')}
        hint={t('warnings.hint.allClear')}
        submit={clear}
        send={post('all-clear', () => ({}))}
        buttonTestId="warning-all-clear"
      >
        <Problem error={clear.error} />
      </ActionForm>
      <ActionForm
        name="warning-cancel"
        title={t('warnings.action.cancel')}
        hint={t('warnings.hint.cancel')}
        submit={cancel}
        send={post('cancel', () => (reason.trim() ? { reason: reason.trim() } : {}))}
        buttonTestId="warning-cancel"
        danger
      >
        <TextField id="cancel-reason" label={t('warnings.field.reason')} hint={t('warnings.optional')} value={reason} onValue={setReason} />
        <Problem error={cancel.error} />
      </ActionForm>
    </div>
  );
}

interface ActionFormProps {
  /** Starts the heading's id (`<name>-heading`), which names the form. */
  name: string;
  /** The heading, and the label of the button that sends the action. */
  title: string;
  hint?: string;
  testId?: string;
  submit: ReturnType<typeof useSubmit>;
  send: () => Promise<unknown>;
  buttonTestId: string;
  danger?: boolean;
  /** The fields and where the action's problem shows. */
  children: ReactNode;
}

function ActionForm({ name, title, hint, testId, submit, send, buttonTestId, danger, children }: ActionFormProps) {
  return (
    <form className="form" noValidate aria-labelledby={`${name}-heading`} data-testid={testId} onSubmit={submit.handle(send)}>
      <h3 id={`${name}-heading`}>{title}</h3>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
      <SubmitButton busy={submit.busy} variant={danger ? 'danger' : 'primary'} testId={buttonTestId}>
        {title}
      </SubmitButton>
    </form>
  );
}
