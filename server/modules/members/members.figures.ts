/**
 * Figures and exports other modules read (indicators, reports), computed from the member registry.
 * A unit's figures count its own subtree — or, for a unit of the Front, every organization's units
 * located in its area (the kernel's `figureScope`) — and say what they counted: the organizations
 * with their numbers, how many units, in which subtree or area, as of which date.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ExportDef, FigureDef, FigureQuery, FigureValue } from '../../kernel/module';
import type { Ctx } from '../../kernel/context';
import type { Messages } from '../../kernel/i18n';
import { one, rows } from '../../kernel/db/sql';
import { figureScope, scopeCovers, type FigureScope } from '../../kernel/registry';
import { activeOn } from './members.repo';
import { eligibleFor, subtreeCounts } from './members.service';

type Measure = 'memberships' | 'people' | 'joined' | 'left' | 'core';

export const memberFigureMessages: Messages = {
  'members.basis.subtree': {
    vi: 'Từ sổ đoàn viên, hội viên: {orgs} — {units} đơn vị thuộc {unit}; {when}.',
    en: 'From the member registry: {orgs} — {units} units of {unit}; {when}.',
  },
  'members.basis.area': {
    vi: 'Từ sổ đoàn viên, hội viên của các tổ chức thành viên: {orgs} — {units} đơn vị đặt trên địa bàn {area}; {when}.',
    en: 'From the member registries of the member organizations: {orgs} — {units} units located in {area}; {when}.',
  },
  'members.basis.none': {
    vi: 'Sổ đoàn viên, hội viên chưa có ai {where}; {when}.',
    en: 'No members recorded {where}; {when}.',
  },
  'members.basis.where_subtree': { vi: 'thuộc {unit}', en: 'in {unit}' },
  'members.basis.where_area': { vi: 'trong các tổ chức trên địa bàn {area}', en: 'in any organization in {area}' },
  'members.basis.as_of': { vi: 'tính đến ngày {to}', en: 'as of {to}' },
  'members.basis.range': { vi: 'từ ngày {from} đến ngày {to}', en: 'from {from} to {to}' },
};

/** The per-organization counts of one measure over the scope. */
async function byOrganization(ctx: Ctx, scope: FigureScope, what: Measure, from: string, to: string) {
  const covered = scopeCovers(scope, 'un');
  // A transfer inside the covered units is neither a join nor a leave.
  const coveredPrev = scopeCovers(scope, 'pu');
  const measures: Record<Measure, { where: SQL; count: SQL }> = {
    memberships: { where: activeOn(to), count: sql`count(*)` },
    people: { where: activeOn(to), count: sql`count(DISTINCT m.person_id)` },
    core: { where: sql`${activeOn(to)} AND m.role = 'core'`, count: sql`count(*)` },
    joined: {
      where: sql`m.started_on BETWEEN ${from}::date AND ${to}::date
        AND NOT EXISTS (SELECT 1 FROM memberships pm JOIN units pu ON pu.id = pm.unit_id WHERE pm.id = m.prev_membership_id AND ${coveredPrev})`,
      count: sql`count(*)`,
    },
    left: {
      where: sql`m.ended_on BETWEEN ${from}::date AND ${to}::date
        AND NOT EXISTS (SELECT 1 FROM memberships nm JOIN units pu ON pu.id = nm.unit_id WHERE nm.prev_membership_id = m.id AND ${coveredPrev})`,
      count: sql`count(*)`,
    },
  };
  const { where, count } = measures[what];
  // One row per organization, then (organization NULL) the total: people in several organizations count once.
  return rows<{ org: string | null; n: number; units: number }>(ctx.db, sql`
    SELECT o.short_name AS org, ${count}::int AS n, count(DISTINCT un.id)::int AS units
    FROM units un JOIN memberships m ON m.unit_id = un.id JOIN organizations o ON o.id = un.organization_id
    WHERE ${covered} AND ${where}
    GROUP BY GROUPING SETS ((o.short_name, o.sort_order), ()) ORDER BY o.sort_order NULLS LAST, o.short_name`);
}

async function placeNames(ctx: Ctx, q: FigureQuery) {
  return (await one<{ unit: string; area: string | null }>(ctx.db, sql`SELECT u.name AS unit, CASE WHEN a.id IS NULL THEN NULL ELSE a.type || ' ' || a.name END AS area
    FROM units u LEFT JOIN areas a ON a.path = u.area_path WHERE u.id = ${q.unitId}`)) ?? { unit: '', area: null };
}

