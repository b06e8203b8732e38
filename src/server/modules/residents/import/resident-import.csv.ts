// An uploaded import file at rest: gzip (CSV shrinks to about a quarter), then AES-GCM like the contact data.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { decryptSecret, encryptSecret } from '../../../platform/auth/crypto.ts';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export async function sealCsv(key: Buffer, csv: string): Promise<string> {
  return encryptSecret(key, (await zip(Buffer.from(csv, 'utf8'))).toString('base64'));
}

export async function unsealCsv(key: Buffer, sealed: string): Promise<string> {
  return (await unzip(Buffer.from(decryptSecret(key, sealed), 'base64'))).toString('utf8');
}
