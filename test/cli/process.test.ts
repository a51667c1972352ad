// The real executable, as a shell runs it: exit codes, no stack traces, and no half-written output
// when interrupted.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { sharedPath } from '../helpers/paths.js';
import { listTree, tempDir } from '../helpers/tmp.js';

function wfc(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
}

describe('the wfc executable', () => {
  it('exits 0, 1 and 2 as documented, without stack traces', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.drawio'), '<mxfile><diagram>\n<oops></mxfile>');
    expect(wfc(['--version'], dir).status).toBe(0);
    const bad = wfc(['convert', 'bad.drawio', '--to', 'pegasus', '--out', 'o'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/error\[SYN002\]: malformed XML/);
    expect(bad.stderr).toMatch(/--> bad.drawio:2:/);
    expect(bad.stderr).not.toMatch(/\n\s+at [\w.<>]+ \(/);
    const usage = wfc(['convert', 'bad.drawio'], dir);
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at [\w.<>]+ \(/);
  });

  it('leaves either nothing or the whole tree when interrupted', async () => {
    const trace = sharedPath('corpus/wfinstances/pegasus/montage/montage-chameleon-dss-15d-001.json');
    const dir = tempDir();
    const args = [BIN, 'convert', trace, '--to', 'pegasus,wfformat,ir', '--out'];
    expect(spawnSync(process.execPath, [...args, 'reference', '-q'], { cwd: dir }).status).toBe(0);
    const reference = listTree(join(dir, 'reference'));
    for (const [i, delay] of [150, 300, 450, 600, 900].entries()) {
      const out = `run${i}`;
      const child = spawn(process.execPath, [...args, out, '-q'], { cwd: dir, stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      await exited;
      expect(readdirSync(dir).filter((f) => f.startsWith('.wfc-tmp'))).toEqual([]);
      if (existsSync(join(dir, out))) {
        expect(listTree(join(dir, out))).toEqual(reference);
        for (const f of reference) expect(readFileSync(join(dir, out, f), 'utf8')).toBe(readFileSync(join(dir, 'reference', f), 'utf8'));
      }
    }
  });
});
