/**
 * Demo data: routing rules, a UBND officer to answer, and a few hundred plausible cases over the
 * demo province's communes and residential areas — with one planted cluster (hotspot), some overdue
 * cases, and a denunciation whose sender is confidential. Map points are synthetic (no map data).
 */
import { sql } from 'drizzle-orm';
import type { SeedContext } from '../../kernel/module';
import { one, rows } from '../../kernel/db/sql';
import { hashPassword } from '../../kernel/auth';
import { writeAudit } from '../../kernel/audit';
import type { Ctx } from '../../kernel/context';
import type { CaseKind } from '../../../common/petitions';
import { insertCase } from './intake';
import { addDays, dateVN, loadCalendar, resolveDue, todayVN } from './deadlines';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const TEXTS: Record<string, string[]> = {
  LAND: ['Đề nghị xem xét lại mức bồi thường khi thu hồi đất làm đường', 'Chậm cấp giấy chứng nhận quyền sử dụng đất', 'Tranh chấp ranh giới đất giữa các hộ liền kề', 'Đề nghị công khai phương án bồi thường, hỗ trợ tái định cư'],
  ENV: ['Cơ sở chăn nuôi gây mùi hôi ảnh hưởng khu dân cư', 'Rác thải tồn đọng nhiều ngày chưa được thu gom', 'Xưởng sản xuất xả nước thải ra mương thoát nước', 'Khói bụi từ bãi tập kết vật liệu xây dựng'],
  INFRA: ['Đường bê tông liên thôn bị hư hỏng, đề nghị sửa chữa', 'Đèn chiếu sáng công cộng không hoạt động', 'Mương thoát nước bị tắc gây ngập khi mưa', 'Đề nghị lắp đặt nước sạch cho các hộ cuối tuyến'],
  SOCIAL: ['Đề nghị xem xét hỗ trợ hộ cận nghèo', 'Chậm chi trả trợ cấp cho người có công', 'Đề nghị hỗ trợ sửa chữa nhà ở cho hộ khó khăn', 'Thắc mắc về việc bình xét hộ nghèo năm nay'],
  ORDER: ['Tụ tập gây ồn ào vào ban đêm', 'Đề nghị tăng cường tuần tra khu vực chợ', 'Lấn chiếm vỉa hè kinh doanh gây mất trật tự', 'Phản ánh tình trạng đua xe trên tuyến đường ven biển'],
  OFFICIALS: ['Cán bộ tiếp dân chưa đúng mực', 'Hồ sơ nộp nhiều lần chưa được giải quyết', 'Đề nghị làm rõ trách nhiệm cán bộ địa chính'],
  ADMIN: ['Thủ tục chứng thực còn rườm rà', 'Đề nghị hướng dẫn thủ tục đăng ký hộ kinh doanh', 'Chậm trả kết quả hồ sơ trực tuyến'],
  HEALTH_EDU: ['Trạm y tế thiếu thuốc thiết yếu', 'Đề nghị sửa chữa phòng học xuống cấp', 'Thu các khoản ngoài quy định đầu năm học'],
  ECONOMY: ['Đề nghị hỗ trợ vốn vay phát triển sản xuất', 'Giá thu mua nông sản thấp, đề nghị hỗ trợ đầu ra', 'Đề nghị mở lớp dạy nghề cho lao động nông thôn'],
  OTHER: ['Góp ý về tổ chức Ngày hội Đại đoàn kết toàn dân tộc', 'Đề nghị bố trí thêm điểm sinh hoạt cộng đồng'],
};
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hạnh', 'Hoa', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Tuấn'];

type Area = { id: number; code: string; name: string; type: string; level: string; communeCode: string };

