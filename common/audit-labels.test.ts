/**
 * Every action code the server writes to the audit log has a label in both languages, and so does
 * every entity code: the audit page never shows `movements.form.approve` or `case_routing_rule`.
 * The codes are read from the server's sources, so a new `writeAudit` without a label fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, actorLabel, auditActionLabel } from './audit-labels';
import { CASE_ACTIONS } from './petitions';

const SERVER = path.resolve(__dirname, '..', 'server');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** `action: 'x.y'` and `entity: 'z'` of audit entries (dotted actions only: case steps like 'answer' are not audit codes). */
function auditCodes(): { actions: Set<string>; entities: Set<string> } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const f of sources(SERVER)) {
    const text = fs.readFileSync(f, 'utf8');
    if (!text.includes('writeAudit')) continue;
    // (not a parameter's type: `action: 'movements.read' | 'reports.fill'`)
    for (const m of text.matchAll(/action: '([a-z_]+\.[a-z_.]+)'(?! \|)/g)) actions.add(m[1]);
    for (const m of text.matchAll(/action: '[^']+', entity: '([a-z_]+)'/g)) entities.add(m[1]);
    // Codes built from a list: members' status changes and case steps.
    if (text.includes('action: `members.${action}`')) {
      const block = /const TRANSITIONS[^=]*= \{([\s\S]*?)\n\};/.exec(text)?.[1] ?? '';
      const keys = [...block.matchAll(/^\s+([a-z_]+):/gm)].map((m) => m[1]);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) actions.add(`members.${k}`);
    }
    if (text.includes('action: `cases.${input.action}`')) for (const a of CASE_ACTIONS) actions.add(`cases.${a}`);
  }
  return { actions, entities };
}

describe('audit labels', () => {
  const { actions, entities } = auditCodes();

  it('finds the codes in the server (the scan itself works)', () => {
    expect(actions.has('units.create')).toBe(true);
    expect(actions.has('members.suspend')).toBe(true);
    expect(actions.has('cases.answer')).toBe(true);
    expect(entities.has('form')).toBe(true);
  });

  it('labels every action code in Vietnamese and English', () => {
    const missing = [...actions].filter((a) => !AUDIT_ACTION_LABELS[a]?.vi || !AUDIT_ACTION_LABELS[a]?.en);
    expect(missing).toEqual([]);
  });

  it('labels every entity code in Vietnamese and English', () => {
    const missing = [...entities].filter((e) => !AUDIT_ENTITY_LABELS[e]?.vi || !AUDIT_ENTITY_LABELS[e]?.en);
    expect(missing).toEqual([]);
  });

  it('a label is never the code itself, and the two languages differ', () => {
    for (const [code, l] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(l.vi).not.toBe(code);
      expect(l.en).not.toBe(l.vi);
    }
  });

  it('reads labels by language; the server itself is "Hệ thống"/"System", never "system"', () => {
    expect(auditActionLabel('movements.form.approve', 'vi')).toBe('Duyệt báo cáo');
    expect(auditActionLabel('movements.form.approve', 'en')).toBe('Report approved');
    expect(auditActionLabel('some.future_code', 'vi')).toBe('some.future_code');
    expect(actorLabel('system', 'vi')).toBe('Hệ thống');
    expect(actorLabel(null, 'en')).toBe('System');
    expect(actorLabel('Phạm Văn Minh', 'en')).toBe('Phạm Văn Minh');
  });
});
