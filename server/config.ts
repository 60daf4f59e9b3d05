import { z } from 'zod';
import path from 'node:path';

/** A proxy address Fastify may trust: an IP, a CIDR, or one of proxy-addr's names for address ranges. */
const zProxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])]);

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
  // Comma list of reverse-proxy addresses whose X-Forwarded-For/-Proto are believed; none by default.
  TRUST_PROXY: z.string().default('').transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(zProxyAddress)),
  /** The address users open, e.g. https://danvan.example.vn (behind a reverse proxy). */
  PUBLIC_URL: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional().transform((v) => v || undefined),
  /** 1: tell browsers to use HTTPS only (CSP upgrade-insecure-requests, HSTS); default: whether PUBLIC_URL is https. */
  HTTPS_UPGRADE: z.enum(['0', '1', 'false', 'true']).optional(),
  /** Other origins allowed to send writes (comma-separated), e.g. https://cong-thong-tin.example.vn. */
  ALLOWED_ORIGINS: z.string().optional().transform((v, ctx) => {
    const list = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((o) => !/^https?:\/\/[^/]+\/?$/.test(o) || !URL.canParse(o));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `ALLOWED_ORIGINS: "${bad.join('", "')}" is not an origin like https://example.vn` });
      return z.NEVER;
    }
    return list.map((o) => new URL(o).origin);
  }),
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
  /**
   * Reverse proxies trusted for the client address and protocol (X-Forwarded-For/-Proto). Empty: the
   * socket's address and protocol, whatever headers a client sends (rate limits key on the address,
   * and `Secure` cookies follow the protocol).
   */
  trustProxy: string[];
  /** The address users open, when set (PUBLIC_URL). */
  publicUrl?: string;
  /** Served over HTTPS: browsers are told to use HTTPS only (never on plain HTTP, or a LAN address shows a blank page). */
  httpsOnly: boolean;
  /** Origins besides the server's own (its Host, PUBLIC_URL) whose writes are accepted. */
  allowedOrigins: string[];
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
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL,
    httpsOnly: e.HTTPS_UPGRADE ? e.HTTPS_UPGRADE === '1' || e.HTTPS_UPGRADE === 'true' : !!e.PUBLIC_URL?.startsWith('https:'),
    allowedOrigins: [...e.ALLOWED_ORIGINS, ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : [])],
    importLimits: importLimitsFromEnv(env),
    webDist: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'web'),
    ...overrides,
  };
}
