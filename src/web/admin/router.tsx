// A small History API router: navigate(), useLocation() and <Link>.
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';
import type { Href } from './routes.ts';

const listeners = new Set<() => void>();
let navigatedInApp = false;
window.addEventListener('popstate', () => {
  navigatedInApp = true;
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: Href, { replace = false } = {}) {
  if (to === snapshot()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  navigatedInApp = true;
  for (const listener of listeners) listener();
}

/** True once the user moved between pages inside the console (then headings take focus). */
export const hasNavigatedInApp = () => navigatedInApp;

export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const index = href.indexOf('?');
  return index < 0 ? { pathname: href, search: '' } : { pathname: href.slice(0, index), search: href.slice(index) };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: Href };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
