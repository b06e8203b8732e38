// Which surveys page the address names: the route's `sub` is the path after /surveys, its segments encoded.
export type SurveysView = { view: 'list' } | { view: 'new' } | { view: 'detail'; id: string } | { view: 'edit'; id: string } | { view: 'results'; id: string };

/** The route's `sub` (the path after /surveys, segments encoded) as a view; null for a path the section does not know. */
export function parseSurveysView(sub: string | null): SurveysView | null {
  if (sub === null) return { view: 'list' };
  const [first, second, ...more] = sub.split('/').map(decodeURIComponent);
  if (more.length || !first) return null;
  if (second === undefined) return first === 'new' ? { view: 'new' } : { view: 'detail', id: first };
  if (first === 'new') return null;
  if (second === 'edit') return { view: 'edit', id: first };
  if (second === 'results') return { view: 'results', id: first };
  return null;
}
