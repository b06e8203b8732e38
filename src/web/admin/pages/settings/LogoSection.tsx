// Logo upload (raw image body) and removal, with a preview as residents see it.
import { type ChangeEvent, useRef, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Field } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Tenant } from '../../types.ts';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 512 * 1024;

export function LogoSection({ slug, initial }: { slug: string; initial: Tenant }) {
  const { t } = useI18n();
  // the municipality as the settings page loaded it; a change reloads it, with the logo's new version
  const logo = useLoad<Tenant>(tenantPath(slug)).data ?? initial;
  const { run, error, done, busy } = useAction();
  const [localError, setLocalError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const change = async (action: () => Promise<unknown>, message: string) => {
    await run(action, message);
    if (fileInput.current) fileInput.current.value = '';
  };

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setLocalError(null);
    if (!file) return;
    if (!TYPES.includes(file.type)) return setLocalError(t('logo.wrongType'));
    if (file.size > MAX_BYTES) return setLocalError(t('logo.tooLarge'));
    void change(() => api.put(tenantPath(slug, '/logo'), { raw: { data: file, contentType: file.type } }), t('logo.uploaded'));
  };

  const remove = () => {
    if (!window.confirm(t('logo.confirmRemove'))) return;
    void change(() => api.del(tenantPath(slug, '/logo')), t('logo.removed'));
  };

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
      <Problem error={error} />
      <Field id="logo-file" label={logo.hasLogo ? t('logo.replace') : t('logo.upload')} hint={t('logo.hint')} error={localError ?? undefined}>
        {(a11y) => <input ref={fileInput} type="file" accept={TYPES.join(',')} onChange={upload} disabled={busy} {...a11y} />}
      </Field>
      {logo.hasLogo ? (
        <button type="button" className="button-danger" onClick={remove} disabled={busy}>
          {t('logo.remove')}
        </button>
      ) : null}
      <Success>{done}</Success>
    </section>
  );
}
