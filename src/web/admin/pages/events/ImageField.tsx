// The event's image: on a saved event it is uploaded (raw image body) or removed at once, with a preview as residents
// see it; on a new event the chosen file waits and is uploaded right after the event is saved.
import { REPORT_PHOTO_LIMITS } from '../../../../common/report-settings.ts';
import { api } from '../../api.ts';
import { type ImageFiles, ImageInput } from '../../components/ImageInput.tsx';
import { useI18n } from '../../i18n.tsx';
import { eventPath } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
// the server takes images up to the report photo limit and stores them as JPEG without metadata
const FILES: ImageFiles = { types: IMAGE_TYPES, maxBytes: REPORT_PHOTO_LIMITS.bytes };

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
  return (
    <Fieldset legend={t('events.image.title')}>
      {saved?.hasImage ? (
        <figure className="event-image-preview">
          <img src={`${eventPath(slug, saved.id, '/image')}?v=${encodeURIComponent(saved.version)}`} alt={t('events.image.alt')} />
        </figure>
      ) : null}
      <ImageInput
        id="event-image"
        texts="events.image"
        files={FILES}
        hasImage={saved?.hasImage ?? false}
        upload={saved ? (file) => uploadImage(slug, saved.id, file) : null}
        hold={onPending}
        // offered only while the saved event has an image
        remove={() => api.del(eventPath(slug, saved!.id, '/image'))}
        removeClass="button-danger button-small"
        testId="event-image"
      >
        {pending ? <p className="hint">{t('events.image.pending', { name: pending.name })}</p> : null}
      </ImageInput>
    </Fieldset>
  );
}
