import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { engines } from '../../test/db';
import { createTestApp, ctxFor, login, scopeFixture, type TestApp } from '../../test/app';
import { one, rows } from '../../kernel/db/sql';
import { startJobRunner, waitForJob } from '../../kernel/jobs';
import { systemCtx } from '../../kernel/context';
import { detectHeader, normalizeRow, matchHeader, OccurrenceTable } from './members.import';
import { membersCli } from './members.cli';
import { Readable } from 'node:stream';
import { readRows, runImport, splitCsvLine } from './members.io';
import { loadUnitInfo } from './members.service';
import { makeMemberFile, multipart } from './members.fixtures';
import { attr, readRows as readFileRows } from '../../kernel/import';
import { parseLooseDate } from './members.norms';

describe('import pipeline (pure)', () => {
  const look = { commune: (n: string) => (n.toLowerCase().includes('tam ky') || n.includes('Tam Kỳ') ? { areaId: 7, name: 'Phường Tam Kỳ' } : null), today: '2026-11-26' };
  it('finds the header below title rows and maps Vietnamese headers', () => {
    const d = detectHeader([
      { row: 1, cells: [undefined, 'HỘI LHPN PHƯỜNG TAM KỲ'] },
      { row: 2, cells: [undefined, 'DANH SÁCH HỘI VIÊN NĂM 2026'] },
      { row: 3, cells: [undefined, 'STT', 'Họ và tên', 'Ngày tháng năm sinh', 'Số CCCD', 'Ngày vào Hội', 'Điện thoại', 'Ghi chú'] },
    ]);
    expect(d?.headerRow).toBe(3);
    expect(d?.mapping).toEqual({ 1: null, 2: 'fullName', 3: 'birthDate', 4: 'cccd', 5: 'joinedOn', 6: 'phone', 7: null });
    expect(matchHeader('SỐ CMND/CCCD')).toBe('cccd');
    expect(matchHeader('Họ tên hội viên')).toBe('fullName');
  });
  const mapping = { 1: 'fullName', 2: 'birthDate', 3: 'gender', 4: 'cccd', 5: 'joinedOn', 6: 'address' } as const;
  it('reads dates as Excel serials, dd/mm/yyyy, Date cells and bare years', () => {
    const rows = [32937, '05/03/1990', new Date(Date.UTC(1990, 2, 5)), 1990, '1990'].map((d, i) => normalizeRow(10 + i, [undefined, 'Lê Thị A', d, 'Nữ'], mapping, look));
    expect(rows.map((r) => [r.birthDate, r.birthYear])).toEqual([['1990-03-05', 1990], ['1990-03-05', 1990], ['1990-03-05', 1990], [null, 1990], [null, 1990]]);
    expect(normalizeRow(1, [undefined, 'Lê Thị A', '31/02/1990'], mapping, look).errors[0]).toMatchObject({ field: 'birthDate', key: 'members.import.date_invalid' });
  });
  it('converts a TCVN3 name and flags the row; NFD and capitals are normalized silently', () => {
    const r = normalizeRow(1, [undefined, 'TrÇn ThÞ Mü', '1970', 'Nữ'], mapping, look);
    expect(r.fullName).toBe('Trần Thị Mỹ');
    expect(r.warnings).toEqual([expect.objectContaining({ key: 'members.import.legacy_encoding' })]);
    const v = normalizeRow(1, [undefined, 'Nguyeãn Thò Hoa', '1970', 'Nữ'], mapping, look);
    expect(v.fullName).toBe('Nguyễn Thị Hoa');
    const nfd = normalizeRow(1, [undefined, 'NGUYỄN THỊ hoa'.normalize('NFD'), '1970', 'Nữ'], mapping, look);
    expect(nfd.fullName).toBe('Nguyễn Thị Hoa');
    expect(nfd.warnings).toEqual([]);
  });
  it('checks the CCCD: 12 digits, century/sex digit and year against the row, unknown province prefix only warned', () => {
    expect(normalizeRow(1, [undefined, 'Lê Thị A', '05/03/1990', 'Nữ', '12345'], mapping, look).errors[0].key).toBe('members.cccd.format');
    expect(normalizeRow(1, [undefined, 'Lê Thị A', '05/03/1991', 'Nữ', '048190001234'], mapping, look).errors[0].key).toBe('members.cccd.year_mismatch');
    expect(normalizeRow(1, [undefined, 'Lê Thị A', '05/03/1990', 'Nam', '048190001234'], mapping, look).errors[0].key).toBe('members.cccd.sex_mismatch');
    const unknown = normalizeRow(1, [undefined, 'Lê Thị A', '05/03/1990', 'Nữ', '003190001234'], mapping, look);
    expect(unknown.errors).toEqual([]);
    expect(unknown.warnings[0].key).toBe('members.cccd.prefix_unknown');
    const padded = normalizeRow(1, [undefined, 'Lê Thị A', '05/03/1990', 'Nữ', 48190001234], mapping, look);
    expect(padded.cccd).toBe('048190001234');
  });
  it('finds the commune inside a free-text address', () => {
    expect(normalizeRow(1, [undefined, 'Lê Thị A', '1990', 'Nữ', null, null, 'Tổ 3, khối phố 1, phường Tam Kỳ'], mapping, look).areaId).toBe(7);
  });
  it('reads .xlsx rows (shared strings, inline strings, numbers) without breaking a character across chunks', async () => {
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('x');
    for (let i = 1; i <= 30_000; i++) ws.addRow([i, `Nguyễn Thị Ánh Tuyết ${i}`, 'Nữ', i % 2 ? 32937 : '05/03/1990', 'A & B <c>']).commit();
    ws.commit();
    await wb.commit();
    let n = 0;
    let bad = 0;
    for await (const r of readFileRows({ name: 'x.xlsx', data: Buffer.concat(chunks) })) {
      n++;
      if (r.cells[2] !== `Nguyễn Thị Ánh Tuyết ${r.row}` || r.cells[3] !== 'Nữ' || r.cells[5] !== 'A & B <c>') bad++;
      if (r.row === 1) expect(r.cells.slice(1)).toEqual([1, 'Nguyễn Thị Ánh Tuyết 1', 'Nữ', 32937, 'A & B <c>']);
    }
    expect([n, bad]).toEqual([30_000, 0]);
    const shared = new ExcelJS.Workbook();
    shared.addWorksheet('a').addRows([['Họ và tên', 'Ngày sinh'], ['Trần Thị Mỹ', new Date(Date.UTC(1985, 6, 20))], [null, true]]);
    const got = [];
    for await (const r of readFileRows({ name: 'y.xlsx', data: Buffer.from(await shared.xlsx.writeBuffer()) })) got.push([r.row, r.cells.slice(1)]);
    expect(got).toEqual([[1, ['Họ và tên', 'Ngày sinh']], [2, ['Trần Thị Mỹ', 31248]], [3, [undefined, true]]]);
  });
  it('reads CSV in UTF-8, UTF-16, windows-1258 and the legacy TCVN3 font bytes', async () => {
    const read = async (data: Buffer) => { const out: unknown[][] = []; for await (const r of readRows({ name: 'ds.csv', open: () => Readable.from([data]) })) out.push(r.cells.slice(1)); return out; };
    const text = 'Họ và tên;Năm sinh\nNguyễn Thị Hoa;1990\n';
    const expected = [['Họ và tên', 'Năm sinh'], ['Nguyễn Thị Hoa', '1990']];
    expect(await read(Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(expected);
    // windows-1258 writes tones as combining marks (0xCC grave, 0xDE tilde, 0xF2 dot below) after the letter.
    const cp1258 = Buffer.from([...Buffer.from('Ho', 'latin1'), 0xf2, ...Buffer.from(' va', 'latin1'), 0xcc, ...Buffer.from(' t', 'latin1'), 0xea, ...Buffer.from('n;N', 'latin1'), 0xe3,
      ...Buffer.from('m sinh\nNguy', 'latin1'), 0xea, 0xde, ...Buffer.from('n Thi', 'latin1'), 0xf2, ...Buffer.from(' Hoa;1990\n', 'latin1')]);
    const got = await read(cp1258);
    expect(got.map((r) => r.map((c) => String(c).normalize('NFC')))).toEqual(expected);
    expect(detectHeader([{ row: 1, cells: [undefined, ...got[0]] }])?.mapping).toMatchObject({ 1: 'fullName', 2: 'birthDate' });
    // TCVN3 (.VnTime): one byte per letter; the header is recognized and the name converted (and flagged) later.
    const tcvn3 = Buffer.from('H\u00e4 v\u00b5 t\u00aan;N\u00a8m sinh\nNguy\u00d4n Th\u00de Hoa;1990\n', 'latin1');
    const rowsT = await read(tcvn3);
    const header = detectHeader([{ row: 1, cells: [undefined, ...rowsT[0]] }]);
    expect(header?.mapping).toMatchObject({ 1: 'fullName', 2: 'birthDate' });
    const n = normalizeRow(2, [undefined, ...rowsT[1]], header!.mapping, { commune: () => null, today: '2026-11-26' });
    expect(n.fullName).toBe('Nguyễn Thị Hoa');
    expect(n.warnings.map((w) => w.key)).toContain('members.import.legacy_encoding');
  });

  it('reads cell attributes separated by spaces, tabs or new lines, and only whole names', () => {
    const tag = '<c r="B7" s="3" t="s">';
    expect(attr(tag, 2, tag.length, 'r')).toBe('B7');
    expect(attr(tag, 2, tag.length, 't')).toBe('s');
    expect(attr('<c r="C2">', 2, 9, 't')).toBeUndefined();
    const odd = '<c\n\tr="AA12"\tt="inlineStr">';
    expect(attr(odd, 2, odd.length, 'r')).toBe('AA12');
    expect(attr(odd, 2, odd.length, 't')).toBe('inlineStr');
    expect(attr('<c cr="X" r="D4">', 2, 17, 'r')).toBe('D4');
  });

  it('reads Excel serials and dd/mm/yyyy exactly as the calendar does (against Date)', () => {
    const viaDate = (serial: number) => {
      const dt = new Date(Math.round((serial - 25569) * 86_400_000));
      const y = dt.getUTCFullYear();
      return y < 1900 || y > 2100 ? null : dt.toISOString().slice(0, 10);
    };
    for (let v = 1; v < 80_000; v += 3) expect(parseLooseDate(v)?.date ?? null, String(v)).toBe(v >= 1900 && v <= 2100 ? null : viaDate(v));
    for (const v of [32937.25, 32937.75, 45000.5]) expect(parseLooseDate(v)?.date).toBe(viaDate(v));
    for (let y = 1899; y <= 2101; y += 1) {
      for (const [m, d] of [[2, 28], [2, 29], [2, 30], [4, 31], [12, 31], [13, 1], [1, 0]]) {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const dt = new Date(`${iso}T00:00:00Z`);
        const real = !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === iso && y >= 1900 && y <= 2100 ? iso : null;
        expect(parseLooseDate(`${d}/${m}/${y}`)?.date ?? null, `${d}/${m}/${y}`).toBe(real);
        expect(parseLooseDate(`${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`)?.date ?? null).toBe(real);
      }
    }
    expect(parseLooseDate('5/3/90')).toBeNull();
    expect(parseLooseDate('05/03/19900')).toBeNull();
    expect(parseLooseDate('05-03-1990')).toEqual({ date: '1990-03-05', year: 1990 });
  });

  it('counts occurrences per key like a map, across growth', () => {
    const table = new OccurrenceTable();
    const map = new Map<number, number>();
    let x = 12345;
    for (let i = 0; i < 300_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const key = (i % 7 === 0 ? x % 1000 : x) >>> 2; // many repeats among the first thousand keys
      const before = map.get(key) ?? 0;
      map.set(key, before + 1);
      expect(table.next(key)).toBe(before);
    }
  });

  it('reads CSV cells with line breaks and quotes inside them, one record each', async () => {
    const csv = 'Họ và tên,Địa chỉ,Ghi chú\r\nNguyễn Thị Hoa,"Tổ 3,\r\nkhối phố 1","nói ""có"""\r\nLê Thị Lan,Tổ 5,\r\n';
    const out: { row: number; cells: unknown[] }[] = [];
    for await (const r of readRows({ name: 'ds.csv', open: () => Readable.from([Buffer.from(csv, 'utf8')]) })) out.push({ row: r.row, cells: r.cells.slice(1) });
    expect(out).toEqual([
      { row: 1, cells: ['Họ và tên', 'Địa chỉ', 'Ghi chú'] },
      { row: 2, cells: ['Nguyễn Thị Hoa', 'Tổ 3,\nkhối phố 1', 'nói "có"'] },
      { row: 3, cells: ['Lê Thị Lan', 'Tổ 5', null] },
    ]);
    // A stray quote does not swallow the rest of the file.
    const stray = 'Họ và tên,Năm sinh\n"Trần Thị Mai,1980\n' + 'Phạm Thị Bé,1990\n'.repeat(1000);
    let n = 0;
    for await (const r of readRows({ name: 'x.csv', open: () => Readable.from([Buffer.from(stray, 'utf8')]) })) { void r; n++; }
    expect(n).toBe(1002);
    // …also when the file ends inside the quotes.
    let m = 0;
    for await (const r of readRows({ name: 'y.csv', open: () => Readable.from([Buffer.from('Họ và tên,Năm sinh\nAn,1990\n"Bình,1991\nChi,1992\n', 'utf8')]) })) { void r; m++; }
    expect(m).toBe(4);
  });

  it('splits CSV lines with quotes', () => {
    expect(splitCsvLine('1,"Nguyễn Thị ""Hoa""",05/03/1990,', ',')).toEqual(['1', 'Nguyễn Thị "Hoa"', '05/03/1990', '']);
  });
});

describe.each(engines())('members import on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  let ck: Record<string, string>;
  let stop: () => Promise<void>;
  let file: Buffer;
  let oldCommune: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await scopeFixture(t);
    ck = { officerA: await login(t, f.officerA), officerB: await login(t, f.officerB), supervisorA: await login(t, f.supervisorA) };
    stop = startJobRunner(t.handle.db, t.engine, { pollMs: 50 });
    // A pre-2025 ward that became part of today's Tam Kỳ.
    oldCommune = (await one<{ n: string }>(t.handle.db, sql`SELECT regexp_replace(old_name, '^(Xã|Phường|Thị trấn) ', '') AS n FROM area_mappings
      WHERE new_code = '20341' AND old_name IS NOT NULL AND old_code <> '20341' ORDER BY old_code LIMIT 1`))!.n;
    file = await makeMemberFile(oldCommune);
  });
  afterAll(async () => { await stop?.(); await t?.close(); });

  const upload = async (cookie: string, name = 'ds-hoi-vien.xlsx', data = file) => {
    const m = multipart(name, data);
    const r = await t.req('POST', '/api/files', { cookie, body: m.body, headers: m.headers });
    expect(r.statusCode).toBe(201);
    return r.json().id as number;
  };

  it('previews: header row, mapping, normalized rows, errors and the duplicate', async () => {
    const fileId = await upload(ck.officerA);
    const r = await t.req('POST', '/api/members/import/preview', { cookie: ck.officerA, body: { fileId, unitId: f.branchA.id } });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.headerRow).toBe(3);
    expect(p.columns.map((c: { field: string | null }) => c.field)).toEqual([null, 'fullName', 'birthDate', 'gender', 'cccd', 'phone', 'address', 'joinedOn']);
    const byRow = (n: number) => p.rows.find((x: { row: number }) => x.row === n);
    expect(byRow(5).values.fullName).toBe('Trần Thị Mỹ');
    expect(byRow(5).warnings.map((w: { message: string }) => w.message).join(' ')).toMatch(/TCVN3/);
    expect(byRow(5).warnings.map((w: { message: string }) => w.message).join(' ')).toContain(oldCommune);
    expect(byRow(7).duplicate).toMatchObject({ kind: 'file', reason: 'cccd', otherRow: 4 });
    expect(byRow(8).errors[0]).toMatchObject({ field: 'cccd', message: 'Số CCCD phải gồm đúng 12 chữ số.' });
    expect(byRow(9).errors[0]).toMatchObject({ field: 'gender', message: 'Tổ chức chỉ kết nạp nữ.' });
    expect(byRow(6).values).toMatchObject({ birthDate: null, birthYear: 1978 });
    // Another commune's officer cannot import into this unit, nor use this file.
    expect((await t.req('POST', '/api/members/import/preview', { cookie: ck.officerB, body: { fileId, unitId: f.branchA.id } })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/members/import/preview', { cookie: ck.officerB, body: { fileId, unitId: f.branchB.id } })).statusCode).toBe(404);
    expect((await t.req('POST', '/api/members/import', { cookie: ck.supervisorA, body: { fileId, unitId: f.branchA.id } })).statusCode).toBe(403);
  });

  it('imports as a job: good rows kept, every bad row reported with a downloadable .xlsx; a re-run changes nothing', async () => {
    const fileId = await upload(ck.officerA);
    const started = await t.req('POST', '/api/members/import', { cookie: ck.officerA, body: { fileId, unitId: f.branchA.id, duplicates: 'merge' } });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(t.handle.db, started.json().jobId);
    expect(job.error?.slice(-600) ?? null).toBeNull();
    expect(job.status).toBe('done');
    const res = job.result as { inserted: number; updated: number; skipped: number; rejected: number; errors: { row: number; field: string; message: string }[] };
    expect({ inserted: res.inserted, updated: res.updated, skipped: res.skipped, rejected: res.rejected }).toEqual({ inserted: 3, updated: 1, skipped: 0, rejected: 2 });
    expect(res.errors.map((e) => [e.row, e.field, e.message])).toEqual([[8, 'cccd', 'Số CCCD phải gồm đúng 12 chữ số.'], [9, 'gender', 'Tổ chức chỉ kết nạp nữ.']]);
    const people = await rows<{ fullName: string; cccd: string | null; phone: string | null; birthYear: number; areaCode: string | null }>(t.handle.db, sql`
      SELECT p.full_name AS "fullName", p.cccd, p.phone, p.birth_year AS "birthYear", a.code AS "areaCode" FROM member_people p LEFT JOIN areas a ON a.id = p.area_id ORDER BY p.id`);
    expect(people).toEqual([
      { fullName: 'Nguyễn Thị Hoa', cccd: '048190001234', phone: '0905123456', birthYear: 1990, areaCode: '20341' },
      { fullName: 'Trần Thị Mỹ', cccd: null, phone: '0905111222', birthYear: 1985, areaCode: '20341' },
      { fullName: 'Lê Thị Lan', cccd: '049178001111', phone: null, birthYear: 1978, areaCode: null },
    ]);
    const flags = await one<{ flags: { code: string }[]; joinedOn: string }>(t.handle.db, sql`SELECT flags, joined_on AS "joinedOn" FROM memberships WHERE full_name = 'Trần Thị Mỹ'`);
    expect(flags!.flags.map((x) => x.code)).toContain('members.import.legacy_encoding');
    expect(flags!.joinedOn).toBe('2010-01-01');
    // The reject report.
    const dl = await t.req('GET', `/api/jobs/${job.id}/file`, { cookie: ck.officerA });
    expect(dl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.rawPayload as never);
    const sheet = wb.worksheets[0];
    const cells = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1, 4));
    expect(cells[0]).toEqual(['Dòng', 'Lỗi', 'STT']);
    expect(cells.slice(1).map((c) => c[0])).toEqual([8, 9]);
    // The field by its name, not its code ("cccd:"): the file is for the person who typed the list.
    expect(String(cells[1][1])).toMatch(/Số CCCD: Số CCCD phải gồm đúng 12 chữ số/);
    expect(String(cells[1][1])).not.toMatch(/\b(cccd|gender|birthDate):/);
    expect((await t.req('GET', `/api/jobs/${job.id}/file`, { cookie: ck.officerB })).statusCode).toBe(404);
    const audit = await one<{ after: Record<string, unknown> }>(t.handle.db, sql`SELECT after FROM audit_log WHERE action = 'members.import' ORDER BY id DESC LIMIT 1`);
    expect(audit!.after).toMatchObject({ inserted: 3, updated: 1, rejected: 2 });

    const again = await t.req('POST', '/api/members/import', { cookie: ck.officerA, body: { fileId, unitId: f.branchA.id, duplicates: 'merge' } });
    const job2 = await waitForJob(t.handle.db, again.json().jobId);
    expect(job2.result).toMatchObject({ inserted: 0, updated: 0, skipped: 4, rejected: 2 });
    expect((await one<{ n: number }>(t.handle.db, sql`SELECT count(*)::int AS n FROM memberships`))!.n).toBe(3);
  });

  it('the duplicate choices: skip, and new (impossible for the same CCCD, so reported)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['Họ và tên', 'Năm sinh', 'Giới tính', 'Số CCCD']);
    ws.addRow(['Nguyễn Thị Hoa', '05/03/1990', 'Nữ', '048190001234']);
    ws.addRow(['Võ Thị Sen', '1960', 'Nữ', null]);
    ws.addRow(['Võ Thị Sen', '1960', 'Nữ', null]);
    const fileId = await upload(ck.officerA, 'lan2.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const j = await t.req('POST', '/api/members/import', { cookie: ck.officerA, body: { fileId, unitId: f.branchA.id, duplicates: 'new', overrides: { '3': 'skip' } } });
    const done = await waitForJob(t.handle.db, j.json().jobId);
    expect(done.result).toMatchObject({ inserted: 2, updated: 0, skipped: 0, rejected: 1, errors: [expect.objectContaining({ row: 2, field: 'cccd' })] });
    const sen = await rows(t.handle.db, sql`SELECT id FROM member_people WHERE full_name = 'Võ Thị Sen'`);
    expect(sen).toHaveLength(2);
    const j2 = await t.req('POST', '/api/members/import', { cookie: ck.officerA, body: { fileId, unitId: f.branchA.id, duplicates: 'new' } });
    expect((await waitForJob(t.handle.db, j2.json().jobId)).result).toMatchObject({ inserted: 0, skipped: 2, rejected: 1 });
  });

  it('exports the list as a job (masked for an aggregate reader) and serves the template', async () => {
    const j = await t.req('POST', '/api/members/export', { cookie: ck.supervisorA, body: { unit: f.communeA.id } });
    expect(j.statusCode).toBe(202);
    const job = await waitForJob(t.handle.db, j.json().jobId);
    expect(job.result).toEqual({ rows: 5 });
    const dl = await t.req('GET', `/api/jobs/${job.id}/file`, { cookie: ck.supervisorA });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.rawPayload as never);
    const values = wb.worksheets[0].getSheetValues().slice(2).map((r) => (r as unknown[])[5]);
    expect(values.every((v) => v === '' || v == null || String(v).startsWith('•'))).toBe(true);
    const tpl = await t.req('GET', '/api/members/import/template', { cookie: ck.officerA });
    expect(tpl.statusCode).toBe(200);
    const tw = new ExcelJS.Workbook();
    await tw.xlsx.load(tpl.rawPayload as never);
    const rowsTpl = tw.worksheets[0].getSheetValues().slice(1).map((r) => ({ row: 0, cells: r as unknown[] })).map((r, i) => ({ ...r, row: i + 1 }));
    expect(detectHeader(rowsTpl)?.headerRow).toBe(3);
  });

  it('CLI: members import prints the exact JSON summary; members export writes the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-members-'));
    const p = path.join(dir, 'ds.xlsx');
    fs.writeFileSync(p, file);
    const out: string[] = [];
    const env = { handle: t.handle, config: {} as never, ctx: systemCtx(t.handle.db, t.engine), print: (s: string) => out.push(s) };
    const imp = membersCli.find((c) => c.name === 'members import')!;
    expect(await imp.run([p, '--unit', f.branchB.code, '--organization', 'PHUNU', '--json'], env)).toBe(0);
    const s = JSON.parse(out.pop()!);
    expect(Object.keys(s)).toEqual(['inserted', 'updated', 'skipped', 'rejected', 'errors']);
    // The same people already belong to branch A: each of them is reported, nothing is moved silently.
    expect(s.rejected).toBe(6);
    expect(s.errors.filter((e: { field: string }) => e.field === 'unit').map((e: { row: number }) => e.row)).toEqual([4, 5, 6, 7]);
    expect(await imp.run([p, '--unit', f.branchB.code, '--organization', 'DOAN', '--json'], env)).toBe(2);
    const exp = membersCli.find((c) => c.name === 'members export')!;
    const xl = path.join(dir, 'out.xlsx');
    expect(await exp.run(['--unit', f.communeA.code, '--out', xl], env)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xl);
    expect(wb.worksheets[0].rowCount).toBe(6);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(engines())('members import batches on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp(engine); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('decides the same, row for row, whatever the batch size (duplicates across batches are found in the registry)', async () => {
    const data = await makeMemberFile('Không Có');
    // The importer is the unit's officer: a person out of her reach would not be filled in.
    const actor = (await ctxFor(t, f.officerA)).actor;
    const run = async (batchSize: number) => runImport({
      db: t.handle.db, locale: 'vi', actor, requestId: 't', batchSize, options: { duplicates: 'merge' },
      source: { name: 'ds.xlsx', open: () => Readable.from([data]) }, target: (await loadUnitInfo(t.handle.db, f.branchA.id))!,
    });
    // Rows 4 and 7 share a CCCD: with one row per batch, row 7 meets row 4 as a committed person.
    const first = await run(1);
    expect({ inserted: first.inserted, updated: first.updated, skipped: first.skipped, rejected: first.rejected }).toEqual({ inserted: 3, updated: 1, skipped: 0, rejected: 2 });
    const people = await rows<{ n: number; cccd: number }>(t.handle.db, sql`SELECT count(*)::int AS n, count(cccd)::int AS cccd FROM member_people`);
    expect(people[0]).toEqual({ n: 3, cccd: 2 });
    const again = await run(1000);
    expect({ inserted: again.inserted, updated: again.updated, skipped: again.skipped, rejected: again.rejected }).toEqual({ inserted: 0, updated: 0, skipped: 4, rejected: 2 });
    // The database holds what the references require: a membership cannot point at a missing person.
    await expect(t.handle.db.execute(sql`INSERT INTO memberships (person_id, organization_id, unit_id, full_name, name_fold, started_on)
      VALUES (-5, ${f.branchA.organizationId}, ${f.branchA.id}, 'x', 'x', '2026-01-01')`)).rejects.toThrow();
    await expect(t.handle.db.execute(sql`DELETE FROM member_people`)).rejects.toThrow();
  });
});

