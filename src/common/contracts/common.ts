// Pieces every contract uses. Timestamps travel as ISO 8601 strings; the server formats them before answering.
import { z } from 'zod';

export const timestamp = z.string().describe('ISO 8601 date and time');
/** When a row was made and last changed, as most responses end (the tables' `timestamps()`). */
export const timestamps = { createdAt: timestamp, updatedAt: timestamp };

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** A page of a list read on with a cursor: `next` is the opaque cursor of the next page, null at the end. */
export const cursorPageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

/** Up to 200 rows a page, 50 unless asked. */
export const listLimit = z.coerce.number().int().min(1).max(200).default(50);
/** The query fields of a list read with a cursor (`cursorPageOf`); they come last in each list's query. */
export const cursorQuery = { cursor: z.string().max(200).optional(), limit: listLimit };
/** A list's search words. */
export const searchText = z.string().trim().min(1).max(200);

/** A text a form must not leave empty (blanks trimmed), at most `max` characters. */
export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);

/** A stable key staff give a record (an Open311 service code, a waste type's CSV key): lower case, at most `max` long. */
export const stableCode = (max: number) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^[a-z0-9][a-z0-9-]{0,${max - 1}}$`), 'lower-case letters, digits and "-"');

/** Whole-number counts under the given names, in that order: an import's, a poll's or a list's tallies. */
export const counts = <K extends string>(...names: K[]) => Object.fromEntries(names.map((name) => [name, z.number().int()])) as Record<K, z.ZodNumber>;

/**
 * A create body from the fields its PATCH takes as they are (no defaults there, so a PATCH resets nothing): the same
 * fields, those named in `defaults` optional with that value.
 */
export const withDefaults = <S extends z.ZodRawShape, C extends z.core.$ZodObjectConfig, D extends { [K in keyof S]?: z.output<S[K]> }>(
  fields: z.ZodObject<S, C>,
  defaults: D,
) => {
  const defaulted = Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, (fields.shape[key] as z.ZodType).default(value)]));
  // Object.fromEntries forgets which keys it made
  return fields.extend(defaulted as unknown as { [K in keyof D & keyof S]: z.ZodDefault<S[K]> });
};

/** A PATCH body (any subset of fields) that names at least one field. */
export const nonEmptyPatch = <T extends z.ZodType<object>>(patch: T) => patch.refine((p) => Object.keys(p).length > 0, 'nothing to change');

/** A municipality or network named in a response: its id, slug (the address part) and name. */
export const sluggedRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

/** A file kept with a record (a scanned form, a mail's attachment): downloaded from its own address. */
export const storedFile = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number().int() });

/** A row of a CSV or GeoJSON file that could not be taken, and why. */
export const rowError = z.object({ line: z.number().int(), field: z.string(), detail: z.string() });
export type RowError = z.infer<typeof rowError>;

/** What an import did: its counts (given), whether it was written, and the rows it could not take. */
export const importResultOf = <C extends z.ZodRawShape>(counts: C) => z.object({ ...counts, committed: z.boolean(), errors: z.array(rowError) });

/**
 * 204: the request succeeded and there is nothing to say. Documented as null, so the OpenAPI document shows no body;
 * typed as undefined, so a handler answers with a bare `reply.status(204).send()` (fastify never serializes that).
 */
export const noContent = z.null().describe('No content') as unknown as z.ZodType<undefined>;

/** A file download (a Buffer on the server): documented as a binary string. */
export const binaryFile = z.string().meta({ format: 'binary' }) as unknown as z.ZodType<Buffer>;

/** 202 for requests whose outcome is not told (password reset: no account enumeration). */
export const acceptedStatus = z.object({ status: z.literal('accepted') });
