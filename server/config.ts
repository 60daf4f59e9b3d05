import { z } from 'zod';
import path from 'node:path';

/** Environment parsed once into typed config; everything else reads this, never process.env. */
const zEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.union([z.url(), z.literal('')]).optional().transform((v) => v || undefined),
  DEMO: z.enum(['0', '1', 'false', 'true']).optional(),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  DEMO_ADMIN_PASSWORD: z.string().min(8).optional(),
  BODY_LIMIT_MB: z.coerce.number().positive().default(2),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(200),
});

/**
 * What reading one uploaded .xlsx/.csv may cost (docs/security.md, "Uploads and file limits"). A member
 * list of a million rows (about 440 MB of sheet XML, 9 million cells, compressed 5 to 6 times) passes.
 */
const zImportEnv = z.object({
  /** Text read from one file, all its zip parts together, once inflated. */
  IMPORT_MAX_UNCOMPRESSED_MB: z.coerce.number().positive().default(1024),
  /** Inflated size over compressed size of any part of an .xlsx (checked once the part passes 1 MB). */
  IMPORT_MAX_RATIO: z.coerce.number().min(2).default(100),
  /** Cells of one row, and the highest column a cell may sit in. */
  IMPORT_MAX_ROW_CELLS: z.coerce.number().int().positive().default(2000),
  /** Characters of one row (its XML in an .xlsx, its record in a CSV), also of one shared string. */
  IMPORT_MAX_ROW_KB: z.coerce.number().positive().default(1024),
  /** Cells of the whole file (an empty row counts one). */
  IMPORT_MAX_CELLS: z.coerce.number().int().positive().default(20_000_000),
  /** Memory of the shared-strings table, the one part of an .xlsx kept while reading. */
  IMPORT_MAX_SHARED_STRINGS_MB: z.coerce.number().positive().default(64),
});

export type ImportLimits = {
  maxUncompressedBytes: number;
  maxRatio: number;
  maxRowCells: number;
  maxRowBytes: number;
  maxCells: number;
  maxSharedStringsBytes: number;
};

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const e = zImportEnv.parse(env);
  return {
    maxUncompressedBytes: Math.round(e.IMPORT_MAX_UNCOMPRESSED_MB * 2 ** 20), maxRatio: e.IMPORT_MAX_RATIO, maxRowCells: e.IMPORT_MAX_ROW_CELLS,
    maxRowBytes: Math.round(e.IMPORT_MAX_ROW_KB * 1024), maxCells: e.IMPORT_MAX_CELLS, maxSharedStringsBytes: Math.round(e.IMPORT_MAX_SHARED_STRINGS_MB * 2 ** 20),
  };
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  workers: number;
  sessionTtlMs: number;
  logLevel: z.infer<typeof zEnv>['LOG_LEVEL'];
  demoAdminPassword?: string;
  bodyLimit: number;
  uploadLimit: number;
  importLimits: ImportLimits;
  /** Directory holding the built web app, if any. */
  webDist: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = zEnv.parse(env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: !(e.DEMO === '0' || e.DEMO === 'false'),
    workers: e.WORKERS,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    logLevel: e.LOG_LEVEL,
    demoAdminPassword: e.DEMO_ADMIN_PASSWORD,
    bodyLimit: Math.round(e.BODY_LIMIT_MB * 1024 * 1024),
    uploadLimit: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    importLimits: importLimitsFromEnv(env),
    webDist: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'web'),
    ...overrides,
  };
}