describe('members import statistics on PGlite', () => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof scopeFixture>>;
  beforeAll(async () => { t = await createTestApp('pglite'); f = await scopeFixture(t); });
  afterAll(async () => { await t?.close(); });

  it('refreshes the planner statistics after a large import (PGlite has no autovacuum)', async () => {
    const given = ['Hoa', 'Lan', 'Mai', 'Hồng', 'Thu', 'Thảo'];
    let csv = 'Họ và tên,Năm sinh,Giới tính\n';
    for (let i = 0; i < 1200; i++) csv += `Nguyễn Thị ${given[i % 6]} ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)},${1960 + (i % 40)},Nữ\n`;
    const stats = async () => (await one<{ n: number }>(t.handle.db, sql`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'memberships'`))!.n;
    expect(await stats()).toBeLessThan(1000);
    const r = await runImport({
      db: t.handle.db, engine: 'pglite', locale: 'vi', actor: null, requestId: 't', options: { duplicates: 'merge' },
      source: { name: 'ds.csv', open: () => Readable.from([Buffer.from(csv, 'utf8')]) }, target: (await loadUnitInfo(t.handle.db, f.branchA.id))!,
    });
    expect(r.inserted).toBe(1200);
    expect(await stats()).toBeGreaterThanOrEqual(1000);
  });
});
