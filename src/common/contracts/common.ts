// Pieces every contract uses. Timestamps travel as ISO 8601 strings; the server formats them before answering.
import { z } from 'zod';

export const timestamp = z.string().describe('ISO 8601 date and time');
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A row of a CSV or GeoJSON file that could not be taken, and why. */
export const rowError = z.object({ line: z.number().int(), field: z.string(), detail: z.string() });
export type RowError = z.infer<typeof rowError>;

/**
 * 204: the request succeeded and there is nothing to say. Documented as null, so the OpenAPI document shows no body;
 * typed as undefined, so a handler answers with a bare `reply.status(204).send()` (fastify never serializes that).
 */
export const noContent = z.null().describe('No content') as unknown as z.ZodType<undefined>;

/** A file download (a Buffer on the server): documented as a binary string. */
export const binaryFile = z.string().meta({ format: 'binary' }) as unknown as z.ZodType<Buffer>;

/** 202 for requests whose outcome is not told (password reset: no account enumeration). */
export const acceptedStatus = z.object({ status: z.literal('accepted') });
