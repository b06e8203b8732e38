// One line of a facts list (`<dl className="facts">`): the term and what it says, e.g. "Wieder geöffnet: 2".
import type { ReactNode } from 'react';

/** A term and its description; a fact shown only sometimes is left out by the caller (`{x ? <Fact …/> : null}`). */
export function Fact({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
