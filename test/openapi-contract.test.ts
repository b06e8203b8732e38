// Declared contracts: every operation of the public API document says what it answers on success, so clients (and the
// console, through src/common/contracts) can rely on it; responses are serialized through those schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }>;
}

describe('the OpenAPI document', () => {
  it('declares a response schema for the success status of every operation', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        // 204 has no body by definition; every other success status must describe its body
        const described =
          success.length > 0 && success.every(([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined));
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    console.log(`operations: ${operations}, without response schema: ${missing.length}\n${missing.join('\n')}`);
    expect(operations).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
