// Subscribe to an external CAP feed: its address, how it is read, relay or propose, and its rules.
import type { FormEvent } from 'react';
import type { CapFeedInput } from '../../../../../common/contracts/cap-feeds.ts';
import { CAP_FEED_KINDS, CAP_FEED_MODES } from '../../../../../common/states.ts';
import { api, fieldErrorMap, tenantPath } from '../../../api.ts';
import { Checkbox, TextField } from '../../../components/Field.tsx';
import { SubmitButton, useFormValues } from '../../../components/Form.tsx';
import { choicesOf, PickerField } from '../../../components/Pickers.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { useAction } from '../../../components/useAction.ts';
import { useI18n } from '../../../i18n.tsx';
import { severityChoices } from '../WarningForm.tsx';
import { listOf } from '../../../components/tags.ts';

const empty = {
  name: '',
  url: '',
  kind: 'atom',
  mode: 'propose',
  minSeverity: 'moderate',
  eventTypes: '',
  requireAreaIntersection: true,
  intervalMinutes: '5',
};

export function FeedForm({ slug }: { slug: string }) {
  const { t } = useI18n();
  const { values: v, setValues: setV, bind } = useFormValues(empty);
  const action = useAction(() => setV(empty));
  const errors = fieldErrorMap(action.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CapFeedInput = {
      name: v.name,
      url: v.url,
      kind: v.kind as CapFeedInput['kind'],
      mode: v.mode as CapFeedInput['mode'],
      minSeverity: v.minSeverity as CapFeedInput['minSeverity'],
      eventTypes: listOf(v.eventTypes),
      requireAreaIntersection: v.requireAreaIntersection,
      intervalMinutes: Number(v.intervalMinutes),
    };
    void action.run(() => api.post(tenantPath(slug, '/cap-feeds'), body), t('capFeeds.added'));
  };
  const kinds = choicesOf(CAP_FEED_KINDS, (k) => t(`capFeeds.kind.${k}`));
  const modes = choicesOf(CAP_FEED_MODES, (m) => t(`capFeeds.mode.${m}`));
  return (
    <form onSubmit={submit} aria-labelledby="cap-feed-form-heading" data-testid="cap-feed-form">
      <h3 id="cap-feed-form-heading">{t('capFeeds.add')}</h3>
      <Problem error={action.error} />
      {action.done ? <p role="status">{action.done}</p> : null}
      <TextField id="cap-feed-name" label={t('capFeeds.field.name')} {...bind('name', errors)} required />
      <TextField id="cap-feed-url" label={t('capFeeds.field.url')} hint={t('capFeeds.hint.url')} type="url" {...bind('url', errors)} required />
      <PickerField id="cap-feed-kind" label={t('capFeeds.field.kind')} choices={kinds} {...bind('kind', errors)} />
      <PickerField id="cap-feed-mode" label={t('capFeeds.field.mode')} choices={modes} {...bind('mode', errors)} />
      <PickerField id="cap-feed-severity" label={t('capFeeds.field.minSeverity')} choices={severityChoices(t)} {...bind('minSeverity', errors)} />
      <TextField id="cap-feed-events" label={t('capFeeds.field.eventTypes')} hint={t('capFeeds.hint.eventTypes')} {...bind('eventTypes', errors)} />
      <TextField id="cap-feed-interval" label={t('capFeeds.field.interval')} type="number" min={1} max={1440} {...bind('intervalMinutes', errors)} />
      <Checkbox
        id="cap-feed-area"
        label={t('capFeeds.field.requireArea')}
        checked={v.requireAreaIntersection}
        onChange={(e) => setV({ ...v, requireAreaIntersection: e.target.checked })}
      />
      <SubmitButton busy={action.busy} testId="cap-feed-submit">
        {t('capFeeds.add')}
      </SubmitButton>
    </form>
  );
}
