/**
 * Each anomaly rule catches a planted case and stays quiet on clean data. Clean data: 10 sibling
 * units, 12 periods of history, figures that vary ±15 % around each unit's own level (the way the
 * demo generates them), per-capita figures that differ between units by up to 2×.
 */
import { describe, it, expect } from 'vitest';
import { runRules, valuesHash, isRound, median, significantDigits, type CheckIndicator, type CheckInput } from './checks';
import { prng } from './movements.demo';

const ind = (id: number, code: string, o: Partial<CheckIndicator> = {}): CheckIndicator => ({
  id, code, valueType: 'integer', aggregation: 'sum', measure: 'ngày công', rules: {}, perCapitaIndicatorId: null, source: null, sourceMode: null, ...o,
});
const INDS = [
  ind(1, 'HO', { aggregation: 'latest', measure: 'hộ' }),
  ind(2, 'NGAY_CONG', { perCapitaIndicatorId: 1 }),
  ind(3, 'KM', { valueType: 'number', measure: 'km' }),
  ind(4, 'M_DUONG', { measure: 'm' }),
  ind(5, 'DAT', { valueType: 'number', measure: 'm²' }),
  ind(6, 'TIEN', { valueType: 'number', measure: 'đồng' }),
  ind(7, 'HO_VH', { aggregation: 'latest', measure: 'hộ', rules: { min: 0, lte: ['HO'] } }),
  ind(8, 'TL1', { valueType: 'percent', aggregation: 'weighted_avg', measure: '%', rules: { max: 100 } }),
  ind(9, 'TL2', { valueType: 'percent', aggregation: 'weighted_avg', measure: '%' }),
  ind(10, 'TL3', { valueType: 'percent', aggregation: 'weighted_avg', measure: '%' }),
  ind(11, 'MEMBERS', { source: 'test.members', sourceMode: 'check', measure: 'người' }),
];
const indicators = new Map(INDS.map((i) => [i.id, i]));

/** A clean unit's figures for one period. */
function figures(r: () => number, level: { hh: number; act: number }): Map<number, number> {
  const n = () => 0.85 + r() * 0.3;
  const odd = (x: number) => { const v = Math.max(1, Math.round(x)); return v % 10 === 0 ? v + 3 : v; };
  const hh = level.hh;
  return new Map([
    [1, hh], [2, odd(hh * 2.6 * level.act * n())], [3, Math.round(level.act * 4 * n() * 10) / 10], [4, odd(hh * 1.9 * level.act * n())],
    [5, Math.round(hh * 3.7 * level.act * n() * 10) / 10], [6, Math.round(hh * 420_000 * n() / 100_000) * 100_000], [7, Math.round(hh * (0.85 + r() * 0.1))],
    [8, Math.round((80 + r() * 15) * 10) / 10], [9, Math.round((85 + r() * 12) * 10) / 10], [10, Math.round((75 + r() * 20) * 10) / 10],
    [11, Math.round(hh * 0.8)],
  ]);
}

function world(seed: number) {
  const r = prng(seed);
  const units = Array.from({ length: 10 }, () => ({ hh: Math.round(150 + r() * 300), act: 0.7 + r() * 0.6 }));
  const periods = Array.from({ length: 13 }, () => units.map((u) => figures(r, u)));
  return { units, periods };
}

function inputFor(w: ReturnType<typeof world>, unit: number, over: Partial<CheckInput> = {}, values?: Map<number, number>): CheckInput {
  const now = values ?? w.periods[12][unit];
  const history = new Map<number, number[]>();
  for (const id of indicators.keys()) history.set(id, w.periods.slice(0, 12).reverse().map((p) => p[unit].get(id)!));
  return {
    indicators,
    values: new Map([...now].map(([id, v]) => [id, { value: v, entered: id !== 11 || true }])),
    history,
    peers: w.units.map((_, i) => i).filter((i) => i !== unit).map((i) => ({ unitId: i, values: new Map(w.periods[12][i]) })),
    records: new Map([[11, now.get(11)!]]),
    copies: [],
    ...over,
  };
}

