// The optional tile URL, kept in this browser only (localStorage); empty by default, so the map loads nothing from elsewhere.
import { type FormEvent, useState } from 'react';
import { TextField } from '../../components/Field.tsx';
import { Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';

const KEY = 'civicast.tileUrl';

const read = () => {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
};

export function useTileUrl(): [string, (value: string) => void] {
  const [value, setValue] = useState(read);
  const set = (next: string) => {
    setValue(next);
    try {
      if (next) localStorage.setItem(KEY, next);
      else localStorage.removeItem(KEY);
    } catch {
      // private mode: the URL lasts for this page only
    }
  };
  return [value, set];
}

const valid = (url: string) => /^https?:\/\/[^\s]+$/.test(url) && url.includes('{z}') && url.includes('{x}') && url.includes('{y}');

export function TileUrlSetting({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    setInvalid(next !== '' && !valid(next));
    if (next !== '' && !valid(next)) return;
    onChange(next);
    setDone(t('common.saved'));
  };

  return (
    <details className="tile-setting">
      <summary>{t('geo.tiles.summary')}</summary>
      <form className="form form-row" onSubmit={submit} noValidate>
        <TextField id="tile-url" type="url" data-testid="tile-url" label={t('geo.tiles.label')} hint={t('geo.tiles.hint')} value={draft} onChange={(e) => setDraft(e.target.value)} error={invalid ? t('geo.tiles.invalid') : undefined} autoComplete="off" />
        <button type="submit">{t('common.save')}</button>
      </form>
      <Success>{done}</Success>
    </details>
  );
}
