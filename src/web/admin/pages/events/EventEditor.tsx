// Create or edit an event: title, description, image, when (with time zone and recurrence), place and organiser,
// answers (capacity, RSVP on/off, listed on the portal, reminder). The form checks what it can before sending; the
// server's refusals (problem+json pointers) stand next to their fields. After saving, the event's page shows the
// next dates as the server computed them.
import { Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import type { Tenant } from '../../types.ts';
import { focusFirst, reportFieldErrors } from '../reports/errors.ts';
import { BackLink } from './bits.tsx';
import { bodyOf, changesOf, checkDraft, draftOf, type EventDraft, emptyDraft } from './draft.ts';
import { bindDraft, type DraftPartProps } from './draftFields.ts';
import { browserZone } from './format.ts';
import { ImageField, uploadImage } from './ImageField.tsx';
import { PlaceFields } from './PlaceFields.tsx';
import { type EventDetail, type EventsContext, eventPath, eventsBase } from './types.ts';
import { WhenFields } from './WhenFields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

const REMINDER_HOURS = [1, 2, 3, 6, 12, 24, 48, 72, 168];

export function EventEditor({ ctx, id }: { ctx: EventsContext; id: string | null }) {
  const { t } = useI18n();
  const detail = useLoad<EventDetail>(id ? eventPath(ctx.slug, id) : null);
  const tenant = useLoad<Tenant>(tenantPath(ctx.slug));
  const title = id ? t('events.editTitle') : t('events.newTitle');
  if (id && !detail.data) {
    return <Page title={title}>{detail.loading ? <Loading /> : <Problem error={detail.error} />}</Page>;
  }
  if (!id && !tenant.data && tenant.loading) {
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  }
  const stored = detail.data;
  return (
    <Page title={title}>
      <EventForm ctx={ctx} stored={stored} defaultZone={stored?.timeZone ?? tenant.data?.timeZone ?? browserZone()} />
    </Page>
  );
}

// the field that shows each key's error and takes the focus (the map point's error stands at the latitude)
const FIELD_IDS: Record<string, string> = { rrule: 'event-freq', lng: 'event-lng' };
const idOf = (key: string) => FIELD_IDS[key] ?? `event-${key}`;

function EventForm({ ctx, stored, defaultZone }: { ctx: EventsContext; stored: EventDetail | null; defaultZone: string }) {
  const { t } = useI18n();
  const [initial] = useState<EventDraft>(() => (stored ? draftOf(stored) : emptyDraft(defaultZone)));
  const [d, setD] = useState<EventDraft>(initial);
  const [pendingImage, setPendingImage] = useState<File | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const form = useSubmit();
  const errors = { ...reportFieldErrors(form.error), ...local };
  const change = (next: EventDraft) => {
    setLocal({});
    setD(next);
  };
  const field = bindDraft({ draft: d, onChange: change, errors });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = Object.fromEntries(Object.entries(checkDraft(d)).map(([k, key]) => [k, t(key)]));
    setLocal(found);
    if (Object.keys(found).length) {
      form.reset();
      focusFirst(Object.keys(found).map(idOf));
      return;
    }
    form.handle(async () => {
      try {
        let id = stored?.id;
        if (id) {
          const changes = changesOf(initial, d);
          if (Object.keys(changes).length) await api.patch(eventPath(ctx.slug, id), changes);
        } else {
          id = (await api.post<EventDetail>(eventsBase(ctx.slug), bodyOf(d))).id;
          if (pendingImage) await uploadImage(ctx.slug, id, pendingImage);
        }
        navigate(paths.events(ctx.slug, id));
      } catch (err) {
        focusFirst(Object.keys(reportFieldErrors(err)).map(idOf));
        throw err;
      }
    })();
  };

  return (
    <form className="form event-form" onSubmit={submit} noValidate aria-label={stored ? t('events.editTitle') : t('events.newTitle')} data-testid="event-form">
      <BackLink slug={ctx.slug} id={stored?.id}>
        {stored ? t('events.backToEvent') : t('events.back')}
      </BackLink>
      {stored && stored.status !== 'draft' ? <p className="alert alert-info">{t('events.form.publishedHint')}</p> : null}
      <Problem error={form.error} />
      <TextField label={t('events.form.title')} maxLength={200} required {...field.text('title')} data-testid="event-title" />
      <TextArea rows={5} label={t('events.form.description')} maxLength={8000} {...field.text('description')} data-testid="event-description" />
      <ImageField
        slug={ctx.slug}
        saved={stored ? { id: stored.id, hasImage: stored.hasImage, version: stored.updatedAt } : null}
        pending={pendingImage}
        onPending={setPendingImage}
      />
      <WhenFields draft={d} onChange={change} errors={errors} defaultZone={defaultZone} />
      <PlaceFields slug={ctx.slug} draft={d} onChange={change} errors={errors} />
      <AnswerFields draft={d} onChange={change} errors={errors} />
      <SubmitButton busy={form.busy} testId="event-save">
        {stored ? t('events.form.save') : t('events.form.create')}
      </SubmitButton>
    </form>
  );
}

function AnswerFields({ draft: d, onChange, errors }: DraftPartProps) {
  const { t } = useI18n();
  const field = bindDraft({ draft: d, onChange, errors });
  const hours = [...new Set([...REMINDER_HOURS, ...(d.reminderHours ? [Number(d.reminderHours)] : [])])].sort((a, b) => a - b);
  return (
    <Fieldset legend={t('events.form.answers')}>
      <Checkbox label={t('events.form.rsvpEnabled')} hint={t('events.form.rsvpHint')} {...field.check('rsvpEnabled')} data-testid="event-rsvp" />
      <TextField
        type="number"
        min={1}
        inputMode="numeric"
        label={t('events.form.capacity')}
        hint={t('events.form.capacityHint')}
        {...field.text('capacity')}
        data-testid="event-capacity"
      />
      <SelectField label={t('events.form.reminder')} {...field.text('reminderHours')}>
        <Options blank={t('events.form.noReminder')} choices={hours.map((h) => ({ value: String(h), label: t('events.form.hoursBefore', { count: h }) }))} />
      </SelectField>
      <Checkbox label={t('events.form.listed')} hint={t('events.form.listedHint')} {...field.check('listed')} />
    </Fieldset>
  );
}
