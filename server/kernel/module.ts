/**
 * A module registers with the core through one manifest. The core composes manifests and never
 * reaches into a module; modules read each other only through `figures` and `exports`.
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, Ctx } from './context';
import type { PermissionTable } from './access/roles';
import type { PolicyTable } from './access/policy';
import type { MessageParams, Messages } from './i18n';
import type { JobHandler } from './jobs';
import type { Config } from '../config';
import type { DbHandle } from './db/connect';

export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Where a figure is asked for: a unit's subtree over a period (dates as YYYY-MM-DD, inclusive). */
export type FigureQuery = { unitId: number; unitPath: string; areaPath: string | null; organizationId: number; from: string; to: string };

/**
 * What a figure counted, for people to read beside the value ("Đoàn TN 320, Hội LHPN 410 — 18 units
 * in phường X, as of 31/12/2026"): a message key with parameters, rendered in the reader's language
 * (numbers grouped, YYYY-MM-DD dates as dd/mm/yyyy, `{ name, n }` lists as "name n, name n").
 */
export type FigureBasis = { key: string; params: Record<string, string | number | { name: string; n: number }[]> };

/**
 * A figure's value with what it counted. `covers: 'area'` marks a count over every organization's
 * units in an area (a federating organization's unit, see kernel/registry `figureScope`): it
 * overlaps the member organizations' own counts, so a total must not add it to theirs.
 */
export type FigureValue = { value: number | null; basis: FigureBasis | null; covers: 'subtree' | 'area' };

/** A named number the records already know ("members", "petitions answered on time"). */
export type FigureDef = {
  label: { vi: string; en: string };
  measure: string; // unit of measure shown to users: "người", "lượt", "vụ việc", "%"
  /** A plain number, or the number with what it counted. */
  compute(ctx: Ctx, q: FigureQuery): Promise<number | null | FigureValue>;
};

/** A table other modules (the report generator) can pull into their documents. */
export type ExportDef = {
  label: { vi: string; en: string };
  columns: { key: string; label: { vi: string; en: string } }[];
  rows(ctx: Ctx, q: FigureQuery): Promise<Record<string, unknown>[]>;
};

/**
 * One line of a user's work for today (the home page): something to do, with where to do it. It
 * stands for one thing (a form: count 1, link to it) or a group (count n, link to the list).
 */
export type TodayItem = {
  /** What it is, namespaced by module: 'movements.form_overdue', 'members.transfers'. */
  kind: string;
  /** The title's message key and parameters; the kernel renders them in the reader's language. */
  titleKey: string;
  params?: MessageParams;
  count: number;
  /** The nearest deadline among the things it stands for (YYYY-MM-DD, Vietnam's calendar). */
  dueOn?: string | null;
  /** Where one tap leads in the web app. */
  link: string;
};

/** A module's part of the work for today: computed with that module's own scope rules, for a signed-in caller. */
export type TodayContribution = (ctx: Ctx & { actor: Actor }) => Promise<TodayItem[]>;

export type SeedContext = {
  ctx: Ctx; // system context (actor null) inside the seeding transaction-less run
  handle: DbHandle;
  province: { id: number; code: string; name: string; path: string };
  /** Units created by the core seed, by code. */
  unitByCode(code: string): Promise<{ id: number; code: string; name: string; path: string; areaPath: string | null; organizationId: number } | undefined>;
  options: Record<string, string | boolean | undefined>;
  log(msg: string): void;
};

export type CliCommand = {
  /** e.g. "members import" */
  name: string;
  usage: string;
} & (
  | { ownDatabase?: false; run(args: string[], env: { handle: DbHandle; config: Config; ctx: Ctx; print(s: string): void }): Promise<number> }
  /** The command reaches the database itself (backup, restore): the CLI neither opens nor migrates it first. */
  | { ownDatabase: true; run(args: string[], env: { config: Config; print(s: string): void }): Promise<number> }
);

export type ModuleManifest = {
  /** Folder name on server and web; also its migrations folder under server/migrations/. */
  name: string;
  permissions?: PermissionTable;
  /** The resources it owns, for the kernel's access decision (`<module>.policy.ts`). */
  policies?: PolicyTable;
  messages?: Messages;
  /** Registered under /api. */
  routes?: (app: Api) => Promise<void> | void;
  /** Registered at the root (e.g. /open311). */
  rootRoutes?: (app: Api) => Promise<void> | void;
  figures?: Record<string, FigureDef>;
  exports?: Record<string, ExportDef>;
  jobs?: Record<string, JobHandler>;
  /** The caller's work for today that this module knows of (GET /api/me/today). */
  today?: TodayContribution;
  seedDemo?: (s: SeedContext) => Promise<void>;
  cli?: CliCommand[];
  /** Periodic work started with the server (reminders); returns a stop function. */
  onStart?: (handle: DbHandle) => (() => Promise<void> | void) | void;
};

export function defineModule(m: ModuleManifest): ModuleManifest {
  return m;
}
