// The Slurm backend without a cluster: how jobs become arrays, the #SBATCH lines, quoting that
// survives bash, and submit.sh's decisions in --dry-run. test/engines/slurm.test.ts runs it for real.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sbatchLines } from '../../backends/slurm/sbatch.js';
import { planUnits } from '../../backends/slurm/units.js';
import { shqLine } from '../../ir/shell.js';
import type { Job, Resources, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { runCli } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';

function chain(width: number, resourcesOf: (i: number) => Resources | undefined = () => undefined): Workflow {
  const wf = createWorkflow('w', 'ir', []);
  wf.steps = ['a', 'b'].map((id) => ({ id, name: id, inputs: [], outputs: [], fanout: [], resources: { cpus: 1 }, environment: {}, labels: [] }));
  const jobs: Job[] = [];
  for (let i = 0; i < width; i++) {
    const own = resourcesOf(i);
    jobs.push({ id: `a${String(i).padStart(5, '0')}`, step: 'a', binding: {}, inputs: [], outputs: [`a${i}`], after: [], command: { argv: ['touch', `a${i}`] }, ...(own ? { resources: own } : {}) });
    jobs.push({ id: `b${String(i).padStart(5, '0')}`, step: 'b', binding: {}, inputs: [`a${i}`], outputs: [`b${i}`], after: [], command: { argv: ['cp', `a${i}`, `b${i}`] } });
  }
  wf.jobs = jobs;
  wf.files = jobs.flatMap((j) => j.outputs).map((id) => ({ id, kind: 'file' }));
  return canonicalize(wf);
}

describe('Slurm units', () => {
  it('makes one array per step and level, in dependency order', () => {
    const units = planUnits(chain(3), 1000);
    expect(units.map((u) => [u.name, u.level, u.tasks.length])).toEqual([
      ['a', 0, 3],
      ['b', 1, 3],
    ]);
  });

  it("splits arrays at the site's limit, and steps whose jobs ask for different resources", () => {
    expect(planUnits(chain(2500), 1000).map((u) => [u.name, u.tasks.length])).toEqual([
      ['a_part1', 1000],
      ['a_part2', 1000],
      ['a_part3', 500],
      ['b_part1', 1000],
      ['b_part2', 1000],
      ['b_part3', 500],
    ]);
    const mixed = planUnits(chain(4, (i) => (i % 2 === 0 ? { cpus: 8 } : undefined)), 1000);
    expect(mixed.map((u) => [u.name, u.resources.cpus, u.tasks.map((t) => t.jobs[0]!.id).join(',')])).toEqual([
      ['a_r1', 1, 'a00001,a00003'],
      ['a_r2', 8, 'a00000,a00002'],
      ['b', 1, 'b00000,b00001,b00002,b00003'],
    ]);
  });

  it('runs a horizontal cluster as one task, for as long as its jobs take together', () => {
    const wf = chain(5);
    const clustered = canonicalize({ ...wf, steps: wf.steps.map((s) => ({ ...s, resources: { walltimeSeconds: 600 } })), clusters: [{ id: 'c', kind: 'horizontal', jobs: ['a00000', 'a00001', 'a00002'] }] });
    const [a] = planUnits(clustered, 1000);
    expect(a!.tasks.map((t) => t.jobs.length)).toEqual([3, 1, 1]);
    expect(a!.resources.walltimeSeconds).toBe(1800);
  });

  it('writes #SBATCH lines for resources and placement', () => {
    const unit = { ...planUnits(chain(1), 1000)[0]!, resources: { cpus: 2.5, memoryBytes: 3 * 2 ** 30, walltimeSeconds: 90_000, gpus: 2, gpuType: 'a100', diskBytes: 2 ** 30 }, placement: { provider: 'slurm' as const, partition: 'gpu', account: 'proj', qos: 'high' } };
    expect(sbatchLines(unit)).toEqual([
      '--job-name=a',
      '--output=.wfc-slurm/logs/a-%A_%a.log',
      '--cpus-per-task=3',
      '--mem=3G',
      '--time=1-01:00:00',
      '--gres=gpu:a100:2',
      '--tmp=1G',
      '--partition=gpu',
      '--account=proj',
      '--qos=high',
    ]);
  });
});

describe('quoting for task lists', () => {
  it('gives bash back every word exactly, one line each, whatever it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary', minLength: 0, maxLength: 12 }).map((s) => s.replace(/\0/g, '')), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 }), (lines) => {
        const text = lines.map((words) => words.map(shqLine).join(' ')).join('\n');
        expect(text.split('\n')).toHaveLength(lines.length);
        // Each line comes back as its word count, then its words, all NUL-terminated: NUL is the one
        // byte no word can hold, so the framing never collides with what is being checked.
        const out = execFileSync('bash', ['-c', 'while IFS= read -r line; do eval "set -- $line"; printf "%s\\0" "$#" "$@"; done'], { input: `${text}\n`, encoding: 'utf8' });
        const fields = out.split('\0').slice(0, -1);
        const back: string[][] = [];
        for (let i = 0; i < fields.length; i += 1 + Number(fields[i])) back.push(fields.slice(i + 1, i + 1 + Number(fields[i])));
        expect(back).toEqual(lines);
      }),
      { numRuns: 60 },
    );
  });
});

