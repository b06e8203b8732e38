// Subscribe to an external CAP feed: its address, how it is read, relay or propose, and its rules.
import { type FormEvent, useState } from 'react';
import type { CapFeedInput } from '../../../../../common/contracts/cap-feeds.ts';
import { CAP_FEED_KINDS, CAP_FEED_MODES, WARNING_SEVERITIES } from '../../../../../common/states.ts';
import { api, fieldErrorMap, tenantPath } from '../../../api.ts';
import { Checkbox, SelectField, TextField } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/Form.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { useAction } from '../../../components/useAction.ts';
import { useI18n } from '../../../i18n.tsx';

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
  const [v, setV] = useState(empty);
  const action = useAction(() => setV(empty));
  const errors = fieldErrorMap(action.error);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CapFeedInput = {
      name: v.name,
      url: v.url,
      kind: v.kind as CapFeedInput['kind'],
      mode: v.mode as CapFeedInput['mode'],
      minSeverity: v.minSeverity as CapFeedInput['minSeverity'],
      eventTypes: v.eventTypes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      requireAreaIntersection: v.requireAreaIntersection,
      intervalMinutes: Number(v.intervalMinutes),
    };
    void action.run(() => api.post(tenantPath(slug, '/cap-feeds'), body), t('capFeeds.added'));
  };
  return (
    <form onSubmit={submit} aria-labelledby="cap-feed-form-heading" data-testid="cap-feed-form">
      <h3 id="cap-feed-form-heading">{t('capFeeds.add')}</h3>
      <Problem error={action.error} />
      {action.done ? <p role="status">{action.done}</p> : null}
      <TextField id="cap-feed-name" label={t('capFeeds.field.name')} value={v.name} onChange={set('name')} error={errors.name} required />
      <TextField
        id="cap-feed-url"
        label={t('capFeeds.field.url')}
        hint={t('capFeeds.hint.url')}
        type="url"
        value={v.url}
        onChange={set('url')}
        error={errors.url}
        required
      />
      <SelectField id="cap-feed-kind" label={t('capFeeds.field.kind')} value={v.kind} onChange={set('kind')} error={errors.kind}>
        {CAP_FEED_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`capFeeds.kind.${k}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id="cap-feed-mode" label={t('capFeeds.field.mode')} value={v.mode} onChange={set('mode')} error={errors.mode}>
        {CAP_FEED_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`capFeeds.mode.${m}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="cap-feed-severity"
        label={t('capFeeds.field.minSeverity')}
        value={v.minSeverity}
        onChange={set('minSeverity')}
        error={errors.minSeverity}
      >
        {WARNING_SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`warnings.severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="cap-feed-events"
        label={t('capFeeds.field.eventTypes')}
        hint={t('capFeeds.hint.eventTypes')}
        value={v.eventTypes}
        onChange={set('eventTypes')}
        error={errors.eventTypes}
      />
      <TextField
        id="cap-feed-interval"
        label={t('capFeeds.field.interval')}
        type="number"
        min={1}
        max={1440}
        value={v.intervalMinutes}
        onChange={set('intervalMinutes')}
        error={errors.intervalMinutes}
      />
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
