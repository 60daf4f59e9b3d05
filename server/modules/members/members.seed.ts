/**
 * Demo members: plausible Vietnamese names (family-name frequencies of the national surveys), ages
 * and organizations (women in the Women's Union, young people in the Youth Union, farmers, veterans),
 * in the demo province's residential branches and communes, with a little history and last year's ratings.
 */
import { sql } from 'drizzle-orm';
import type { SeedContext } from '../../kernel/module';
import { rows } from '../../kernel/db/sql';
import { fold } from '../../kernel/text';
import type { Db } from '../../kernel/db/types';

const FAMILY: [string, number][] = [['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Huỳnh', 5], ['Phan', 4.5], ['Võ', 4], ['Trương', 2.5], ['Đặng', 2],
  ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Đoàn', 1], ['Lương', 0.8], ['Mai', 0.6], ['Lý', 0.5], ['Đinh', 0.5], ['Tô', 0.3]];
const FEMALE_MID = ['Thị', 'Thị', 'Thị', 'Thị', 'Thị Thu', 'Thị Kim', 'Thị Ngọc', 'Thị Minh', 'Ngọc', 'Thanh', 'Thị Mỹ', 'Thị Hồng'];
const MALE_MID = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Hữu', 'Công', 'Quang', 'Ngọc', 'Thanh', 'Xuân', 'Tấn'];
const FEMALE = ['Hoa', 'Lan', 'Hương', 'Mai', 'Hạnh', 'Thủy', 'Ngọc', 'Trang', 'Linh', 'Hằng', 'Nga', 'Phương', 'Thảo', 'Yến', 'Loan', 'Hồng', 'Liên', 'Dung',
  'Tuyết', 'Nhung', 'Vân', 'Xuân', 'Oanh', 'Hiền', 'Thu', 'Huệ', 'Lý', 'Ánh', 'Diệu', 'Hà', 'My', 'Vy', 'Nhi', 'Tâm', 'Bích', 'Sương'];
const MALE = ['Hùng', 'Dũng', 'Minh', 'Nam', 'Tuấn', 'Hải', 'Sơn', 'Long', 'Bình', 'Phúc', 'Thành', 'Tâm', 'Quang', 'Tài', 'Lộc', 'Trung', 'Hiếu', 'Khoa',
  'Đức', 'Thắng', 'Vinh', 'Cường', 'Huy', 'Phong', 'Toàn', 'Nhân', 'Tín', 'Hòa', 'An', 'Khánh'];
const OCC = ['Nông nghiệp', 'Buôn bán', 'Công nhân', 'Nội trợ', 'Cán bộ, công chức', 'Giáo viên', 'Lao động tự do', 'Học sinh, sinh viên', 'Hưu trí', 'Ngư dân'];

/** A small seeded generator (mulberry32): the same seed gives the same demo data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Org = { code: string; share: number; gender: (r: () => number) => 'female' | 'male'; age: [number, number] };
const ORGS: Org[] = [
  { code: 'PHUNU', share: 0.4, gender: () => 'female', age: [18, 75] },
  { code: 'NONGDAN', share: 0.25, gender: (r) => (r() < 0.6 ? 'male' : 'female'), age: [20, 70] },
  { code: 'DOAN', share: 0.2, gender: (r) => (r() < 0.5 ? 'male' : 'female'), age: [16, 30] },
  { code: 'CCB', share: 0.15, gender: (r) => (r() < 0.92 ? 'male' : 'female'), age: [45, 85] },
];

export type GenPerson = {
  fullName: string; gender: 'female' | 'male'; birthDate: string; cccd: string; phone: string; ethnicity: string; religion: string;
  occupation: string; education: string; partyMember: boolean; veteran: boolean;
};

/** A person of an organization, born to fit its age range as of `year`. */
export function makePerson(r: () => number, o: { gender: 'female' | 'male'; age: [number, number]; year: number; cccdSeq: number; veteran?: boolean }): GenPerson {
  const pick = <T,>(a: T[]) => a[Math.floor(r() * a.length)];
  let x = r() * FAMILY.reduce((s, f) => s + f[1], 0);
  let fam = FAMILY[0][0];
  for (const [n, w] of FAMILY) { if ((x -= w) <= 0) { fam = n; break; } }
  const female = o.gender === 'female';
  const fullName = `${fam} ${pick(female ? FEMALE_MID : MALE_MID)} ${pick(female ? FEMALE : MALE)}`;
  const age = o.age[0] + Math.floor(r() * (o.age[1] - o.age[0] + 1));
  const y = o.year - age;
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const century = y >= 2000 ? 2 : 0;
  const cccd = `${r() < 0.6 ? '049' : '048'}${century + (female ? 1 : 0)}${String(y % 100).padStart(2, '0')}${String(o.cccdSeq % 1_000_000).padStart(6, '0')}`;
  const e = r();
  const rel = r();
  return {
    fullName, gender: o.gender, birthDate, cccd, phone: `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
    ethnicity: e < 0.965 ? 'Kinh' : e < 0.99 ? 'Cơ Tu' : 'Hoa',
    religion: rel < 0.8 ? 'Không' : rel < 0.95 ? 'Phật giáo' : rel < 0.99 ? 'Công giáo' : 'Cao Đài',
    occupation: age < 23 ? 'Học sinh, sinh viên' : pick(OCC), education: pick(['9/12', '12/12', '12/12', 'Trung cấp', 'Cao đẳng', 'Đại học']),
    partyMember: r() < (age > 40 ? 0.12 : 0.04), veteran: !!o.veteran,
  };
}

export async function seedMembers(s: SeedContext): Promise<void> {
  const raw = s.options.members;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : 3000;
  if (n <= 0) return;
  const db = s.handle.db;
  const r = rng(20261126);
  const year = 2026;
  const units = await rows<{ id: number; code: string; org: string; orgId: number; areaId: number | null; depth: number; commune: string }>(db, sql`
    SELECT u.id, u.code, o.code AS org, o.id AS "orgId", u.area_id AS "areaId", u.depth, split_part(u.code, '-', 2) AS commune
    FROM units u JOIN organizations o ON o.id = u.organization_id
    WHERE o.code IN ('PHUNU', 'NONGDAN', 'DOAN', 'CCB') AND u.depth >= 2 AND u.closed_at IS NULL AND u.code LIKE ${'%-%'}`);
  const areaOf = new Map((await rows<{ id: number; code: string }>(db, sql`SELECT id, code FROM areas WHERE path <@ ${s.province.path}::ltree AND level = 'commune'`)).map((a) => [a.code, a.id]));
  let seq = 0;
  const people: (GenPerson & { areaId: number | null; id?: number })[] = [];
  const members: { p: number; unitId: number; orgId: number; joined: string; role: string; status: string; ended: string | null; card: string }[] = [];
  for (const org of ORGS) {
    const mine = units.filter((u) => u.org === org.code);
    const branches = mine.filter((u) => u.depth === 3);
    const tamky = mine.filter((u) => u.commune === '20341');
    const communes = mine.filter((u) => u.depth === 2);
    const count = Math.round(n * org.share);
    for (let i = 0; i < count; i++) {
      // A third in Tam Kỳ (the demo users' commune), most in residential branches, some directly in commune bodies.
      const x = r();
      const unit = x < 0.33 && tamky.length ? tamky[Math.floor(r() * tamky.length)] : x < 0.8 && branches.length ? branches[Math.floor(r() * branches.length)] : communes[Math.floor(r() * communes.length)];
      if (!unit) continue;
      const p = makePerson(r, { gender: org.gender(r), age: org.age, year, cccdSeq: ++seq * 7919, veteran: org.code === 'CCB' });
      const birthYear = Number(p.birthDate.slice(0, 4));
      const joinYear = Math.min(year, birthYear + org.age[0] + Math.floor(r() * 8));
      const joined = `${joinYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const st = r();
      const status = st < 0.03 ? 'left' : st < 0.04 ? 'deceased' : st < 0.05 ? 'suspended' : 'active';
      const ended = status === 'left' || status === 'deceased' ? `${year - (r() < 0.5 ? 1 : 0)}-0${1 + Math.floor(r() * 9)}-15` : null;
      people.push({ ...p, areaId: areaOf.get(unit.commune) ?? null });
      members.push({ p: people.length - 1, unitId: unit.id, orgId: unit.orgId, joined: ended && joined > ended ? `${joinYear - 1}-01-01` : joined,
        role: r() < 0.08 ? 'core' : r() < 0.03 ? 'officer' : 'member', status, ended, card: `${org.code.slice(0, 2)}${String(members.length + 1).padStart(7, '0')}` });
      // A woman farmer is often in the Women's Union and the Farmers' Association too.
      if (org.code === 'PHUNU' && r() < 0.15) {
        const nd = units.find((u) => u.org === 'NONGDAN' && u.commune === unit.commune && u.depth === unit.depth);
        if (nd) members.push({ p: people.length - 1, unitId: nd.id, orgId: nd.orgId, joined, role: 'member', status: 'active', ended: null, card: `NO${String(members.length + 1).padStart(7, '0')}` });
      }
    }
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const p = <K extends keyof (typeof people)[number]>(k: K) => sql.param(people.map((x) => x[k]));
    for (let off = 0; off < people.length; off += 5000) {
      const chunk = people.slice(off, off + 5000);
      const c = <K extends keyof (typeof people)[number]>(k: K) => sql.param(chunk.map((x) => x[k]));
      void p;
      const ids = await rows<{ id: number }>(tx, sql`INSERT INTO member_people (full_name, name_fold, birth_date, birth_year, gender, ethnicity, religion, cccd, phone, area_id, occupation, education, party_member, veteran)
        SELECT * FROM unnest(${c('fullName')}::text[], ${sql.param(chunk.map((x) => fold(x.fullName)))}::text[], ${c('birthDate')}::date[], ${sql.param(chunk.map((x) => Number(x.birthDate.slice(0, 4))))}::int[],
          ${c('gender')}::text[], ${c('ethnicity')}::text[], ${c('religion')}::text[], ${c('cccd')}::text[], ${c('phone')}::text[], ${c('areaId')}::int[], ${c('occupation')}::text[],
          ${c('education')}::text[], ${c('partyMember')}::bool[], ${c('veteran')}::bool[]) RETURNING id`);
      chunk.forEach((x, i) => { (x as { id?: number }).id = ids[i].id; });
    }
    for (let off = 0; off < members.length; off += 5000) {
      const chunk = members.slice(off, off + 5000);
      const person = (m: (typeof members)[number]) => people[m.p] as GenPerson & { id: number; areaId: number | null };
      await tx.execute(sql`
        WITH ins AS (
          INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, gender, birth_year, joined_on, started_on, ended_on, status, role, card_no)
          SELECT x.pid, x.org, x.uid, x.fn, x.nf, x.g, x.by, x.j, x.j, x.e, x.st, x.role, x.card
          FROM unnest(${sql.param(chunk.map((m) => person(m).id))}::int[], ${sql.param(chunk.map((m) => m.orgId))}::int[], ${sql.param(chunk.map((m) => m.unitId))}::int[],
            ${sql.param(chunk.map((m) => person(m).fullName))}::text[], ${sql.param(chunk.map((m) => fold(person(m).fullName)))}::text[], ${sql.param(chunk.map((m) => person(m).gender))}::text[],
            ${sql.param(chunk.map((m) => Number(person(m).birthDate.slice(0, 4))))}::int[], ${sql.param(chunk.map((m) => m.joined))}::date[], ${sql.param(chunk.map((m) => m.ended))}::date[],
            ${sql.param(chunk.map((m) => m.status))}::text[], ${sql.param(chunk.map((m) => m.role))}::text[], ${sql.param(chunk.map((m) => m.card))}::text[])
            AS x(pid, org, uid, fn, nf, g, by, j, e, st, role, card)
          RETURNING id, person_id, unit_id, joined_on, ended_on, status)
        , ev AS (INSERT INTO member_events (membership_id, person_id, unit_id, kind, on_date, data)
          SELECT id, person_id, unit_id, 'join', joined_on, '{"demo":true}'::jsonb FROM ins)
        INSERT INTO member_events (membership_id, person_id, unit_id, kind, on_date, reason)
        SELECT id, person_id, unit_id, CASE status WHEN 'left' THEN 'leave' ELSE 'death' END, ended_on, CASE status WHEN 'left' THEN 'Chuyển nơi ở' ELSE NULL END
        FROM ins WHERE ended_on IS NOT NULL`);
    }
    // Last year's ratings: most members rated, the usual shape of the distribution.
    await tx.execute(sql`INSERT INTO member_ratings (membership_id, unit_id, year, level)
      SELECT id, unit_id, ${year - 1}, CASE WHEN h < 0.2 THEN 'excellent' WHEN h < 0.7 THEN 'good' WHEN h < 0.95 THEN 'done' ELSE 'not_done' END
      FROM (SELECT id, unit_id, ((id * 2654435761::bigint) % 1000) / 1000.0 AS h FROM memberships WHERE joined_on < ${`${year - 1}-07-01`}::date AND ended_on IS NULL) x
      WHERE (id % 10) <> 0`);
    // Eligible population per commune for each organization: members are 55–85 % of it.
    await tx.execute(sql`INSERT INTO member_eligible (area_id, area_path, organization_id, year, count)
      SELECT a.id, a.path, m.organization_id, y.y, ceil(count(*) / (0.55 + ((a.id * 37 + m.organization_id * 11) % 30) / 100.0))::int
      FROM memberships m JOIN units u ON u.id = m.unit_id JOIN areas a ON a.path @> u.area_path AND a.level = 'commune'
      CROSS JOIN (VALUES (${year}::int), (${year - 1}::int)) AS y(y)
      WHERE m.ended_on IS NULL GROUP BY a.id, a.path, m.organization_id, y.y
      ON CONFLICT DO NOTHING`);
  });
  s.log(`demo: ${people.length} người, ${members.length} lượt hội viên/đoàn viên`);
}
