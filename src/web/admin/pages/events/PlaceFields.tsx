// Where and who: the place's name and address (the street directory's search fills address and point), the map point
// (a click on the map, or typed coordinates; optional), and the organiser (the municipality, or a club by name).
import { lazy, Suspense } from 'react';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import { AddressSearch } from '../reports/AddressSearch.tsx';
import { bindDraft, type DraftPartProps } from './draftFields.ts';
import { coordinate } from './format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

// Leaflet is loaded only with the editor
const LocationPicker = lazy(() => import('../reports/LocationPicker.tsx'));

interface Props extends DraftPartProps {
  slug: string;
}

const round = (x: number) => String(Math.round(x * 1e6) / 1e6);

export function PlaceFields({ slug, draft: d, onChange, errors }: Props) {
  const { t } = useI18n();
  const pick = (lat: number, lng: number) => onChange({ ...d, lat: round(lat), lng: round(lng) });
  const field = bindDraft({ draft: d, onChange, errors });
  return (
    <Fieldset legend={t('events.form.place')}>
      <TextField label={t('events.form.placeName')} maxLength={200} {...field.text('placeName')} data-testid="event-place" />
      <AddressSearch slug={slug} onPick={(label, lat, lng) => onChange({ ...d, address: label, lat: round(lat), lng: round(lng) })} />
      <TextField label={t('events.form.address')} maxLength={300} {...field.text('address')} />
      <p className="hint" id="event-map-hint">
        {t('events.form.mapHint')}
      </p>
      <Suspense fallback={<Loading />}>
        <LocationPicker
          slug={slug}
          lat={coordinate(d.lat)}
          lng={coordinate(d.lng)}
          label={t('events.form.mapLabel')}
          describedBy="event-map-hint"
          onPick={pick}
        />
      </Suspense>
      <div className="event-form-row">
        <TextField inputMode="decimal" label={t('events.form.lat')} {...field.text('lat')} data-testid="event-lat" />
        <TextField inputMode="decimal" label={t('events.form.lng')} {...field.text('lng')} data-testid="event-lng" />
      </div>
      {d.lat || d.lng ? (
        <p>
          <button type="button" className="button-small" onClick={() => onChange({ ...d, lat: '', lng: '' })}>
            {t('events.form.removePoint')}
          </button>
        </p>
      ) : null}
      <div className="event-form-row">
        <SelectField
          id="event-organiserKind"
          label={t('events.form.organiser')}
          value={d.organiserKind}
          onChange={(e) => onChange({ ...d, organiserKind: e.target.value === 'club' ? 'club' : 'municipality' })}
          error={errors.organiserKind}
        >
          <option value="municipality">{t('events.organiser.municipality')}</option>
          <option value="club">{t('events.organiser.club')}</option>
        </SelectField>
        {d.organiserKind === 'club' ? <TextField label={t('events.form.organiserName')} maxLength={200} {...field.text('organiserName')} /> : null}
      </div>
    </Fieldset>
  );
}