export async function seedPetitions(s: SeedContext): Promise<void> {
  const db = s.handle.db;
  const ctx: Ctx = s.ctx;
  const rand = rng(20261126);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const communes = await rows<Area>(db, sql`SELECT a.id, a.code, a.name, a.type, a.level, a.code AS "communeCode" FROM areas a
    WHERE a.parent_id = ${s.province.id} AND EXISTS (SELECT 1 FROM areas r WHERE r.parent_id = a.id) ORDER BY a.code`);
  const residential = await rows<Area>(db, sql`SELECT r.id, r.code, r.name, r.type, r.level, a.code AS "communeCode" FROM areas r JOIN areas a ON a.id = r.parent_id
    WHERE a.parent_id = ${s.province.id} AND r.level = 'residential' ORDER BY r.code`);
  if (!communes.length) return;
  const tamKy = communes.find((c) => c.name === 'Tam Kỳ') ?? communes[0];

  // Routing rules: each commune's Front routes to the commune People's Committee; conduct of officials in Tam Kỳ to the Party committee.
  const unitsByCode = new Map<string, { id: number; path: string }>();
  for (const code of [...communes.flatMap((c) => [`MTTQ-${c.code}`, `UBND-${c.code}`, `DANG-${c.code}`]), `MTTQ-${s.province.code}`, `UBND-${s.province.code}`]) {
    const x = await s.unitByCode(code);
    if (x) unitsByCode.set(code, x);
  }
  const areaPaths = new Map((await rows<{ id: number; path: string }>(db, sql`SELECT id, path::text AS path FROM areas WHERE id = ANY(${sql.param([...communes.map((c) => c.id), s.province.id])}::int[])`)).map((a) => [a.id, a.path]));
  await db.transaction(async (tx) => {
    const t = { ...ctx, db: tx as unknown as typeof db };
    for (const c of communes) {
      const owner = unitsByCode.get(`MTTQ-${c.code}`);
      const target = unitsByCode.get(`UBND-${c.code}`);
      if (!owner || !target) continue;
      await tx.execute(sql`INSERT INTO case_routing_rules (owner_unit_id, owner_path, area_id, area_path, target_unit_id, priority, note)
        VALUES (${owner.id}, ${owner.path}::ltree, ${c.id}, ${areaPaths.get(c.id)!}::ltree, ${target.id}, 100, 'Mặc định: UBND cấp xã giải quyết')`);
    }
    const owner = unitsByCode.get(`MTTQ-${tamKy.code}`);
    const party = unitsByCode.get(`DANG-${tamKy.code}`);
    if (owner && party) {
      const ap = areaPaths.get(tamKy.id)!;
      await tx.execute(sql`INSERT INTO case_routing_rules (owner_unit_id, owner_path, category_code, area_id, area_path, target_unit_id, priority, note) VALUES
        (${owner.id}, ${owner.path}::ltree, 'OFFICIALS', ${tamKy.id}, ${ap}::ltree, ${party.id}, 200, 'Thái độ cán bộ: Đảng ủy xem xét'),
        (${owner.id}, ${owner.path}::ltree, 'SOCIAL', ${tamKy.id}, ${ap}::ltree, ${owner.id}, 150, 'Chính sách xã hội: Mặt trận phối hợp giải quyết')`);
    }
    const prov = unitsByCode.get(`MTTQ-${s.province.code}`);
    const provUbnd = unitsByCode.get(`UBND-${s.province.code}`);
    if (prov && provUbnd) {
      await tx.execute(sql`INSERT INTO case_routing_rules (owner_unit_id, owner_path, area_id, area_path, target_unit_id, priority, note)
        VALUES (${prov.id}, ${prov.path}::ltree, ${s.province.id}, ${areaPaths.get(s.province.id)!}::ltree, ${provUbnd.id}, 10, 'Không xác định xã: UBND thành phố')`);
    }
    await writeAudit(t, { action: 'demo.seed', entity: 'case_routing_rule', after: { communes: communes.length } });
  });

  // A People's Committee officer to answer cases in Tam Kỳ.
  const ubnd = await s.unitByCode(`UBND-${tamKy.code}`);
  const password = (s.options.password as string | undefined) ?? 'DanVan@2026';
  if (ubnd) {
    const hash = await hashPassword(password);
    const u = await one<{ id: number }>(db, sql`INSERT INTO users (username, password_hash, full_name) VALUES ('ubnd.tamky', ${hash}, 'Đoàn Thị Thu')
      ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`);
    await db.execute(sql`INSERT INTO grants (user_id, unit_id, role) VALUES (${u!.id}, ${ubnd.id}, 'officer') ON CONFLICT DO NOTHING`);
    await writeAudit(ctx, { action: 'users.create', entity: 'user', entityId: u!.id, after: { username: 'ubnd.tamky', grants: [{ unit: `UBND-${tamKy.code}`, role: 'officer' }], via: 'demo' } });
    s.log(`demo: ubnd.tamky / ${password} (cán bộ UBND ${tamKy.type.toLowerCase()} ${tamKy.name})`);
  }

  const today = todayVN();
  const cal = await loadCalendar(db);
  const anchor = (code: string) => {
    const h = [...code].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) >>> 0, 7);
    return { lat: 15.45 + ((h % 1000) / 1000) * 0.65, lng: 107.9 + (((h >>> 10) % 1000) / 1000) * 0.65 };
  };
  const created: { id: number; kind: CaseKind; receivedOn: string }[] = [];
  const add = async (o: { kind: CaseKind; category: string; text: string; area: Area | null; receivedOn: string; signatories?: number; channel?: string; named?: boolean; remote?: boolean }) => {
    const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
    const named = o.named ?? (o.kind === 'complaint' || o.kind === 'denunciation' || rand() < 0.5);
    const base = o.area ? anchor(o.area.communeCode) : null;
    const off = o.area && o.area.level === 'residential' ? anchor(o.area.code) : null;
    const lat = base ? base.lat + (off ? (off.lat - 15.45) / 60 : 0) + (rand() - 0.5) * 0.004 : undefined;
    const lng = base ? base.lng + (off ? (off.lng - 107.9) / 60 : 0) + (rand() - 0.5) * 0.004 : undefined;
    const r = await db.transaction(async (tx) => insertCase({ ...ctx, db: tx as unknown as typeof db }, {
      kind: o.kind, category: o.category, text: o.text, channel: o.channel ?? pick(['web', 'web', 'meeting', 'reception_day', 'voters_meeting', 'letter']),
      sender: named ? { name, phone: `09${Math.floor(10000000 + rand() * 89999999)}`, email: null, address: o.area ? `${o.area.type} ${o.area.name}` : null } : { name: null, phone: null, email: null, address: null },
      areaCode: o.area?.code, lat, lng, signatories: o.signatories ?? (o.kind === 'petition' ? 2 + Math.floor(rand() * 15) : 1), receivedOn: o.receivedOn, remote: o.remote,
    }));
    created.push({ id: r.id, kind: o.kind, receivedOn: o.receivedOn });
    return r.id;
  };

  // Scattered background: ~300 cases over the last 240 days.
  const cats = Object.keys(TEXTS);
  const places = [...residential, ...communes];
  for (let i = 0; i < 300; i++) {
    const r = rand();
    const kind: CaseKind = r < 0.55 ? 'feedback' : r < 0.75 ? 'petition' : r < 0.95 ? 'complaint' : 'denunciation';
    const cat = pick(cats);
    const area = rand() < 0.93 ? pick(places) : null;
    await add({ kind, category: cat, text: `${pick(TEXTS[cat])}${area ? ` tại ${area.type.toLowerCase()} ${area.name}` : ''}.`, area, receivedOn: addDays(today, -Math.floor(rand() * 240)) });
  }
  // The planted cluster: land recovery for one project, one residential area of Tam Kỳ, the last three weeks.
  const hot = residential.find((r) => r.communeCode === tamKy.code && r.name === '2') ?? residential[0];
  for (let i = 0; i < 9; i++) {
    await add({ kind: i % 3 === 0 ? 'petition' : 'complaint', category: 'LAND', text: `Không đồng ý phương án bồi thường thu hồi đất dự án Khu dân cư Bàu Cừ tại ${hot.type.toLowerCase()} ${hot.name}; đề nghị đối thoại công khai.`, area: hot, receivedOn: addDays(today, -Math.floor(rand() * 20)), signatories: i % 3 === 0 ? 12 + i : 1 });
  }

  // History: older cases move along; some stay open past their limit (overdue).
  const sys = { ...ctx };
  let overdue = 0;
  for (const c of created) {
    const age = (Date.parse(today) - Date.parse(c.receivedOn)) / 86400_000;
    const u = rand();
    const needsAccept = c.kind === 'complaint' || c.kind === 'denunciation';
    const acceptOn = addDays(c.receivedOn, 1 + Math.floor(rand() * 6));
    const answerOn = addDays(needsAccept ? acceptOn : c.receivedOn, 5 + Math.floor(rand() * 35));
    let status = 'received';
    const steps: { at: string; action: string; status: string | null; note: string | null }[] = [];
    if (age > 10 && u < 0.93 && acceptOn <= today) { status = needsAccept ? 'accepted' : 'in_progress'; steps.push({ at: acceptOn, action: needsAccept ? 'accept' : 'start', status, note: null }); }
    const stuck = age > 60 && u > 0.85;
    if (status !== 'received' && !stuck && answerOn <= today && u < 0.85) {
      status = 'answered';
      steps.push({ at: answerOn, action: 'answer', status, note: 'Đã kiểm tra, làm việc với các bên liên quan và trả lời bằng văn bản.' });
      if (age > 90 && rand() < 0.7) { status = 'closed'; steps.push({ at: addDays(answerOn, 5), action: 'close', status, note: null }); }
    }
    if (stuck) overdue++;
    if (!steps.length) continue;
    const accepted = steps.find((x) => x.action === 'accept' || x.action === 'start');
    const answered = steps.find((x) => x.action === 'answer');
    const rDue = needsAccept && accepted ? resolveDue(cal, c.kind, accepted.at, {}) : null;
    await db.execute(sql`UPDATE cases SET status = ${status},
      accepted_at = ${accepted ? `${accepted.at}T10:00:00+07:00` : null}::timestamptz,
      answered_at = ${answered ? `${answered.at}T15:00:00+07:00` : null}::timestamptz,
      closed_at = ${status === 'closed' ? `${addDays(answered!.at, 5)}T15:00:00+07:00` : null}::timestamptz,
      resolve_due = COALESCE(${rDue}::date, resolve_due),
      due_date = CASE WHEN ${!!answered} THEN NULL ELSE COALESCE(${rDue}::date, resolve_due, accept_due) END
      WHERE id = ${c.id}`);
    for (const st of steps) {
      await db.execute(sql`INSERT INTO case_steps (case_id, at, action, status, note, is_public, actor_name, unit_id)
        SELECT ${c.id}, ${`${st.at}T10:00:00+07:00`}::timestamptz, ${st.action}, ${st.status}, ${st.note}, TRUE, 'Cán bộ tiếp nhận', COALESCE(responsible_unit_id, receiving_unit_id) FROM cases WHERE id = ${c.id}`);
    }
  }

  // The confidential denunciation, assigned to the Tam Kỳ Front's chair.
  const denId = await add({ kind: 'denunciation', category: 'OFFICIALS', text: 'Tố cáo cán bộ địa chính phường nhận tiền để hợp thức hóa hồ sơ đất; tôi có chứng cứ kèm theo và đề nghị giữ bí mật danh tính.', area: hot, receivedOn: addDays(today, -3), named: true });
  const chair = await one<{ id: number }>(db, sql`SELECT id FROM users WHERE username = 'mttq.tamky'`);
  if (chair) await db.execute(sql`INSERT INTO case_assignees (case_id, user_id) VALUES (${denId}, ${chair.id}) ON CONFLICT DO NOTHING`);
  void dateVN;
  await writeAudit(sys, { action: 'demo.seed', entity: 'case', after: { cases: created.length, plantedCluster: hot.code, overdue } });
  s.log(`demo: ${created.length} vụ việc (một cụm điểm nóng tại ${hot.type} ${hot.name}, ${tamKy.name})`);
}
