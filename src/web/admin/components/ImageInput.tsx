// An image chosen from a file, checked for type and size before it goes anywhere, and, while there is an image, the
// button that removes it (after asking); the change's problem shows above the control and what it did below.
import { type ChangeEvent, type ReactNode, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { Field } from './Field.tsx';
import { Problem, Success } from './Problem.tsx';
import { useAction } from './useAction.ts';

/** The files an image control takes: their content types and the largest size. */
export interface ImageFiles {
  types: readonly string[];
  maxBytes: number;
}

interface ImageInputProps {
  id: string;
  /** Where its texts are: `<texts>.upload`, `.replace`, `.hint`, `.wrongType`, `.tooLarge`, `.uploaded`, `.remove`, `.confirmRemove`, `.removed`. */
  texts: 'logo' | 'events.image';
  files: ImageFiles;
  hasImage: boolean;
  /** Sends a file that passed the checks; null while there is nowhere to send it yet (then `hold` keeps it). */
  upload: ((file: File) => Promise<unknown>) | null;
  hold?: (file: File | null) => void;
  remove: () => Promise<unknown>;
  removeClass: string;
  testId?: string;
  /** Under the control, e.g. the file waiting to be uploaded. */
  children?: ReactNode;
}

export function ImageInput({ id, texts, files, hasImage, upload, hold, remove, removeClass, testId, children }: ImageInputProps) {
  const { t } = useI18n();
  const { run, error, done, busy } = useAction();
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // after a change the control is empty again, ready for the next file
  const change = async (action: () => Promise<unknown>, message: string) => {
    await run(action, message);
    if (input.current) input.current.value = '';
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    setProblem(null);
    if (file && !files.types.includes(file.type)) return setProblem(t(`${texts}.wrongType`));
    if (file && file.size > files.maxBytes) return setProblem(t(`${texts}.tooLarge`));
    if (!upload) return hold?.(file);
    if (file) void change(() => upload(file), t(`${texts}.uploaded`));
  };
  const removeImage = () => {
    if (window.confirm(t(`${texts}.confirmRemove`))) void change(remove, t(`${texts}.removed`));
  };

  return (
    <>
      <Problem error={error} />
      <Field id={id} label={hasImage ? t(`${texts}.replace`) : t(`${texts}.upload`)} hint={t(`${texts}.hint`)} error={problem ?? undefined}>
        {(a11y) => <input ref={input} type="file" accept={files.types.join(',')} onChange={choose} disabled={busy} data-testid={testId} {...a11y} />}
      </Field>
      {children}
      {hasImage ? (
        <button type="button" className={removeClass} onClick={removeImage} disabled={busy}>
          {t(`${texts}.remove`)}
        </button>
      ) : null}
      <Success>{done}</Success>
    </>
  );
}
