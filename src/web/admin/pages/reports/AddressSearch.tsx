// Finding a place by address: the street directory's search (the same the portal's form uses), results as buttons
// that set the pin and the address.
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

interface Hit {
  label: string;
  lat: number;
  lng: number;
}

export function AddressSearch({ slug, onPick }: { slug: string; onPick: (label: string, lat: number, lng: number) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [failed, setFailed] = useState(false);

  const search = async () => {
    if (!q.trim()) return;
    setFailed(false);
    try {
      const found = await api.get<{ items: Hit[] }>(`/m/${encodeURIComponent(slug)}/reports/address-search?${new URLSearchParams({ q: q.trim() })}`);
      setHits(found.items);
    } catch {
      setHits(null);
      setFailed(true);
    }
  };

  return (
    <div className="field">
      <label htmlFor="new-address-search">{t('reports.new.search')}</label>
      <p className="report-filters">
        <input
          id="new-address-search"
          type="search"
          value={q}
          maxLength={100}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            // Enter searches here instead of sending the whole report form
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
          data-testid="new-address-search"
        />
        <button type="button" onClick={() => void search()}>
          {t('reports.new.searchButton')}
        </button>
      </p>
      <div role="status">
        {failed ? <p className="field-error">{t('reports.new.searchFailed')}</p> : null}
        {hits && hits.length === 0 ? <p>{t('reports.new.noHits')}</p> : null}
      </div>
      {hits?.length ? (
        <ul className="address-results" aria-label={t('reports.new.hits')}>
          {hits.map((h) => (
            <li key={`${h.label}:${h.lat}:${h.lng}`}>
              <button
                type="button"
                className="button-small"
                onClick={() => {
                  onPick(h.label, h.lat, h.lng);
                  setHits(null);
                }}
                data-testid="new-address-hit"
              >
                {h.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
