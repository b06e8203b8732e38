// Update (new texts, severity or expiry), cancel (issued in error) or all-clear: each reaches the people the
// original reached and refers to it in its CAP document.
import { useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { WarningSummary } from './types.ts';
import { isoOf, severityChoices } from './WarningForm.tsx';

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

  return (
    <div className="warning-actions">
      <form
        className="form"
        noValidate
        aria-labelledby="warning-update-heading"
        data-testid="warning-update-form"
        onSubmit={update.handle(async () => {
          await api.post(`${base}/update`, {
            severity: v.severity,
            headline: v.headline,
            description: v.description,
            instruction: v.instruction.trim() ? v.instruction : null,
            ...(v.expiresAt ? { expiresAt: isoOf(v.expiresAt) } : {}),
          });
          onDone();
        })}
      >
        <h3 id="warning-update-heading">{t('warnings.action.update')}</h3>
        <Problem error={Object.keys(errors).length ? null : update.error} />
        <PickerField id="update-severity" label={t('warnings.field.severity')} choices={severityChoices(t)} {...bind('severity')} />
        <TextField id="update-headline" label={t('warnings.field.headline')} {...bind('headline', errors)} />
        <TextArea id="update-description" label={t('warnings.field.description')} {...bind('description', errors)} />
        <TextArea id="update-instruction" rows={3} label={t('warnings.field.instruction')} {...bind('instruction', errors)} />
        <TextField
          id="update-expires"
          type="datetime-local"
          label={t('warnings.field.expiresAt')}
          hint={t('warnings.hint.keepExpiry')}
          {...bind('expiresAt', errors)}
        />
        <SubmitButton busy={update.busy} testId="warning-update">
          {t('warnings.action.update')}
        </SubmitButton>
      </form>
      <form
        className="form"
        noValidate
        aria-labelledby="warning-clear-heading"
        onSubmit={clear.handle(async () => {
          await api.post(`${base}/all-clear`, {});
          onDone();
        })}
      >
        <h3 id="warning-clear-heading">{t('warnings.action.allClear')}</h3>
        <p className="hint">{t('warnings.hint.allClear')}</p>
        <Problem error={clear.error} />
        <SubmitButton busy={clear.busy} testId="warning-all-clear">
          {t('warnings.action.allClear')}
        </SubmitButton>
      </form>
      <form
        className="form"
        noValidate
        aria-labelledby="warning-cancel-heading"
        onSubmit={cancel.handle(async () => {
          await api.post(`${base}/cancel`, reason.trim() ? { reason: reason.trim() } : {});
          onDone();
        })}
      >
        <h3 id="warning-cancel-heading">{t('warnings.action.cancel')}</h3>
        <p className="hint">{t('warnings.hint.cancel')}</p>
        <TextField id="cancel-reason" label={t('warnings.field.reason')} hint={t('warnings.optional')} value={reason} onValue={setReason} />
        <Problem error={cancel.error} />
        <SubmitButton busy={cancel.busy} variant="danger" testId="warning-cancel">
          {t('warnings.action.cancel')}
        </SubmitButton>
      </form>
    </div>
  );
}
