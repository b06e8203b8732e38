// Failed sign-ins per IP address: a second brake beside the per-account lockout. One per process, on deps
// (src/server/deps.ts); entries live for the window from the first failure, at most 10,000 addresses (lru-cache).
import { LRUCache } from 'lru-cache';
import { AppError } from '../../platform/errors.ts';

const IP_WINDOW_MS = 10 * 60_000;
const IP_MAX_FAILURES = 30;

export class LoginThrottle {
  private readonly failures = new LRUCache<string, { count: number }>({ max: 10_000, ttl: IP_WINDOW_MS });

  /** Refuses a sign-in from an address with too many recent failures. */
  check(ip: string | null) {
    if (ip && (this.failures.get(ip)?.count ?? 0) >= IP_MAX_FAILURES) {
      throw new AppError('rate_limited', 'Too many failed sign-ins from this address. Wait ten minutes and try again.');
    }
  }

  failed(ip: string | null) {
    if (!ip) return;
    const entry = this.failures.get(ip);
    if (entry)
      entry.count++; // in place: the window still runs from the first failure
    else this.failures.set(ip, { count: 1 });
  }

  reset() {
    this.failures.clear();
  }
}