async function counted(ctx: Ctx, q: FigureQuery, what: Measure): Promise<FigureValue> {
  const scope = await figureScope(ctx, q);
  const list = await byOrganization(ctx, scope, what, q.from, q.to);
  const total = list.find((r) => r.org === null);
  const orgs = list.filter((r) => r.org !== null).map((r) => ({ name: r.org!, n: r.n }));
  const place = await placeNames(ctx, q);
  const when = what === 'joined' || what === 'left' ? { key: 'members.basis.range', from: q.from, to: q.to } : { key: 'members.basis.as_of', to: q.to };
  const covers = scope.kind;
  if (!total || orgs.length === 0) {
    return { value: 0, covers, basis: { key: 'members.basis.none', params: {
      where: scope.kind === 'area' ? `@members.basis.where_area` : `@members.basis.where_subtree`, unit: place.unit, area: place.area ?? place.unit, when: `@${when.key}`, from: q.from, to: q.to } } };
  }
  return {
    value: total.n, covers,
    basis: { key: scope.kind === 'area' ? 'members.basis.area' : 'members.basis.subtree', params: {
      orgs, units: total.units, unit: place.unit, area: place.area ?? place.unit, when: `@${when.key}`, from: q.from, to: q.to } },
  };
}

async function rated(ctx: Ctx, q: FigureQuery, level: string): Promise<FigureValue> {
  const scope = await figureScope(ctx, q);
  const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM member_ratings r JOIN units un ON un.id = r.unit_id
    WHERE ${scopeCovers(scope, 'un')} AND r.year = ${Number(q.to.slice(0, 4))} AND r.level = ${level}`);
  return { value: r?.n ?? 0, basis: null, covers: scope.kind };
}

const ratingFigure = (level: string, vi: string, en: string): FigureDef => ({ label: { vi, en }, measure: 'lượt', compute: (ctx, q) => rated(ctx, q, level) });

export const memberFigures: Record<string, FigureDef> = {
  'members.memberships': { label: { vi: 'Số hội viên, đoàn viên (lượt)', en: 'Memberships' }, measure: 'lượt', compute: (ctx, q) => counted(ctx, q, 'memberships') },
  'members.people': { label: { vi: 'Số người là hội viên, đoàn viên', en: 'Distinct members (people)' }, measure: 'người', compute: (ctx, q) => counted(ctx, q, 'people') },
  'members.joined': { label: { vi: 'Kết nạp mới / chuyển đến', en: 'Joined (incl. transfers in)' }, measure: 'lượt', compute: (ctx, q) => counted(ctx, q, 'joined') },
  'members.left': { label: { vi: 'Ra khỏi tổ chức / chuyển đi / từ trần', en: 'Left (incl. transfers out, deaths)' }, measure: 'lượt', compute: (ctx, q) => counted(ctx, q, 'left') },
  'members.core': { label: { vi: 'Lực lượng cốt cán', en: 'Core members' }, measure: 'người', compute: (ctx, q) => counted(ctx, q, 'core') },
  'members.rated_excellent': ratingFigure('excellent', 'Xếp loại hoàn thành xuất sắc nhiệm vụ', 'Rated excellent'),
  'members.rated_good': ratingFigure('good', 'Xếp loại hoàn thành tốt nhiệm vụ', 'Rated good'),
  'members.rated_done': ratingFigure('done', 'Xếp loại hoàn thành nhiệm vụ', 'Rated done'),
  'members.rated_not_done': ratingFigure('not_done', 'Xếp loại không hoàn thành nhiệm vụ', 'Rated not done'),
  'members.gathering_rate': {
    label: { vi: 'Tỷ lệ tập hợp', en: 'Gathering rate' }, measure: '%',
    async compute(ctx, q) {
      const eligible = await eligibleFor(ctx.db, q.areaPath, q.organizationId, Number(q.to.slice(0, 4)));
      if (!eligible) return null;
      const people = await counted(ctx, q, 'people');
      return { ...people, value: Math.round(((people.value ?? 0) / eligible) * 1000) / 10 };
    },
  },
};

export const memberExports: Record<string, ExportDef> = {
  'members.by_unit': {
    label: { vi: 'Hội viên, đoàn viên theo đơn vị', en: 'Members by unit' },
    columns: [
      { key: 'unit', label: { vi: 'Đơn vị', en: 'Unit' } },
      { key: 'memberships', label: { vi: 'Số lượt', en: 'Memberships' } },
      { key: 'people', label: { vi: 'Số người', en: 'People' } },
      { key: 'joined', label: { vi: 'Kết nạp/chuyển đến', en: 'Joined' } },
      { key: 'left', label: { vi: 'Ra/chuyển đi', en: 'Left' } },
    ],
    async rows(ctx, q) {
      const kids = await rows<{ name: string; path: string }>(ctx.db, sql`SELECT name, path::text AS path FROM units WHERE parent_id = ${q.unitId} AND closed_at IS NULL ORDER BY name`);
      const list = kids.length ? kids : await rows<{ name: string; path: string }>(ctx.db, sql`SELECT name, path::text AS path FROM units WHERE id = ${q.unitId}`);
      const out = [];
      for (const k of list) {
        const c = await subtreeCounts(ctx.db, k.path, q.from, q.to);
        out.push({ unit: k.name, memberships: c.memberships, people: c.people, joined: c.joined, left: c.left });
      }
      return out;
    },
  },
};

