// The calendar of one street as residents see it on the portal: the next dates per type, holiday shifts marked.
import { Options } from '../../components/Pickers.tsx';
import { useState } from 'react';
import type { WasteStreetCalendar } from '../../../../common/contracts/waste.ts';
import { SelectField } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { formatDay } from './format.ts';
import { type WasteCtx, wastePath } from './context.ts';

export function WastePreview({ ctx }: { ctx: WasteCtx }) {
  const { t, locale } = useI18n();
  const [streetId, setStreetId] = useState('');
  const calendar = useLoad<WasteStreetCalendar>(streetId ? wastePath(ctx.slug, `/streets/${encodeURIComponent(streetId)}/calendar`) : null);
  const c = calendar.data;
  return (
    <>
      <p className="hint">{t('waste.preview.intro')}</p>
      <SelectField id="waste-preview-street" label={t('waste.street')} value={streetId} onValue={setStreetId}>
        <Options blank={t('waste.chooseStreet')} choices={ctx.streets.map((s) => ({ value: s.id, label: s.name }))} />
      </SelectField>
      <Problem error={calendar.error} />
      {c ? (
        <div data-testid="waste-preview">
          <p>{c.districtName ? t('waste.preview.district', { name: c.districtName }) : t('waste.preview.noDistrict')}</p>
          <ul className="waste-calendar">
            {c.types.map(({ type, next }) => (
              <li key={type.id}>
                <span className="waste-swatch" style={{ background: type.color }} aria-hidden="true" /> <strong>{type.name}</strong>
                {type.onRequest ? (
                  <span className="hint"> — {type.info || t('waste.onRequest')}</span>
                ) : next.length ? (
                  <ul>
                    {next.map((d) => (
                      <li key={d.id}>
                        {formatDay(d.day, locale)}
                        {d.shiftedFrom ? <span className="hint"> {t('waste.shiftedFrom', { day: formatDay(d.shiftedFrom, locale) })}</span> : null}
                        {d.note ? <span className="hint"> · {d.note}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="hint"> — {t('waste.preview.noDates')}</span>
                )}
              </li>
            ))}
          </ul>
          <p>
            <a href={`/m/${encodeURIComponent(ctx.slug)}/waste?street=${encodeURIComponent(c.streetId)}`}>{t('waste.preview.portalLink')}</a>
          </p>
        </div>
      ) : null}
    </>
  );
}
