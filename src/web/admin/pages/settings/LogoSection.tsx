// Logo upload (raw image body) and removal, with a preview as residents see it.
import { api, tenantPath } from '../../api.ts';
import { type ImageFiles, ImageInput } from '../../components/ImageInput.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Tenant } from '../../types.ts';

const FILES: ImageFiles = { types: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 512 * 1024 };

export function LogoSection({ slug, initial }: { slug: string; initial: Tenant }) {
  const { t } = useI18n();
  // the municipality as the settings page loaded it; a change reloads it, with the logo's new version
  const logo = useLoad<Tenant>(tenantPath(slug)).data ?? initial;
  const upload = (file: File) => api.put(tenantPath(slug, '/logo'), { raw: { data: file, contentType: file.type } });
  const remove = () => api.del(tenantPath(slug, '/logo'));

  return (
    <section className="form" aria-labelledby="logo-heading">
      <h3 id="logo-heading">{t('logo.title')}</h3>
      {logo.hasLogo ? (
        <figure className="logo-preview">
          <img src={`/m/${encodeURIComponent(slug)}/logo?v=${encodeURIComponent(logo.updatedAt)}`} alt={t('logo.alt')} />
          <figcaption>{t('logo.caption')}</figcaption>
        </figure>
      ) : (
        <p>{t('logo.none')}</p>
      )}
      <ImageInput id="logo-file" texts="logo" files={FILES} hasImage={logo.hasLogo} upload={upload} remove={remove} removeClass="button-danger" />
    </section>
  );
}
