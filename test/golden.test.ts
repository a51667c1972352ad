// Every corpus case, converted to every target, compared byte for byte with its golden files in
// expected/. `npm run golden:update` rewrites them on purpose (WFC_UPDATE_GOLDEN=1).

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../backends/registry.js';
import { corpusCases } from './helpers/corpus.js';
import { runCli } from './helpers/run.js';

const UPDATE = process.env.WFC_UPDATE_GOLDEN === '1';
const TARGETS = BACKENDS.map((b) => b.target).join(',');

function files(root: string): Map<string, { text: string; executable: boolean }> {
  const out = new Map<string, { text: string; executable: boolean }>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.set(relative(root, full).split(sep).join('/'), { text: readFileSync(full, 'utf8'), executable: (st.mode & 0o100) !== 0 });
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

describe('golden files', () => {
  for (const c of corpusCases()) {
    it(`${c.name} → ${TARGETS}`, async () => {
      const expected = join(c.dir, 'expected');
      if (UPDATE) {
        rmSync(expected, { recursive: true, force: true });
        const r = await runCli(['convert', c.input, ...c.args, '--to', TARGETS, '--out', 'expected', '--quiet'], c.dir);
        expect(r.code, r.stderr).toBe(0);
        return;
      }
      const out = mkdtempSync(join(tmpdir(), 'wfc-golden-'));
      const r = await runCli(['convert', c.input, ...c.args, '--to', TARGETS, '--out', join(out, 'o'), '--quiet'], c.dir);
      expect(r.code, r.stderr).toBe(0);
      const got = files(join(out, 'o'));
      const want = files(expected);
      expect([...got.keys()], 'the set of files').toEqual([...want.keys()]);
      for (const [path, file] of got) {
        expect(file.text, `${c.name}/expected/${path}`).toBe(want.get(path)!.text);
        expect(file.executable, `${path} executable`).toBe(want.get(path)!.executable);
      }
      // The same through --check, as a user's CI would run it.
      const check = await runCli(['convert', c.input, ...c.args, '--to', TARGETS, '--out', 'expected', '--check', '--quiet'], c.dir);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      rmSync(out, { recursive: true, force: true });
    });
  }
});