describe('submit.sh', () => {
  it('is valid bash in every corpus case, as are the step scripts', async () => {
    for (const c of corpusCases()) {
      const out = join(tempDir(), 'o');
      const r = await runCli(['convert', c.input, ...c.args, '--to', 'slurm', '--out', out, '-q'], c.dir);
      expect(r.code, r.stderr).toBe(0);
      for (const script of ['submit.sh', ...readSteps(out)]) {
        const check = spawnSync('bash', ['-n', join(out, script)], { encoding: 'utf8' });
        expect(check.status, `${c.name}/${script}: ${check.stderr}`).toBe(0);
      }
    }
  });

  it('submits what is missing and what depends on it (--dry-run)', async () => {
    const c = corpusCase('smk-fanout20');
    const out = join(tempDir(), 'o');
    expect((await runCli(['convert', c.input, '--to', 'slurm', '--out', out, '-q'], c.dir)).code).toBe(0);
    const work = tempDir();
    const dry = () => execFileSync('bash', [join(out, 'submit.sh'), '--dry-run'], { cwd: work, encoding: 'utf8' });
    expect(dry()).toBe(
      'would submit make: tasks 0-19\n' +
        'would submit square: tasks 0-19 (aftercorr:0, by unit number)\n' +
        'would submit total: tasks 0-19 (aftercorr:1, by unit number)\n' +
        'would submit summary: tasks 0 (afterok:2, by unit number)\n',
    );
    // Everything made except one square: only it, its total and the summary remain.
    for (const dir of ['data', 'squares', 'totals', 'results']) mkdirSync(join(work, dir));
    for (let i = 1; i <= 20; i++) {
      const s = `s${String(i).padStart(2, '0')}`;
      for (const dir of ['data', 'squares', 'totals']) if (!(dir !== 'data' && s === 's05')) writeFileSync(join(work, dir, `${s}.txt`), '');
    }
    expect(dry()).toBe('would submit square: tasks 4\nwould submit total: tasks 4 (aftercorr:1, by unit number)\nwould submit summary: tasks 0 (afterok:2, by unit number)\n');
    writeFileSync(join(work, 'squares/s05.txt'), '');
    writeFileSync(join(work, 'totals/s05.txt'), '');
    writeFileSync(join(work, 'results/summary.txt'), '');
    expect(execFileSync('bash', [join(out, 'submit.sh')], { cwd: work, encoding: 'utf8' })).toBe('nothing to submit: every output exists\n');
    const bad = spawnSync('bash', [join(out, 'submit.sh'), '--bogus'], { cwd: work, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^submit.sh: unknown option --bogus\nUsage: submit.sh \[--wait\] \[--dry-run\] \[--workdir DIR\]/);
  });
});

function readSteps(out: string): string[] {
  return execFileSync('ls', [join(out, 'steps')], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.sh'))
    .map((f) => `steps/${f}`);
}
