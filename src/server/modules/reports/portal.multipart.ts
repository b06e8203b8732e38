// Reads the report form's post: multipart (with photos) as browsers send it, or urlencoded (a form without files).
// Photos past the limit are counted, not kept; an oversized one is cut off by the parser and marked, so every other
// field still arrives and the form can come back with the values kept.
import type { FastifyRequest } from 'fastify';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';

export interface FormPost {
  fields: Record<string, string[]>;
  /** The photos kept (at most REPORT_PHOTO_LIMITS.count), in the order sent; empty file inputs are skipped. */
  files: Buffer[];
  /** Photos sent beyond the limit (drained, not kept). */
  extraFiles: number;
  /** Indexes (0-based) of photos larger than REPORT_PHOTO_LIMITS.bytes. */
  truncated: number[];
}

/** The post, or null when it cannot be read (a broken multipart body, too many parts). */
export async function readPost(req: FastifyRequest): Promise<FormPost | null> {
  const post: FormPost = { fields: {}, files: [], extraFiles: 0, truncated: [] };
  const add = (name: string, value: string) => {
    if (!Object.hasOwn(post.fields, name)) post.fields[name] = [];
    post.fields[name].push(value);
  };
  if (!req.isMultipart()) {
    const body = req.body;
    if (body === undefined || body === null) return post;
    if (typeof body !== 'object') return null;
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      for (const one of [value].flat()) {
        if (typeof one !== 'string') return null;
        add(name, one);
      }
    }
    return post;
  }
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') return null;
        add(part.fieldname, part.value);
        continue;
      }
      if (part.fieldname !== 'photos') {
        part.file.resume();
        add(part.fieldname, '');
        continue;
      }
      if (post.files.length >= REPORT_PHOTO_LIMITS.count) {
        part.file.resume();
        if (part.filename) post.extraFiles++;
        continue;
      }
      const bytes = await part.toBuffer();
      // a file input left empty sends a part without a name and without bytes
      if (!bytes.length && !part.filename) continue;
      if (part.file.truncated) post.truncated.push(post.files.length);
      post.files.push(bytes);
    }
  } catch (err) {
    req.log.info({ code: (err as { code?: string }).code ?? 'error' }, 'report form post could not be read');
    return null;
  }
  return post;
}
