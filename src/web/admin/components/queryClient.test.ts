// The console's query cache asks again only when the connection failed: a 403 or 404 is shown at once, not after
// three silent retries.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { createQueryClient } from './queryClient.ts';

describe('console query cache', () => {
  it('retries a lost connection once and a refused or missing resource never', () => {
    const retry = createQueryClient().getDefaultOptions().queries?.retry;
    if (typeof retry !== 'function') throw new Error('retry must be a policy function');
    expect(retry(0, new ApiError(0, 'network_error', undefined))).toBe(true);
    expect(retry(1, new ApiError(0, 'network_error', undefined))).toBe(false);
    expect(retry(0, new ApiError(404, 'not_found', undefined))).toBe(false);
    expect(retry(0, new ApiError(403, 'forbidden', undefined))).toBe(false);
  });
});
