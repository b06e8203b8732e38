// The installation's VAPID key pair: generated at first use and kept in the database, encrypted at rest.
import { eq } from 'drizzle-orm';
// vapid.ts, not the push index: that would load the sender (and its HTTP client) into every process at start
import { loadOrCreateVapidKeys, type VapidKeys } from './push/vapid.ts';
import { decryptSecret, encryptSecret } from '../platform/auth/crypto.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import { installationSettings } from '../platform/db/schema.ts';

const KEY = 'vapid';
type Deps = { db: Database; config: Config };

/** Reads the key pair, or makes and stores it; the delivery runtime keeps the answer for the life of the process. */
export function loadVapidKeys(deps: Deps): Promise<VapidKeys> {
  return loadOrCreateVapidKeys({
    get: async () => {
      const [row] = await deps.db.system.select().from(installationSettings).where(eq(installationSettings.key, KEY));
      return row ? (JSON.parse(decryptSecret(deps.config.secretKey, row.value)) as VapidKeys) : null;
    },
    // two processes racing at first start: the first write wins and both read it back
    put: async (k) => {
      await deps.db.system
        .insert(installationSettings)
        .values({ key: KEY, value: encryptSecret(deps.config.secretKey, JSON.stringify(k)) })
        .onConflictDoNothing();
    },
  });
}
