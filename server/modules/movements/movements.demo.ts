/**
 * Demo: the movements the notice names, led by the province Front committee, with an indicator set
 * each, quarterly (yearly for "Dân vận khéo") reporting by every commune and residential-area Front
 * committee since 2024, plausible figures — and a few units whose latest figures are inflated in the
 * ways the anomaly rules look for. The Women's Union and the Youth Union run a campaign of their own,
 * so their commune and branch officers have forms to fill too. Bulk-loaded, then the roll-up is built
 * and the checks run.
 */
import { sql } from 'drizzle-orm';
import type { SeedContext } from '../../kernel/module';
import type { Ctx } from '../../kernel/context';
import { rows, one } from '../../kernel/db/sql';
import { writeAudit } from '../../kernel/audit';
import { rebuildRollup } from './rollup';
import { checkForms, valuesHash } from './checks';
import { generateForms } from './catalogue.service';
import { monthIndex, parsePeriod } from '../../../common/movements';
import { now } from '../../kernel/clock';

type IndDef = { code: string; name: string; measure: string; valueType: string; aggregation: string; weight?: string; perCapita?: string;
  rules?: Record<string, unknown>; source?: string; sourceMode?: string; disagg?: string[]; description?: string };

export const DEMO_INDICATORS: IndDef[] = [
  { code: 'HO_DAN', name: 'Tổng số hộ dân cư trú', measure: 'hộ', valueType: 'integer', aggregation: 'latest', rules: { min: 0 } },
  { code: 'HO_GDVH', name: 'Số hộ đạt danh hiệu "Gia đình văn hóa"', measure: 'hộ', valueType: 'integer', aggregation: 'latest', perCapita: 'HO_DAN', rules: { min: 0, lte: ['HO_DAN'] } },
  { code: 'TL_GDVH', name: 'Tỷ lệ hộ đạt danh hiệu "Gia đình văn hóa"', measure: '%', valueType: 'percent', aggregation: 'weighted_avg', weight: 'HO_DAN', rules: { min: 0, max: 100 } },
  { code: 'TL_CAM_KET', name: 'Tỷ lệ hộ ký cam kết thực hiện nếp sống văn minh', measure: '%', valueType: 'percent', aggregation: 'weighted_avg', weight: 'HO_DAN', rules: { max: 100 } },
  { code: 'TL_HAI_LONG', name: 'Tỷ lệ người dân hài lòng (khảo sát của Mặt trận)', measure: '%', valueType: 'percent', aggregation: 'weighted_avg', weight: 'HO_DAN', rules: { max: 100 } },
  { code: 'KDC_VAN_HOA', name: 'Khu dân cư đạt danh hiệu "Khu dân cư văn hóa"', measure: 'khu dân cư', valueType: 'boolean', aggregation: 'sum' },
  { code: 'NGAY_HOI_DDK', name: 'Tổ chức Ngày hội Đại đoàn kết toàn dân tộc (18/11)', measure: 'khu dân cư', valueType: 'boolean', aggregation: 'sum' },
  { code: 'HOI_VIEN', name: 'Số đoàn viên, hội viên (từ cơ sở dữ liệu hội viên)', measure: 'người', valueType: 'integer', aggregation: 'latest', source: 'members.people', sourceMode: 'fill' },
  { code: 'NTM_HO_THAM_GIA', name: 'Số hộ tham gia đóng góp xây dựng nông thôn mới', measure: 'hộ', valueType: 'integer', aggregation: 'sum' },
  { code: 'NTM_TIEN_DONG_GOP', name: 'Tiền nhân dân đóng góp', measure: 'đồng', valueType: 'number', aggregation: 'sum', perCapita: 'NTM_HO_THAM_GIA', rules: { min: 0 } },
  { code: 'NTM_DAT_HIEN', name: 'Diện tích đất nhân dân hiến', measure: 'm²', valueType: 'number', aggregation: 'sum', perCapita: 'NTM_HO_THAM_GIA', rules: { min: 0 } },
  { code: 'NTM_NGAY_CONG', name: 'Ngày công lao động đóng góp', measure: 'ngày công', valueType: 'integer', aggregation: 'sum', perCapita: 'NTM_HO_THAM_GIA', rules: { min: 0 } },
  { code: 'NTM_M_DUONG', name: 'Chiều dài đường làng, ngõ xóm được mở rộng', measure: 'm', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'GT_KM_BE_TONG', name: 'Đường giao thông nông thôn được bê tông hóa', measure: 'km', valueType: 'number', aggregation: 'sum', rules: { min: 0 } },
  { code: 'GT_CAU_CONG', name: 'Cầu, cống dân sinh xây mới', measure: 'công trình', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'GT_KINH_PHI_DAN', name: 'Kinh phí nhân dân đóng góp làm đường', measure: 'đồng', valueType: 'number', aggregation: 'sum', rules: { min: 0 } },
  { code: 'GT_NGAY_CONG', name: 'Ngày công làm đường', measure: 'ngày công', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TL_KM_KENH', name: 'Kênh mương nội đồng được kiên cố hóa', measure: 'km', valueType: 'number', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TL_CONG_TRINH', name: 'Công trình thủy lợi nhỏ được xây dựng, sửa chữa', measure: 'công trình', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TL_NGAY_CONG', name: 'Ngày công làm thủy lợi', measure: 'ngày công', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TL_DIEN_TICH_TUOI', name: 'Diện tích được tưới tiêu chủ động', measure: 'ha', valueType: 'number', aggregation: 'latest', rules: { min: 0 } },
  { code: 'DVK_MO_HINH', name: 'Mô hình "Dân vận khéo" đăng ký', measure: 'mô hình', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'DVK_CONG_NHAN', name: 'Mô hình "Dân vận khéo" được công nhận', measure: 'mô hình', valueType: 'integer', aggregation: 'sum', rules: { min: 0, lte: ['DVK_MO_HINH'] } },
  { code: 'DVK_NHAN_RONG', name: 'Mô hình được nhân rộng', measure: 'mô hình', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'DVK_DIEN_HINH', name: 'Gương điển hình được khen thưởng', measure: 'người', valueType: 'integer', aggregation: 'sum', disagg: ['gender'], rules: { min: 0 } },
  { code: 'KN_TIEP_NHAN', name: 'Kiến nghị, phản ánh của Nhân dân được tiếp nhận (từ hồ sơ)', measure: 'vụ việc', valueType: 'integer', aggregation: 'sum', source: 'cases.received', sourceMode: 'fill' },
  { code: 'KN_TRA_LOI_DUNG_HAN', name: 'Kiến nghị, phản ánh được trả lời đúng hạn (từ hồ sơ)', measure: 'vụ việc', valueType: 'integer', aggregation: 'sum', source: 'cases.answered_on_time', sourceMode: 'fill' },
  // The Women's Union's campaign.
  { code: 'PN_HOI_VIEN', name: 'Số hội viên phụ nữ (từ cơ sở dữ liệu hội viên)', measure: 'người', valueType: 'integer', aggregation: 'latest', source: 'members.people', sourceMode: 'fill' },
  { code: 'PN_HO_5K3S', name: 'Số hộ đạt tiêu chí "5 không, 3 sạch"', measure: 'hộ', valueType: 'integer', aggregation: 'latest', rules: { min: 0 } },
  { code: 'PN_VAY_VON', name: 'Hội viên được hỗ trợ vay vốn phát triển kinh tế', measure: 'người', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'PN_TIEN_VAY', name: 'Vốn vay hội viên được hỗ trợ tiếp cận', measure: 'đồng', valueType: 'number', aggregation: 'sum', perCapita: 'PN_VAY_VON', rules: { min: 0 } },
  // The Youth Union's movement.
  { code: 'DV_KET_NAP', name: 'Đoàn viên kết nạp mới, chuyển đến (từ cơ sở dữ liệu đoàn viên)', measure: 'lượt', valueType: 'integer', aggregation: 'sum', source: 'members.joined', sourceMode: 'fill' },
  { code: 'TN_CONG_TRINH', name: 'Công trình, phần việc thanh niên', measure: 'công trình', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TN_NGAY_CONG', name: 'Ngày công thanh niên tình nguyện', measure: 'ngày công', valueType: 'integer', aggregation: 'sum', rules: { min: 0 } },
  { code: 'TN_KINH_PHI', name: 'Kinh phí huy động cho hoạt động tình nguyện', measure: 'đồng', valueType: 'number', aggregation: 'sum', rules: { min: 0 } },
];

/** Who leads a movement (the province unit of that organization) and which organizations report in it. */
type DemoMovement = { code: string; name: string; kind: string; freq: string; indicators: readonly string[]; lead?: string; organizations?: readonly string[] };

export const DEMO_MOVEMENTS = [
  { code: 'TDDK-VHKDC', name: 'Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư', kind: 'movement', freq: 'quarter',
    indicators: ['HO_DAN', 'HO_GDVH', 'TL_GDVH', 'TL_CAM_KET', 'TL_HAI_LONG', 'KDC_VAN_HOA', 'NGAY_HOI_DDK', 'HOI_VIEN'] },
  { code: 'CS-NTM', name: 'Chung sức xây dựng nông thôn mới', kind: 'movement', freq: 'quarter',
    indicators: ['NTM_HO_THAM_GIA', 'NTM_TIEN_DONG_GOP', 'NTM_DAT_HIEN', 'NTM_NGAY_CONG', 'NTM_M_DUONG'] },
  { code: 'GTNT', name: 'Làm giao thông nông thôn', kind: 'campaign', freq: 'quarter', indicators: ['GT_KM_BE_TONG', 'GT_CAU_CONG', 'GT_KINH_PHI_DAN', 'GT_NGAY_CONG'] },
  { code: 'TLN', name: 'Làm thủy lợi nhỏ', kind: 'campaign', freq: 'quarter', indicators: ['TL_KM_KENH', 'TL_CONG_TRINH', 'TL_NGAY_CONG', 'TL_DIEN_TICH_TUOI'] },
  { code: 'DVK', name: 'Dân vận khéo', kind: 'movement', freq: 'year', indicators: ['DVK_MO_HINH', 'DVK_CONG_NHAN', 'DVK_NHAN_RONG', 'DVK_DIEN_HINH', 'KN_TIEP_NHAN', 'KN_TRA_LOI_DUNG_HAN'] },
  { code: 'PN-5K3S', name: 'Xây dựng gia đình "5 không, 3 sạch"', kind: 'campaign', freq: 'quarter', lead: 'PHUNU', organizations: ['PHUNU'],
    indicators: ['PN_HOI_VIEN', 'PN_HO_5K3S', 'PN_VAY_VON', 'PN_TIEN_VAY'] },
  { code: 'TN-TINH-NGUYEN', name: 'Tuổi trẻ xung kích, tình nguyện vì cuộc sống cộng đồng', kind: 'movement', freq: 'quarter', lead: 'DOAN', organizations: ['DOAN'],
    indicators: ['DV_KET_NAP', 'TN_CONG_TRINH', 'TN_NGAY_CONG', 'TN_KINH_PHI'] },
] as const satisfies readonly DemoMovement[];

/** A small deterministic generator, so every demo has the same figures. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type U = { id: number; code: string; name: string; depth: number; parentId: number; hasChildren: boolean };

export async function seedMovementsDemo(s: SeedContext): Promise<void> {
  const lead = await s.unitByCode(`MTTQ-${s.province.code}`);
  if (!lead) return;
  const db = s.handle.db;
  const ctx: Ctx = s.ctx;
  const today = now();
  const nowMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const rnd = prng(48);
  // The other organizations' province units that lead a campaign of their own (absent in a partial demo: skipped).
  const leads = new Map<string, { id: number; path: string }>([['MTTQ', lead]]);
  for (const o of new Set(DEMO_MOVEMENTS.map((m: DemoMovement) => m.lead).filter((x): x is string => !!x))) {
    const u = await s.unitByCode(`${o}-${s.province.code}`);
    if (u) leads.set(o, u);
  }
  const movements = (DEMO_MOVEMENTS as readonly DemoMovement[]).filter((m) => leads.has(m.lead ?? 'MTTQ'));

  await db.transaction(async (tx) => {
    const t = { ...ctx, db: tx as unknown as typeof db };
    for (const i of DEMO_INDICATORS) {
      await tx.execute(sql`INSERT INTO mv_indicators (code, name, description, measure, value_type, aggregation, source, source_mode, disaggregations, rules, owner_unit_id)
        VALUES (${i.code}, ${i.name}, ${i.description ?? null}, ${i.measure}, ${i.valueType}, ${i.aggregation}, ${i.source ?? null}, ${i.sourceMode ?? null},
          ${sql.param(i.disagg ?? [])}::text[], ${JSON.stringify(i.rules ?? {})}::jsonb, ${lead.id}) ON CONFLICT (code) DO NOTHING`);
    }
    for (const i of DEMO_INDICATORS) {
      if (i.weight) await tx.execute(sql`UPDATE mv_indicators SET weight_indicator_id = (SELECT id FROM mv_indicators WHERE code = ${i.weight}) WHERE code = ${i.code}`);
      if (i.perCapita) await tx.execute(sql`UPDATE mv_indicators SET per_capita_indicator_id = (SELECT id FROM mv_indicators WHERE code = ${i.perCapita}) WHERE code = ${i.code}`);
    }
    for (const m of movements) {
      const own = m.lead !== undefined;
      const r = await one<{ id: number }>(tx as never, sql`INSERT INTO mv_movements (code, name, kind, organizations, lead_unit_id, starts_on, goals, description)
        VALUES (${m.code}, ${m.name}, ${m.kind}, ${sql.param([...(m.organizations ?? ['MTTQ', 'DOAN', 'PHUNU', 'NONGDAN', 'CCB'])])}::text[], ${leads.get(m.lead ?? 'MTTQ')!.id}, '2024-01-01',
          ${'Nâng cao chất lượng phong trào; báo cáo kết quả hằng năm; khắc phục bệnh thành tích, đánh giá hình thức.'},
          ${own ? 'Cấp hội, cấp đoàn thành phố chủ trì; cơ sở hội, cơ sở đoàn ở xã, phường và chi hội, chi đoàn báo cáo số liệu.'
            : 'Ủy ban MTTQ Việt Nam thành phố chủ trì, các tổ chức chính trị - xã hội phối hợp; Ban công tác Mặt trận ở khu dân cư báo cáo số liệu.'}) RETURNING id`);
      await tx.execute(sql`INSERT INTO mv_movement_indicators (movement_id, indicator_id, sort)
        SELECT ${r!.id}, i.id, t.ord FROM unnest(${sql.param([...m.indicators])}::text[]) WITH ORDINALITY AS t(code, ord) JOIN mv_indicators i ON i.code = t.code`);
      const sch = await one<{ id: number }>(tx as never, sql`INSERT INTO mv_schedules (movement_id, frequency, first_period, due_days, min_depth, max_depth)
        VALUES (${r!.id}, ${m.freq}, ${m.freq === 'year' ? '2024' : '2024-Q1'}, ${m.freq === 'year' ? 31 : 15}, 1, 2) RETURNING id`);
      await generateForms(tx as never, sch!.id, today);
    }
    await writeAudit(t, { action: 'demo.seed', entity: 'movements', after: { movements: movements.length, indicators: DEMO_INDICATORS.length } });
  });

  const units = await rows<U>(db, sql`SELECT u.id, u.code, u.name, nlevel(u.path) - nlevel(${lead.path}::ltree) AS depth, u.parent_id AS "parentId",
    EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) AS "hasChildren" FROM units u WHERE u.path <@ ${lead.path}::ltree AND u.id <> ${lead.id} ORDER BY u.id`);
  // The Women's and Youth Unions' units that report in their own campaigns (the planted anomalies stay among the Front's).
  const orgUnits: U[] = [];
  for (const [o, l] of leads) {
    if (o === 'MTTQ') continue;
    orgUnits.push(...await rows<U>(db, sql`SELECT u.id, u.code, u.name, nlevel(u.path) - nlevel(${l.path}::ltree) AS depth, u.parent_id AS "parentId",
      EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) AS "hasChildren" FROM units u WHERE u.path <@ ${l.path}::ltree AND u.id <> ${l.id} AND u.kind <> 'enterprise' ORDER BY u.id`));
  }
  const allUnits = [...units, ...orgUnits];
  const unitById = new Map(allUnits.map((u) => [u.id, u]));
  const ind = new Map((await rows<{ id: number; code: string; aggregation: string; valueType: string }>(db, sql`SELECT id, code, aggregation, value_type AS "valueType" FROM mv_indicators`)).map((i) => [i.code, i]));
  const forms = await rows<{ id: number; unitId: number; movementCode: string; periodKey: string; periodStart: number; periodEnd: number; dueOn: string }>(db, sql`
    SELECT f.id, f.unit_id AS "unitId", m.code AS "movementCode", f.period_key AS "periodKey", f.period_start AS "periodStart", f.period_end AS "periodEnd", f.due_on AS "dueOn"
    FROM mv_forms f JOIN mv_movements m ON m.id = f.movement_id WHERE m.lead_unit_id = ANY(${sql.param([...leads.values()].map((l) => l.id))}::int[]) ORDER BY f.id`);

  // Each unit has a size (households) and an activity level that stay stable; figures vary ±15 %.
  // A commune with residential branches reports only its own, commune-level activity (no household counts).
  const profile = new Map<number, { hh: number; size: number; act: number; gdvh: number }>();
  for (const u of allUnits) {
    const hh = u.depth === 2 ? Math.round(180 + rnd() * 260) : u.hasChildren ? 0 : Math.round(2200 + rnd() * 4800);
    profile.set(u.id, { hh, size: hh || Math.round(2200 + rnd() * 3000), act: 0.6 + rnd() * 0.8, gdvh: 0.82 + rnd() * 0.12 });
  }
  const byCode = new Map(units.map((u) => [u.code, u]));
  const pick = (pred: (u: U) => boolean, n: number) => units.filter(pred).slice(0, n);
  // The planted cases, at the last closed quarter (and the year for Dân vận khéo).
  const lastQ = parsePeriod(`${Math.floor((nowMonth - 3) / 12)}-Q${Math.floor(((nowMonth - 3) % 12) / 3) + 1}`)!;
  const communesNoAreas = pick((u) => u.depth === 1 && !u.hasChildren, 200);
  const residential = units.filter((u) => u.depth === 2);
  const jumpUnit = communesNoAreas[3];
  const roundUnit = communesNoAreas[7];
  const sameParent = residential.filter((r) => r.parentId === residential[residential.length - 1].parentId);
  const copyA = sameParent[0];
  const copyB = sameParent[1];
  const peerUnit = residential.find((r) => byCode.get(r.code) && r.parentId === (byCode.get(`MTTQ-20341-001`)?.parentId ?? -1)) ?? residential[2];
  const validUnit = residential[5];
  const all100Unit = residential[8];

  const noise = () => 0.85 + rnd() * 0.3;
  const vals: { formId: number; indicatorId: number; unitId: number; ps: number; pe: number; value: number }[] = [];
  const hashes = new Map<number, string | null>();
  for (const f of forms) {
    if (f.periodEnd >= nowMonth - 0 && f.movementCode !== 'DVK') continue; // current quarter: blank drafts
    if (f.movementCode === 'DVK' && f.periodEnd >= nowMonth) continue;
    const p = profile.get(f.unitId)!;
    const u = unitById.get(f.unitId)!;
    const scale = u.depth === 1 ? 6 : 1; // a commune reports for its whole area (or its commune-level work)
    const growth = 1 + (f.periodStart - monthIndex(2024, 1)) * 0.004;
    const v: Record<string, number | null> = {};
    const planted = f.periodKey === lastQ.key || (f.movementCode === 'DVK' && f.periodKey === String(Math.floor(nowMonth / 12) - 1));
    switch (f.movementCode) {
      case 'TDDK-VHKDC': {
        if (p.hh === 0) { v.TL_HAI_LONG = round1(80 + rnd() * 12); v.NGAY_HOI_DDK = f.periodKey.endsWith('Q4') ? 1 : null; break; }
        const g = Math.min(p.hh, Math.round(p.hh * Math.min(0.98, p.gdvh * growth * (0.98 + rnd() * 0.04))));
        v.HO_DAN = p.hh; v.HO_GDVH = g; v.TL_GDVH = round1((100 * g) / p.hh);
        v.TL_CAM_KET = round1(Math.min(99.5, 85 + rnd() * 12)); v.TL_HAI_LONG = round1(78 + rnd() * 15);
        v.KDC_VAN_HOA = u.depth === 2 ? (p.gdvh > 0.86 ? 1 : 0) : null;
        v.NGAY_HOI_DDK = f.periodKey.endsWith('Q4') ? 1 : null;
        if (planted && u.id === validUnit.id) { v.HO_GDVH = p.hh + 37; v.TL_GDVH = round1((100 * (p.hh + 37)) / p.hh) > 100 ? 100 : v.TL_GDVH; }
        if (planted && u.id === all100Unit.id) { v.TL_GDVH = 100; v.TL_CAM_KET = 100; v.TL_HAI_LONG = 100; v.HO_GDVH = p.hh; }
        break;
      }
      case 'CS-NTM': {
        const hh = Math.max(3, Math.round(p.size * 0.25 * p.act * noise()));
        v.NTM_HO_THAM_GIA = hh;
        v.NTM_TIEN_DONG_GOP = Math.round((hh * 420_000 * noise()) / 100_000) * 100_000;
        v.NTM_DAT_HIEN = odd(hh * 3.7 * noise());
        v.NTM_NGAY_CONG = odd(hh * 2.6 * noise());
        v.NTM_M_DUONG = odd(hh * 1.9 * noise());
        if (planted && u.id === peerUnit.id) v.NTM_NGAY_CONG = odd(hh * 2.6 * 7.3);
        if (planted && u.id === roundUnit.id) { v.NTM_HO_THAM_GIA = 1200; v.NTM_DAT_HIEN = 5000; v.NTM_NGAY_CONG = 3000; v.NTM_M_DUONG = 2500; }
        break;
      }
      case 'GTNT': {
        v.GT_KM_BE_TONG = round1(0.45 * scale * p.act * noise() + 0.05);
        v.GT_CAU_CONG = Math.round(0.6 * scale * p.act * noise());
        v.GT_KINH_PHI_DAN = Math.round((0.45 * scale * p.act * noise() * 95_000_000) / 100_000) * 100_000;
        v.GT_NGAY_CONG = odd(140 * scale * p.act * noise());
        if (planted && u.id === jumpUnit.id) { v.GT_KM_BE_TONG = round1((v.GT_KM_BE_TONG ?? 1) * 8.5); v.GT_NGAY_CONG = odd((v.GT_NGAY_CONG ?? 100) * 7.9); }
        break;
      }
      case 'TLN': {
        v.TL_KM_KENH = round1(0.3 * scale * p.act * noise() + 0.05);
        v.TL_CONG_TRINH = Math.round(0.5 * scale * p.act * noise());
        v.TL_NGAY_CONG = odd(90 * scale * p.act * noise());
        v.TL_DIEN_TICH_TUOI = p.hh ? round1(p.hh * 0.06) : null;
        break;
      }
      case 'PN-5K3S': {
        if (p.hh) v.PN_HO_5K3S = Math.min(p.hh, Math.round(p.hh * Math.min(0.95, (p.gdvh - 0.1) * growth)));
        const n = Math.max(2, Math.round(p.size * 0.006 * p.act * noise()));
        v.PN_VAY_VON = n;
        v.PN_TIEN_VAY = Math.round((n * 28_000_000 * noise()) / 100_000) * 100_000;
        break;
      }
      case 'TN-TINH-NGUYEN': {
        v.TN_CONG_TRINH = Math.max(1, Math.round(0.8 * scale * p.act * noise()));
        v.TN_NGAY_CONG = odd(60 * scale * p.act * noise());
        v.TN_KINH_PHI = Math.round((0.4 * scale * p.act * noise() * 12_000_000) / 100_000) * 100_000;
        break;
      }
      case 'DVK': {
        const n = Math.max(1, Math.round(scale * p.act * 1.5 * noise()));
        v.DVK_MO_HINH = n; v.DVK_CONG_NHAN = Math.max(0, Math.round(n * 0.6)); v.DVK_NHAN_RONG = Math.round(n * 0.3); v.DVK_DIEN_HINH = Math.round(n * 0.8 + rnd() * 2);
        if (planted && u.id === validUnit.id) v.DVK_CONG_NHAN = n + 3;
        break;
      }
    }
    for (const [code, value] of Object.entries(v)) {
      if (value === null || value === undefined) continue;
      vals.push({ formId: f.id, indicatorId: ind.get(code)!.id, unitId: f.unitId, ps: f.periodStart, pe: f.periodEnd, value });
    }
  }
  // Copied: two neighbouring areas send exactly the same new-rural-area figures.
  const a = forms.find((f) => f.unitId === copyA.id && f.movementCode === 'CS-NTM' && f.periodKey === lastQ.key);
  const b = forms.find((f) => f.unitId === copyB.id && f.movementCode === 'CS-NTM' && f.periodKey === lastQ.key);
  if (a && b) {
    for (let i = vals.length - 1; i >= 0; i--) if (vals[i].formId === b.id) vals.splice(i, 1);
    for (const x of vals.filter((y) => y.formId === a.id)) vals.push({ ...x, formId: b.id, unitId: copyB.id });
  }
  const byForm = new Map<number, typeof vals>();
  for (const x of vals) { const l = byForm.get(x.formId) ?? []; l.push(x); byForm.set(x.formId, l); }
  const indById = new Map([...ind.values()].map((i) => [i.id, i]));
  for (const [fid, l] of byForm) hashes.set(fid, valuesHash(l.map((x) => ({ indicatorId: x.indicatorId, value: x.value, entered: true, aggregation: indById.get(x.indicatorId)!.aggregation as never, valueType: indById.get(x.indicatorId)!.valueType as never }))));

  // Status: past periods approved (a few late); the last closed period partly pending; the current one blank.
  const status: { id: number; status: string; submittedAt: string | null; approvedAt: string | null; hash: string | null }[] = [];
  for (const f of forms) {
    if (!byForm.has(f.id)) continue;
    const isLast = f.periodKey === lastQ.key || (f.movementCode === 'DVK' && f.periodEnd === Math.floor(nowMonth / 12) * 12 - 1);
    const r = rnd();
    let st = 'approved';
    if (isLast) st = r < 0.08 ? 'draft' : r < 0.2 ? 'submitted' : 'approved';
    const plantedUnit = [jumpUnit, roundUnit, copyA, copyB, peerUnit, validUnit, all100Unit].some((x) => x?.id === f.unitId);
    if (isLast && plantedUnit) st = 'submitted';
    const late = rnd() < 0.12;
    const sub = st === 'draft' ? null : addDays(f.dueOn, late ? Math.round(1 + rnd() * 12) : -Math.round(1 + rnd() * 10));
    status.push({ id: f.id, status: st, submittedAt: sub ? `${sub}T03:00:00Z` : null, approvedAt: st === 'approved' && sub ? `${addDays(sub, 3)}T08:00:00Z` : null, hash: hashes.get(f.id) ?? null });
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < vals.length; i += 5000) {
      const c = vals.slice(i, i + 5000);
      await tx.execute(sql`INSERT INTO mv_values (form_id, indicator_id, disagg, unit_id, period_start, period_end, value, source)
        SELECT f, i, '', u, ps, pe, v, 'entered' FROM unnest(${sql.param(c.map((x) => x.formId))}::int[], ${sql.param(c.map((x) => x.indicatorId))}::int[],
          ${sql.param(c.map((x) => x.unitId))}::int[], ${sql.param(c.map((x) => x.ps))}::int[], ${sql.param(c.map((x) => x.pe))}::int[], ${sql.param(c.map((x) => x.value))}::float8[]) AS t(f, i, u, ps, pe, v)`);
    }
    for (let i = 0; i < status.length; i += 5000) {
      const c = status.slice(i, i + 5000);
      await tx.execute(sql`UPDATE mv_forms f SET status = t.st, submitted_at = t.sub::timestamptz, approved_at = t.app::timestamptz, values_hash = t.h
        FROM unnest(${sql.param(c.map((x) => x.id))}::int[], ${sql.param(c.map((x) => x.status))}::text[], ${sql.param(c.map((x) => x.submittedAt))}::text[],
          ${sql.param(c.map((x) => x.approvedAt))}::text[], ${sql.param(c.map((x) => x.hash))}::text[]) AS t(id, st, sub, app, h) WHERE f.id = t.id`);
    }
    await rebuildRollup(tx as never);
    // Targets for the province and the communes: roads and cultural households, per year.
    await tx.execute(sql`INSERT INTO mv_targets (indicator_id, unit_id, year, value)
      SELECT i.id, r.unit_id, y.year, round((sum(r.sum_v) / 3 * 1.1)::numeric, 1)::float8
      FROM mv_rollup r JOIN mv_indicators i ON i.id = r.indicator_id AND i.code IN ('GT_KM_BE_TONG', 'TL_KM_KENH', 'DVK_MO_HINH')
      JOIN units u ON u.id = r.unit_id AND u.path <@ ${lead.path}::ltree AND nlevel(u.path) <= nlevel(${lead.path}::ltree) + 1
      CROSS JOIN (VALUES (2024), (2025), (2026)) AS y(year)
      WHERE r.disagg = '' GROUP BY i.id, r.unit_id, y.year ON CONFLICT DO NOTHING`);
    await tx.execute(sql`INSERT INTO mv_targets (indicator_id, unit_id, year, value)
      SELECT i.id, u.id, y.year, 90 FROM mv_indicators i, units u, (VALUES (2024), (2025), (2026)) AS y(year)
      WHERE i.code = 'TL_GDVH' AND u.path <@ ${lead.path}::ltree AND nlevel(u.path) <= nlevel(${lead.path}::ltree) + 1 ON CONFLICT DO NOTHING`);
  });
  // The checks, for the periods whose forms came in last.
  const recent = status.filter((x) => x.status !== 'draft' && forms.find((f) => f.id === x.id)!.periodStart >= lastQ.start - 12).map((x) => x.id);
  await db.transaction(async (tx) => { await checkForms({ ...ctx, db: tx as never }, recent); });
  s.log(`  ${movements.length} phong trào, ${DEMO_INDICATORS.length} chỉ tiêu, ${forms.length} biểu mẫu, ${vals.length} số liệu`);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
/** Whole numbers that do not end in 0 (clean figures are not round by accident). */
const odd = (x: number) => { const n = Math.max(1, Math.round(x)); return n % 10 === 0 ? n + 3 : n; };
function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
