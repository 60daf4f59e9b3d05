/**
 * Senders' identities are stored encrypted (AES-256-GCM). The key comes from PETITIONS_IDENTITY_KEY;
 * without it (a demo or a trial) a random key is generated once and kept in the `settings` table,
 * which protects against reading the column but not against a copy of the whole database — set the
 * environment key in production (docs/petitions.md).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/types';
import { one } from '../../kernel/db/sql';
import { petitionsConfig } from './petitions.config';
import type { Sender } from '../../../common/petitions';

let keyCache: { source: string; key: Buffer } | null = null;

export async function identityKey(db: Db): Promise<Buffer> {
  const envKey = petitionsConfig().identityKey;
  const source = envKey ? `env:${envKey}` : 'db';
  if (keyCache && keyCache.source === source) return keyCache.key;
  let material: string;
  if (envKey) material = envKey;
  else {
    await db.execute(sql`INSERT INTO settings (key, value) VALUES ('petitions.identity_key', ${JSON.stringify(randomBytes(32).toString('base64'))}::jsonb) ON CONFLICT (key) DO NOTHING`);
    material = (await one<{ v: string }>(db, sql`SELECT value #>> '{}' AS v FROM settings WHERE key = 'petitions.identity_key'`))!.v;
  }
  const key = createHash('sha256').update(`danvan-petitions-identity:${material}`).digest();
  keyCache = { source, key };
  return key;
}

export function encryptWith(key: Buffer, s: Sender): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(JSON.stringify(s), 'utf8'), c.final()]);
  return `v1:${iv.toString('base64')}:${c.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}

export function decryptWith(key: Buffer, enc: string): Sender {
  const [v, iv, tag, data] = enc.split(':');
  if (v !== 'v1') throw new Error('unknown identity ciphertext version');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8')) as Sender;
}

/**
 * The sender, or null when the ciphertext was written under another key: a database restored on a
 * server with a different PETITIONS_IDENTITY_KEY keeps working, without the identities (docs/security.md).
 */
export function readSender(key: Buffer, enc: string): Sender | null {
  try { return decryptWith(key, enc); } catch { return null; }
}

/** HMAC for proof-of-work challenges, derived from the identity key so every process agrees. */
export async function powSign(db: Db, msg: string): Promise<string> {
  const k = await identityKey(db);
  return createHmac('sha256', k).update(`pow:${msg}`).digest('base64url').slice(0, 22);
}
