// The overview's figures of one module: a headed section of cards, each a number with what it counts, linking
// straight to the list it counts; a card whose number needs attention (overdue) stands out once above zero.
import '../pages/inbox/inbox.css';
import type { ReactNode } from 'react';
import type { Href } from '../routes.ts';
import { Link } from '../router.tsx';

export interface CountCard {
  to: Href;
  count: number;
  label: ReactNode;
  testId: string;
  /** Marked as a warning when above zero. */
  urgent?: boolean;
}

export function CountCards({ id, heading, testId, cards }: { id: string; heading: ReactNode; testId: string; cards: readonly CountCard[] }) {
  return (
    <section aria-labelledby={id} className="inbox-counts" data-testid={testId}>
      <h2 id={id}>{heading}</h2>
      <ul className="count-cards">
        {cards.map((card) => (
          <li key={card.testId} className={card.urgent && card.count > 0 ? 'count-card-danger' : undefined}>
            <Link to={card.to} data-testid={card.testId}>
              <span className="count-number">{card.count}</span> {card.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
