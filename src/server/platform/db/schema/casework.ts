// Columns the two kinds of casework share, inbox conversations and reports: who the case is with, and its deadlines.
import { text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/**
 * Who a case is with: a resident, or an address sealed at rest (`contact_enc`) and found by its keyed hash
 * (`contact_hash`, as residents' numbers are). `kinds` is the table's list of contact kinds.
 */
export const contactColumns = <K extends readonly [string, ...string[]]>(kinds: K) => ({
  contactKind: text('contact_kind', { enum: kinds }).notNull(),
  residentId: uuid('resident_id'),
  contactHash: text('contact_hash'),
  contactEnc: text('contact_enc'),
});

/** A case's deadlines in business hours: the first response's, the resolution's, and the one that counts now (indexed for "overdue"). */
export const deadlineColumns = () => ({
  firstResponseDueAt: at('first_response_due_at'),
  resolutionDueAt: at('resolution_due_at'),
  nextDueAt: at('next_due_at'),
});