describe('anomaly rules', () => {
  it('stay quiet on clean data (10 units × 5 independent worlds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const w = world(seed);
      for (let u = 0; u < w.units.length; u++) expect(runRules(inputFor(w, u)), `seed ${seed} unit ${u}`).toEqual([]);
    }
  });

  it('history: a jump far outside the unit’s own past', () => {
    const w = world(7);
    const v = new Map(w.periods[12][3]);
    v.set(3, Math.round(v.get(3)! * 6 * 10) / 10); // km of road ×6 (siblings not yet reported)
    const flags = runRules(inputFor(w, 3, { peers: [] }, v));
    expect(flags.map((f) => [f.rule, f.indicatorId])).toEqual([['history', 3]]);
    expect(flags[0].params.value).toBe(v.get(3));
    // Four earlier periods are the minimum: with three, no verdict.
    const short = inputFor(w, 3, { peers: [] }, v);
    short.history.set(3, short.history.get(3)!.slice(0, 3));
    expect(runRules(short).filter((f) => f.rule === 'history')).toEqual([]);
  });

  it('peers: far outside sibling units per capita (per household)', () => {
    const w = world(8);
    const v = new Map(w.periods[12][4]);
    v.set(2, v.get(2)! * 5 + 1); // labour days per household ×5 (and no history to compare)
    const input = inputFor(w, 4, { history: new Map() }, v);
    expect(runRules(input).map((f) => [f.rule, f.indicatorId])).toEqual([['peers', 2]]);
    // Same total but for a unit with 5× the households: per capita it is normal.
    const big = new Map(v);
    big.set(1, v.get(1)! * 5);
    big.set(7, Math.round(big.get(1)! * 0.9));
    big.set(11, Math.round(big.get(1)! * 0.8));
    const flags = runRules({ ...inputFor(w, 4, { history: new Map() }, big), records: new Map([[11, big.get(11)!]]) });
    expect(flags.filter((f) => f.rule === 'peers' && f.indicatorId === 2)).toEqual([]);
  });

  it('records: a typed figure that differs from the registry', () => {
    const w = world(9);
    const input = inputFor(w, 1);
    input.records = new Map([[11, Math.round(w.periods[12][1].get(11)! / 1.5)]]);
    expect(runRules(input).map((f) => [f.rule, f.indicatorId])).toEqual([['records', 11]]);
    // Within tolerance (10 %): quiet.
    input.records = new Map([[11, Math.round(w.periods[12][1].get(11)! * 0.95)]]);
    expect(runRules(input)).toEqual([]);
  });

  it('validation: min, max and "≤ another indicator"', () => {
    const w = world(10);
    const v = new Map(w.periods[12][2]);
    v.set(7, v.get(1)! + 12); // cultural households > households
    let flags = runRules(inputFor(w, 2, { history: new Map() }, v));
    expect(flags.map((f) => [f.rule, f.indicatorId, f.params.check])).toEqual([['validation', 7, 'lte']]);
    v.set(7, -1);
    flags = runRules(inputFor(w, 2, { history: new Map(), peers: [] }, v));
    expect(flags.map((f) => [f.rule, f.params.check])).toEqual([['validation', 'min']]);
    const v2 = new Map(w.periods[12][2]);
    v2.set(8, 120);
    flags = runRules(inputFor(w, 2, { history: new Map() }, v2));
    expect(flags.map((f) => [f.rule, f.indicatorId, f.params.check])).toEqual([['validation', 8, 'max']]);
  });

  it('copied: the same flow figures as another unit or another period', () => {
    const w = world(11);
    const flags = runRules(inputFor(w, 5, { copies: [{ formId: 9, unitName: 'Tổ dân phố 3', periodKey: '2026-Q3', sameUnit: false }] }));
    expect(flags.map((f) => f.rule)).toEqual(['copied']);
    expect(flags[0].params).toMatchObject({ acrossUnits: true, acrossPeriods: false });
    // The hash that finds copies: equal for equal flows, blind to stocks, null with too few figures.
    const row = (id: number, value: number, aggregation: 'sum' | 'latest' = 'sum') => ({ indicatorId: id, value, entered: true, aggregation, valueType: 'integer' as const });
    const h1 = valuesHash([row(2, 512), row(3, 4.25), row(4, 377), row(1, 300, 'latest')]);
    expect(h1).not.toBeNull();
    expect(h1).toBe(valuesHash([row(4, 377), row(2, 512), row(3, 4.25), row(1, 999, 'latest')]));
    expect(h1).not.toBe(valuesHash([row(2, 512), row(3, 4.35), row(4, 377)]));
    expect(valuesHash([row(2, 512), row(3, 0), row(4, 0)])).toBeNull();
    // Low-detail figures (1 bridge, 0.5 km, 173 days) coincide by chance: no hash.
    expect(valuesHash([row(2, 1), row(3, 0.5), row(4, 173)])).toBeNull();
    expect(significantDigits(50_800_000)).toBe(3);
    expect(significantDigits(0.45)).toBe(2);
    expect(significantDigits(173)).toBe(3);
  });

  it('round numbers everywhere (amounts in đồng excepted)', () => {
    const w = world(12);
    const v = new Map(w.periods[12][6]);
    v.set(1, 300); v.set(2, 800); v.set(4, 1200); v.set(5, 2500); v.set(7, 270);
    const flags = runRules(inputFor(w, 6, { history: new Map(), peers: [], records: new Map() }, v));
    expect(flags.map((f) => f.rule)).toEqual(['round']);
    expect(isRound(1200)).toBe(true);
    expect(isRound(1230)).toBe(false);
    expect(isRound(70)).toBe(true);
    expect(isRound(7)).toBe(false);
    expect(isRound(12.5)).toBe(false);
  });

  it('100 % everywhere', () => {
    const w = world(13);
    const v = new Map(w.periods[12][7]);
    v.set(8, 100); v.set(9, 100); v.set(10, 100);
    expect(runRules(inputFor(w, 7, { history: new Map() }, v)).map((f) => f.rule)).toEqual(['all100']);
    v.set(10, 99.5);
    expect(runRules(inputFor(w, 7, { history: new Map() }, v))).toEqual([]);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
