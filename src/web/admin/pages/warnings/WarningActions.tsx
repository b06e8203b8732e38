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
import { instantOfInput } from '../../components/zoned-input.ts';
import { ExpiryField, severityChoices } from './WarningForm.tsx';

interface Props {
  slug: string;
  warning: WarningSummary;
  onDone: () => void;
}

export function WarningActions({ slug, warning, onDone }: Props) {
  const { t, timeZone: zone } = useI18n();
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
  const post = (action: Action, body: () => object) => async () => {
    await api.post(`${base}/${action}`, body());
    onDone();
  };

  return (
    <div className="warning-actions">
      <ActionForm
        action="update"
        testId="warning-update-form"
        submit={update}
        send={post('update', () => ({
          severity: v.severity,
          headline: v.headline,
          description: v.description,
          instruction: v.instruction.trim() ? v.instruction : null,
          ...(v.expiresAt ? { expiresAt: instantOfInput(v.expiresAt, zone) } : {}),
        }))}
      >
        <Problem error={Object.keys(errors).length ? null : update.error} />
        <PickerField id="update-severity" label={t('warnings.field.severity')} choices={severityChoices(t)} {...bind('severity')} />
        <TextField id="update-headline" label={t('warnings.field.headline')} {...bind('headline', errors)} />
        <TextArea id="update-description" label={t('warnings.field.description')} {...bind('description', errors)} />
        <TextArea id="update-instruction" rows={3} label={t('warnings.field.instruction')} {...bind('instruction', errors)} />
        <ExpiryField id="update-expires" hint={t('warnings.hint.keepExpiry')} {...bind('expiresAt', errors)} />
      </ActionForm>
      <ActionForm action="all-clear" submit={clear} send={post('all-clear', () => ({}))}>
        <Problem error={clear.error} />
      </ActionForm>
      <ActionForm action="cancel" submit={cancel} send={post('cancel', () => (reason.trim() ? { reason: reason.trim() } : {}))} danger>
        <TextField id="cancel-reason" label={t('warnings.field.reason')} hint={t('warnings.optional')} value={reason} onValue={setReason} />
        <Problem error={cancel.error} />
      </ActionForm>
    </div>
  );
}

type Action = 'update' | 'all-clear' | 'cancel';

const TITLE = { update: 'warnings.action.update', 'all-clear': 'warnings.action.allClear', cancel: 'warnings.action.cancel' } as const;
const HINT = { update: null, 'all-clear': 'warnings.hint.allClear', cancel: 'warnings.hint.cancel' } as const;

interface ActionFormProps {
  /** The action's address (`…/warnings/<id>/<action>`); its heading (which names the form) is `warning-<action>-heading`
   *  and its button is tested as `warning-<action>`. */
  action: Action;
  testId?: string;
  submit: ReturnType<typeof useSubmit>;
  send: () => Promise<unknown>;
  danger?: boolean;
  /** The fields and where the action's problem shows. */
  children: ReactNode;
}

/** One action's form: its heading (also the label of the button that sends it) and what it means. */
function ActionForm({ action, testId, submit, send, danger, children }: ActionFormProps) {
  const { t } = useI18n();
  const title = t(TITLE[action]);
  const hint = HINT[action];
  return (
    <form className="form" noValidate aria-labelledby={`warning-${action}-heading`} data-testid={testId} onSubmit={submit.handle(send)}>
      <h3 id={`warning-${action}-heading`}>{title}</h3>
      {hint ? <p className="hint">{t(hint)}</p> : null}
      {children}
      <SubmitButton busy={submit.busy} variant={danger ? 'danger' : 'primary'} testId={`warning-${action}`}>
        {title}
      </SubmitButton>
    </form>
  );
}
