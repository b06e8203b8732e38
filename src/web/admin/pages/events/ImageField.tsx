// The event's image: on a saved event it is uploaded (raw image body) or removed at once, with a preview as residents
// see it; on a new event the chosen file waits and is uploaded right after the event is saved.
import { type ChangeEvent, useRef, useState } from 'react';
import { REPORT_PHOTO_LIMITS } from '../../../../common/report-settings.ts';
import { api } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { eventPath } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
// the server takes images up to the report photo limit and stores them as JPEG without metadata
const MAX_BYTES = REPORT_PHOTO_LIMITS.bytes;

interface Props {
  slug: string;
  /** The saved event (null while it is new) and whether it has an image, with a version for the preview's address. */
  saved: { id: string; hasImage: boolean; version: string } | null;
  /** For a new event: the file to upload after saving. */
  pending: File | null;
  onPending: (file: File | null) => void;
}

export const uploadImage = (slug: string, id: string, file: File) => api.put(eventPath(slug, id, '/image'), { raw: { data: file, contentType: file.type } });

export function ImageField({ slug, saved, pending, onPending }: Props) {
  const { t } = useI18n();
  const { run, error, done, busy } = useAction();
  const [localError, setLocalError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    setLocalError(null);
    if (!file) return onPending(null);
    if (!IMAGE_TYPES.includes(file.type)) return setLocalError(t('events.image.wrongType'));
    if (file.size > MAX_BYTES) return setLocalError(t('events.image.tooLarge'));
    if (!saved) return onPending(file);
    void run(() => uploadImage(slug, saved.id, file), t('events.image.uploaded')).then(() => {
      if (input.current) input.current.value = '';
    });
  };

  const remove = () => {
    if (!saved || !window.confirm(t('events.image.confirmRemove'))) return;
    void run(() => api.del(eventPath(slug, saved.id, '/image')), t('events.image.removed'));
  };

  return (
    <Fieldset legend={t('events.image.title')}>
      {saved?.hasImage ? (
        <figure className="event-image-preview">
          <img src={`${eventPath(slug, saved.id, '/image')}?v=${encodeURIComponent(saved.version)}`} alt={t('events.image.alt')} />
        </figure>
      ) : null}
      <Problem error={error} />
      <Field
        id="event-image"
        label={saved?.hasImage ? t('events.image.replace') : t('events.image.upload')}
        hint={t('events.image.hint')}
        error={localError ?? undefined}
      >
        {(a11y) => <input ref={input} type="file" accept={IMAGE_TYPES.join(',')} onChange={choose} disabled={busy} data-testid="event-image" {...a11y} />}
      </Field>
      {pending ? <p className="hint">{t('events.image.pending', { name: pending.name })}</p> : null}
      {saved?.hasImage ? (
        <button type="button" className="button-danger button-small" onClick={remove} disabled={busy}>
          {t('events.image.remove')}
        </button>
      ) : null}
      <Success>{done}</Success>
    </Fieldset>
  );
}
