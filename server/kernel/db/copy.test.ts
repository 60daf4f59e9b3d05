import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines, createTestDb } from '../../test/db';
import type { DbHandle } from './connect';
import type { Db } from './types';
import { rows } from './sql';
import { copyInto, copyText, copyValue } from './copy';

describe('COPY text format', () => {
  it('escapes separators and writes nulls, booleans and JSON', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyValue([{ code: 'x\ty' }])).toBe('[{"code":"x\\\\ty"}]');
    expect(copyText([[1, 'a'], [2, null]])).toBe('1\ta\n2\t\\N\n');
  });
});

describe.each(engines())('copyInto on %s', (engine) => {
  let h: DbHandle;
  beforeAll(async () => { h = await createTestDb(engine); });
  afterAll(async () => { await h?.close(); });

  it('writes awkward values exactly, inside the caller transaction', async () => {
    await h.db.execute(sql`CREATE TABLE copy_probe (id int, label text, ok boolean, data jsonb, on_date date)`);
    const values: unknown[][] = [
      [1, 'Nguyễn Thị Hoa', true, [{ code: 'a' }], '2026-01-02'],
      [2, 'tab\there, new\nline, back\\slash, cr\r', false, { k: 'x\ty' }, null],
      [3, null, null, null, null],
    ];
    await h.db.transaction(async (tx) => { await copyInto(tx as unknown as Db, 'copy_probe', ['id', 'label', 'ok', 'data', 'on_date'], copyText(values)); });
    const got = await rows<{ id: number; label: string | null; ok: boolean | null; data: unknown; onDate: string | null }>(h.db,
      sql`SELECT id, label, ok, data, on_date AS "onDate" FROM copy_probe ORDER BY id`);
    expect(got).toEqual(values.map(([id, label, ok, data, onDate]) => ({ id, label, ok, data, onDate })));
  });

  it('rolls back with the transaction', async () => {
    await expect(h.db.transaction(async (tx) => {
      await copyInto(tx as unknown as Db, 'copy_probe', ['id', 'label'], copyText([[10, 'gone']]));
      throw new Error('stop');
    })).rejects.toThrow('stop');
    expect(await rows(h.db, sql`SELECT id FROM copy_probe WHERE id = 10`)).toEqual([]);
  });
});
