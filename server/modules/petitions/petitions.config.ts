/**
 * The module's settings, from the environment (documented in docs/petitions.md). Tests and benchmarks
 * adjust them with `setPetitionsConfig`.
 *   PETITIONS_IDENTITY_KEY        key for encrypting senders' identities (any string ≥ 16 chars; hashed to 256 bits)
 *   PETITIONS_SUBMIT_LIMIT        public submissions per client address per window (default 10)
 *   PETITIONS_SUBMIT_WINDOW       window in seconds (default 600)
 *   PETITIONS_LOOKUP_LIMIT        tracking-code look-ups per client address per minute (default 60)
 *   PETITIONS_POW_BITS            proof-of-work difficulty for the public form, 0 = off (default 14)
 */
import { z } from 'zod';

const zEnv = z.object({
  PETITIONS_IDENTITY_KEY: z.string().min(16).optional(),
  PETITIONS_SUBMIT_LIMIT: z.coerce.number().int().min(1).default(10),
  PETITIONS_SUBMIT_WINDOW: z.coerce.number().int().min(1).default(600),
  PETITIONS_LOOKUP_LIMIT: z.coerce.number().int().min(1).default(60),
  PETITIONS_POW_BITS: z.coerce.number().int().min(0).max(24).default(14),
});

export type PetitionsConfig = {
  identityKey?: string;
  submitLimit: number;
  submitWindowSeconds: number;
  lookupLimit: number;
  powBits: number;
};

function fromEnv(): PetitionsConfig {
  const e = zEnv.parse(process.env);
  return {
    identityKey: e.PETITIONS_IDENTITY_KEY, submitLimit: e.PETITIONS_SUBMIT_LIMIT, submitWindowSeconds: e.PETITIONS_SUBMIT_WINDOW,
    lookupLimit: e.PETITIONS_LOOKUP_LIMIT, powBits: e.PETITIONS_POW_BITS,
  };
}

let current: PetitionsConfig | null = null;
export function petitionsConfig(): PetitionsConfig { return (current ??= fromEnv()); }
export function setPetitionsConfig(p: Partial<PetitionsConfig>): void { current = { ...petitionsConfig(), ...p }; }
