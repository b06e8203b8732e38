// Logo upload (raw image body) and removal, with a preview as residents see it.
import { type ChangeEvent, useRef, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { Tenant } from '../../types.ts';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 512 * 1024;

export function LogoSection({ slug, initial }: { slug: string; initial: Tenant }) {
  const { t } = useI18n();
  const [logo, setLogo] = useState({ hasLogo: initial.hasLogo, version: initial.updatedAt });
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      const fresh = await api.get<Tenant>(tenantPath(slug));
      setLogo({ hasLogo: fresh.hasLogo, version: fresh.updatedAt });
      setDone(message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setLocalError(null);
    if (!file) return;
    if (!TYPES.includes(file.type)) return setLocalError(t('logo.wrongType'));
    if (file.size > MAX_BYTES) return setLocalError(t('logo.tooLarge'));
    void run(() => api.put(tenantPath(slug, '/logo'), { raw: { data: file, contentType: file.type } }), t('logo.uploaded'));
  };

  const remove = () => {
    if (!window.confirm(t('logo.confirmRemove'))) return;
    void run(() => api.del(tenantPath(slug, '/logo')), t('logo.removed'));
  };

  const describedBy = [localError ? 'logo-error' : '', 'logo-hint'].filter(Boolean).join(' ');
  return (
    <section className="form" aria-labelledby="logo-heading">
      <h3 id="logo-heading">{t('logo.title')}</h3>
      {logo.hasLogo ? (
        <figure className="logo-preview">
          <img src={`/m/${encodeURIComponent(slug)}/logo?v=${encodeURIComponent(logo.version)}`} alt={t('logo.alt')} />
          <figcaption>{t('logo.caption')}</figcaption>
        </figure>
      ) : (
        <p>{t('logo.none')}</p>
      )}
      <Problem error={error} />
      <div className="field">
        <label htmlFor="logo-file">{logo.hasLogo ? t('logo.replace') : t('logo.upload')}</label>
        <p className="hint" id="logo-hint">
          {t('logo.hint')}
        </p>
        <input
          ref={fileInput}
          id="logo-file"
          type="file"
          accept={TYPES.join(',')}
          onChange={upload}
          disabled={busy}
          aria-describedby={describedBy}
          aria-invalid={localError ? true : undefined}
        />
        {localError ? (
          <p className="field-error" id="logo-error" role="alert">
            {localError}
          </p>
        ) : null}
      </div>
      {logo.hasLogo ? (
        <button type="button" className="button-danger" onClick={remove} disabled={busy}>
          {t('logo.remove')}
        </button>
      ) : null}
      <Success>{done}</Success>
    </section>
  );
}
