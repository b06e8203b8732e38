// "Overdue", as the inbox, the reports and the GDPR requests show it in their lists: still open and past its due time.

/** Whether something still `open` is past `dueAt` (ISO 8601 text, or a Date); without a due time it never is. */
export function isOverdue(open: boolean, dueAt: string | Date | null, now = Date.now()): boolean {
  if (!open || dueAt === null) return false;
  return (typeof dueAt === 'string' ? Date.parse(dueAt) : dueAt.getTime()) < now;
}
