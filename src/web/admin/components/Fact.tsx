// One line of a facts list (`<dl className="facts">`): the term and what it says, e.g. "Wieder geöffnet: 2".
import type { ReactNode } from 'react';

/** A term and its description; a fact shown only sometimes is left out by the caller (`{x ? <Fact …/> : null}`). */
export function Fact({ term, testId, children }: { term: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}
