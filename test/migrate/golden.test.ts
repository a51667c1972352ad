// Every migration in corpus/migrations, compared byte for byte with its golden artifacts and both
// reports (Markdown and JSON). `npm run golden:update` rewrites them on purpose.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationCases } from '../helpers/corpus.js';
import { runCli } from '../helpers/run.js';

const UPDATE = process.env.WFC_UPDATE_GOLDEN === '1';

function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

describe('golden migrations', () => {
  for (const c of migrationCases()) {
    it(`${c.name}: ${c.args.join(' ')}`, async () => {
      const where = UPDATE ? join(c.dir, 'expected') : join(mkdtempSync(join(tmpdir(), 'wfc-migrate-')), 'expected');
      if (UPDATE) rmSync(where, { recursive: true, force: true });
      const out = join(where, 'artifacts');
      const md = await runCli(['migrate', c.input, ...c.args, '--out', out, '--report', join(where, 'report.md'), '--quiet'], c.cwd);
      expect(md.code, md.stderr).toBe(0);
      const json = await runCli(['migrate', c.input, ...c.args, '--out', out, '--report', join(where, 'report.json'), '--quiet', '--force'], c.cwd);
      expect(json.code, json.stderr).toBe(0);
      if (UPDATE) return;
      const got = files(where);
      const want = files(join(c.dir, 'expected'));
      expect([...got.keys()], 'the set of files').toEqual([...want.keys()]);
      for (const [path, text] of got) expect(text, `${c.name}/expected/${path}`).toBe(want.get(path));
      // The report and the artifacts agree: every artifact the report calls changed differs on disk from the "before" rendering.
      const report = JSON.parse(got.get('report.json')!) as { artifacts: { path: string; status: string }[]; diff: string };
      for (const a of report.artifacts.filter((x) => x.status !== 'unchanged')) expect(report.diff).toContain(a.status === 'removed' ? `a/${a.path}` : `b/${a.path}`);
      // A user's CI checks the same way.
      const check = await runCli(['migrate', c.input, ...c.args, '--out', join(c.dir, 'expected/artifacts'), '--report', join(c.dir, 'expected/report.md'), '--check', '--quiet'], c.cwd);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      rmSync(where, { recursive: true, force: true });
    });
  }
});
