// A scanned consent form chosen from disk: PDF, PNG or JPEG up to 5 MB, read as base64 for the JSON API (the server
// checks the file's first bytes again).
import { useState } from 'react';
import { useI18n } from '../../i18n.tsx';

export interface ScanFile {
  fileName: string;
  contentType: string;
  dataBase64: string;
}

const MAX_BYTES = 5 * 1024 * 1024;
const TYPE_BY_EXTENSION: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const TYPES = Object.values(TYPE_BY_EXTENSION);
const ACCEPT = [...new Set(TYPES), ...Object.keys(TYPE_BY_EXTENSION).map((x) => `.${x}`)].join(',');

// some systems report no type or image/jpg; the extension decides then
const typeOf = (file: File) => (TYPES.includes(file.type) ? file.type : TYPE_BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? '']);

function readScan(file: File, contentType: string): Promise<ScanFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ fileName: file.name, contentType, dataBase64: String(reader.result).replace(/^data:[^,]*,/, '') });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

interface Props {
  id: string;
  label: string;
  hint?: string;
  /** The server's answer for this field. */
  error?: string;
  onChange: (scan: ScanFile | null) => void;
}

export function ScanField({ id, label, hint, error, onChange }: Props) {
  const { t } = useI18n();
  const [local, setLocal] = useState<string | null>(null);
  const [ready, setReady] = useState(false); // the file is read and handed to the form
  const shown = local ?? error;

  const choose = async (file: File | undefined) => {
    setLocal(null);
    setReady(false);
    onChange(null);
    if (!file) return;
    const type = typeOf(file);
    if (!type) return setLocal(t('residents.scan.wrongType'));
    if (file.size > MAX_BYTES) return setLocal(t('residents.scan.tooLarge'));
    try {
      onChange(await readScan(file, type));
      setReady(true);
    } catch {
      setLocal(t('residents.scan.unreadable'));
    }
  };

  const describedBy = [hint ? `${id}-hint` : '', shown ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        data-testid={id}
        data-ready={ready || undefined}
        onChange={(e) => void choose(e.target.files?.[0])}
        aria-describedby={describedBy}
        aria-invalid={shown ? true : undefined}
      />
      {shown ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {shown}
        </p>
      ) : null}
    </div>
  );
}
