/**
 * Access is decided by the kernel from each module's declared policy, never by a module's own code:
 * no module file outside its `*.policy.ts` throws a hand-written 403 or calls `can(` directly.
 * `NOT_YET_MOVED` lists the files still to be moved onto policies; it may only shrink — a file that
 * no longer decides access must leave the list, and no new file may join it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../modules');
const NOT_YET_MOVED = new Set([
  'areas/areas.service.ts',
  'members/members.io.ts', 'members/members.ratingsheet.ts', 'members/members.service.ts',
  'organizations/organizations.service.ts', 'units/units.service.ts', 'users/users.service.ts',
]);
const decidesAccess = /AppError\(\s*'FORBIDDEN'|(?<![\w.])can\(/;

function moduleFiles(): string[] {
  const out: string[] = [];
  for (const mod of fs.readdirSync(root, { withFileTypes: true })) {
    if (!mod.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(root, mod.name))) {
      if (f.endsWith('.ts') && !/\.(test|policy)\.ts$/.test(f)) out.push(`${mod.name}/${f}`);
    }
  }
  return out.sort();
}

describe('access decided in one place', () => {
  it('no module file decides access itself, outside its policy', () => {
    const deciding = moduleFiles().filter((f) => decidesAccess.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(deciding.filter((f) => !NOT_YET_MOVED.has(f))).toEqual([]);
    // A moved file leaves the list, so the list tells the truth.
    expect([...NOT_YET_MOVED].filter((f) => !deciding.includes(f))).toEqual([]);
  });
});
