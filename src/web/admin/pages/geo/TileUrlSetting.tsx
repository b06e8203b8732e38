// The municipality's map tiles (tile URL and attribution), saved on the server for all its staff; owners and admins
// change them. The browser allows a new tile server only from the next page load (CSP), so saving offers a reload.
import { type FormEvent, useState } from 'react';
import { attributionProblem, tileUrlProblem } from '../../../../common/map-tiles.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { type Loaded, useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { MapSettings } from './types.ts';

/** The tiles in effect for the municipality, as loaded with the page. */
export function useMapSettings(slug: string): Loaded<MapSettings> {
  return useLoad<MapSettings>(tenantPath(slug, '/map'));
}

export function TileUrlSetting({ slug, settings }: { slug: string; settings: MapSettings }) {
  const { t } = useI18n();
  const own = settings.source === 'tenant';
  const [form, setForm] = useState({ tileUrl: own ? (settings.tileUrl ?? '') : '', attribution: own ? (settings.attribution ?? '') : '' });
  const [invalid, setInvalid] = useState<{ tileUrl?: string; attribution?: string }>({});
  const { handle, error, busy, done: saved, reset } = useSubmit();
  const errors = fieldErrorMap(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tileUrl = form.tileUrl.trim();
    const attribution = form.attribution.trim();
    const next = {
      tileUrl: tileUrl && tileUrlProblem(tileUrl) ? t('geo.tiles.invalid') : undefined,
      attribution: attribution && attributionProblem(attribution) ? t('geo.tiles.attributionInvalid') : undefined,
    };
    setInvalid(next);
    reset();
    if (next.tileUrl || next.attribution) return;
    handle(() => api.patch(tenantPath(slug), { mapTileUrl: tileUrl || null, mapAttribution: attribution || null }))();
  };

  const fieldError = errors.mapTileUrl || errors.mapAttribution;
  return (
    <details className="tile-setting">
      <summary data-testid="tile-summary">{t('geo.tiles.summary')}</summary>
      <form className="form" onSubmit={submit} noValidate aria-labelledby="tile-heading">
        <h3 id="tile-heading" className="visually-hidden">
          {t('geo.tiles.summary')}
        </h3>
        <p className="hint">
          {settings.installation.tileUrl ? t('geo.tiles.installationDefault', { url: settings.installation.tileUrl }) : t('geo.tiles.noDefault')}
        </p>
        <Problem error={fieldError ? null : error} />
        <TextField
          id="tile-url"
          type="url"
          data-testid="tile-url"
          label={t('geo.tiles.label')}
          hint={t('geo.tiles.hint')}
          value={form.tileUrl}
          onChange={(e) => setForm((f) => ({ ...f, tileUrl: e.target.value }))}
          error={invalid.tileUrl ?? errors.mapTileUrl}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="tile-attribution"
          data-testid="tile-attribution"
          label={t('geo.tiles.attribution')}
          hint={t('geo.tiles.attributionHint')}
          value={form.attribution}
          maxLength={200}
          onChange={(e) => setForm((f) => ({ ...f, attribution: e.target.value }))}
          error={invalid.attribution ?? errors.mapAttribution}
          autoComplete="off"
        />
        <SubmitButton busy={busy} testId="tile-save">
          {t('common.save')}
        </SubmitButton>
      </form>
      <div role="status" className={saved ? 'alert alert-success' : 'visually-hidden'}>
        {saved ? (
          <p>
            {t('geo.tiles.saved')}{' '}
            <button type="button" className="button-small" data-testid="tile-reload" onClick={() => window.location.reload()}>
              {t('geo.tiles.reload')}
            </button>
          </p>
        ) : null}
      </div>
    </details>
  );
}
