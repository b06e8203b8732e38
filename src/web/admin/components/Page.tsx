// One page: sets the document title and, after in-app navigation, moves focus to the heading.
import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';
import { hasNavigatedInApp } from '../router.tsx';

/** The name of the municipality the page belongs to, for the document title. */
export const TitleContext = createContext<string | null>(null);

export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const context = useContext(TitleContext);

  useEffect(() => {
    document.title = [title, context, 'Civicast'].filter(Boolean).join(' – ');
  }, [title, context]);

  useEffect(() => {
    if (hasNavigatedInApp()) heading.current?.focus();
  }, []);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
