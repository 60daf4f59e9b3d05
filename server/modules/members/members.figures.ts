/** Figures and exports other modules read (indicators, reports): computed from the records of a unit's subtree. */
import { sql } from 'drizzle-orm';
import type { ExportDef, FigureDef, FigureQuery } from '../../kernel/module';
import type { Ctx } from '../../kernel/context';
import { one, rows } from '../../kernel/db/sql';
import { activeOn } from './members.repo';
import { eligibleFor, subtreeCounts } from './members.service';

const count = async (ctx: Ctx, q: FigureQuery, what: 'memberships' | 'people' | 'joined' | 'left' | 'core') => (await subtreeCounts(ctx.db, q.unitPath, q.from, q.to))[what];

async function rated(ctx: Ctx, q: FigureQuery, level: string): Promise<number> {
  const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM member_ratings r JOIN units un ON un.id = r.unit_id
    WHERE un.path <@ ${q.unitPath}::ltree AND r.year = ${Number(q.to.slice(0, 4))} AND r.level = ${level}`);
  return r?.n ?? 0;
}

const ratingFigure = (level: string, vi: string, en: string): FigureDef => ({ label: { vi, en }, measure: 'lượt', compute: (ctx, q) => rated(ctx, q, level) });

export const memberFigures: Record<string, FigureDef> = {
  'members.memberships': { label: { vi: 'Số hội viên, đoàn viên (lượt)', en: 'Memberships' }, measure: 'lượt', compute: (ctx, q) => count(ctx, q, 'memberships') },
  'members.people': { label: { vi: 'Số người là hội viên, đoàn viên', en: 'Distinct members (people)' }, measure: 'người', compute: (ctx, q) => count(ctx, q, 'people') },
  'members.joined': { label: { vi: 'Kết nạp mới / chuyển đến', en: 'Joined (incl. transfers in)' }, measure: 'lượt', compute: (ctx, q) => count(ctx, q, 'joined') },
  'members.left': { label: { vi: 'Ra khỏi tổ chức / chuyển đi / từ trần', en: 'Left (incl. transfers out, deaths)' }, measure: 'lượt', compute: (ctx, q) => count(ctx, q, 'left') },
  'members.core': { label: { vi: 'Lực lượng cốt cán', en: 'Core members' }, measure: 'người', compute: (ctx, q) => count(ctx, q, 'core') },
  'members.rated_excellent': ratingFigure('excellent', 'Xếp loại hoàn thành xuất sắc nhiệm vụ', 'Rated excellent'),
  'members.rated_good': ratingFigure('good', 'Xếp loại hoàn thành tốt nhiệm vụ', 'Rated good'),
  'members.rated_done': ratingFigure('done', 'Xếp loại hoàn thành nhiệm vụ', 'Rated done'),
  'members.rated_not_done': ratingFigure('not_done', 'Xếp loại không hoàn thành nhiệm vụ', 'Rated not done'),
  'members.gathering_rate': {
    label: { vi: 'Tỷ lệ tập hợp', en: 'Gathering rate' }, measure: '%',
    async compute(ctx, q) {
      const eligible = await eligibleFor(ctx.db, q.areaPath, q.organizationId, Number(q.to.slice(0, 4)));
      if (!eligible) return null;
      const people = await count(ctx, q, 'people');
      return Math.round((people / eligible) * 1000) / 10;
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

