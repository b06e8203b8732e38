// German public holidays per federal state, from the maintained `feiertagejs` package (MIT; the states' holiday
// laws, including the moving feasts from Easter and Fronleichnam only where it is a holiday). The inbox counts its
// deadlines around them.
import { getHolidays } from 'feiertagejs';
import { LRUCache } from 'lru-cache';
import type { FederalState } from '../../common/states.ts';

// A pure function of (state, year): the memo is the same in every process and never stale, so it may live here
// rather than in AppDeps; bounded so a walk over odd years cannot grow it without end.
const byStateYear = new LRUCache<string, ReadonlySet<string>>({ max: 16 * 8 });

/** The holidays of a state in a year as local dates "YYYY-MM-DD". */
export function holidaysOf(state: FederalState, year: number): ReadonlySet<string> {
  const key = `${state}:${year}`;
  let days = byStateYear.get(key);
  if (!days) {
    days = new Set(getHolidays(year, state).map((h) => h.dateString));
    byStateYear.set(key, days);
  }
  return days;
}

/** Whether the calendar day "YYYY-MM-DD" is a public holiday in the state. */
export function isHoliday(state: FederalState, isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  if (!Number.isInteger(year) || isoDate.length !== 10) throw new RangeError(`"${isoDate}" is not a date "YYYY-MM-DD"`);
  return holidaysOf(state, year).has(isoDate);
}
