// An id of the right form that names no row, for the 404s (and the 400s of fields that must name a row) of route tests.
export const UNKNOWN_ID = '00000000-0000-4000-8000-00000000beef';
