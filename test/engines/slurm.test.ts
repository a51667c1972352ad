// wfc's Slurm output on a real Slurm cluster (../shared/slurm-local; .ci/run starts it and sets
// WFC_REQUIRE_SLURM=1, so that a cluster that is not up fails here instead of skipping).
//
// Cases marked `slurm` are submitted with `submit.sh --wait`; the files they make must be the files
// Snakemake makes running the same Snakefile locally (or, for other sources, the files a plain
// local run of the same jobs makes), byte for byte.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { runLocally, slurmAvailable, SLURM_REQUIRED, submitAndWait } from '../helpers/slurm.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { concreteIr, convertTo, copyCase, made, reference } from '../helpers/engines.js';

const available = slurmAvailable();
const RUN_TIMEOUT = 300_000;
/** Scratch directories, and what the engine writes besides the workflow's files. */
const PREFIX = 'wfc-slurm-';
const OWN = '.wfc-slurm/';

describe.runIf(SLURM_REQUIRED && !available)('Slurm', () => {
  it('is up (CI starts ../shared/slurm-local)', () => {
    expect(available, 'sinfo finds no Slurm node up').toBe(true);
  });
});

describe.runIf(available)('Slurm runs what wfc makes', () => {
  for (const c of corpusCases().filter((x) => x.slurm)) {
    it(`${c.name}: the same files as ${c.run ? 'Snakemake' : 'a local run'}`, async () => {
      const before = new Set(listTree(c.dir).filter((f) => !f.startsWith('expected/')));
      const ref = await reference(c, before, PREFIX, OWN);

      const work = copyCase(c.dir, PREFIX);
      const slurm = await convertTo('slurm', c.input, c.args, work);
      const r = submitAndWait(join(slurm, 'submit.sh'), work);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/all \d+ tasks completed/);

      const ours = made(work, before, OWN);
      expect(ours).toEqual(ref.files);
      for (const f of ref.files) expect(readFileSync(join(work, f), 'utf8'), f).toBe(readFileSync(join(ref.dir, f), 'utf8'));
    }, RUN_TIMEOUT);
  }

  it('a failed job cancels what depends on it, and submitting again completes the rest without redoing finished work', async () => {
    const c = corpusCase('smk-fanout20');
    const work = copyCase(c.dir, PREFIX);
    const slurm = await convertTo('slurm', c.input, c.args, work);
    // A directory where square_s07 writes its file makes that job fail.
    mkdirSync(join(work, 'squares/s07.txt'), { recursive: true });
    const first = submitAndWait(join(slurm, 'submit.sh'), work);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const failed = /failed: job square_s07 \(square, Slurm job (\d+)_6, FAILED[^)]*\): see (\S+)/.exec(first.stderr);
    expect(failed, first.stderr).not.toBeNull();
    expect(readFileSync(failed![2]!, 'utf8')).toMatch(/wfc: job square_s07 failed with exit code 1/);
    expect(first.stderr).toMatch(/cancelled: job total_s07 \(total, /);
    expect(first.stderr).toMatch(/cancelled: job summary \(summary, /);
    expect(first.stderr).toMatch(/3 of 61 tasks did not complete/);
    // Only what depends on the failed job was held back.
    expect(existsSync(join(work, 'totals/s08.txt'))).toBe(true);
    expect(existsSync(join(work, 'totals/s07.txt'))).toBe(false);
    expect(existsSync(join(work, 'squares/s07.txt')), 'the failed output is removed').toBe(false);

    const finished = listTree(work).filter((f) => /^(data|squares|totals)\//.test(f));
    const mtimes = new Map(finished.map((f) => [f, statSync(join(work, f)).mtimeMs]));
    const second = submitAndWait(join(slurm, 'submit.sh'), work);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/submitted square: Slurm job \d+ \(tasks 6\)/);
    expect(second.stdout).toMatch(/submitted total: Slurm job \d+ \(tasks 6\)/);
    expect(second.stdout).toMatch(/all 3 tasks completed/);
    for (const [f, t] of mtimes) expect(statSync(join(work, f)).mtimeMs, `${f} was made again`).toBe(t);

    // Each sample's line: its name and the sum of the squares of 1..n.
    const expected = Array.from({ length: 20 }, (_, i) => `s${String(i + 1).padStart(2, '0')} ${((i + 1) * (i + 2) * (2 * i + 3)) / 6}`).sort();
    expect(readFileSync(join(work, 'results/summary.txt'), 'utf8')).toBe(`${expected.join('\n')}\n`);
    const third = submitAndWait(join(slurm, 'submit.sh'), work);
    expect(third.stdout).toMatch(/nothing to submit/);
  }, RUN_TIMEOUT);

  it('file and sample names with spaces, quotes, $, ; and unicode survive', async () => {
    const alphabet = ['a', 'Z', '7', ' ', "'", '"', '$', ';', '&', '|', '*', '(', ')', '\\', '#', '!', '`', '-', 'é', 'ß', '日', '🙂'];
    const names = fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 8 }), { numRuns: 12, seed: 2026 });
    const items = [...new Set([...names, 'a b', "it's", '$HOME;rm -rf x', 'ünï ☃'])].filter((n) => n !== '.' && n !== '..');
    const wf = oddNamesWorkflow(items);
    const setUp = () => {
      const dir = tempDir('wfc-odd-');
      writeFileSync(join(dir, 'odd.ir.json'), JSON.stringify(wf));
      mkdirSync(join(dir, 'raw'));
      for (const n of items) writeFileSync(join(dir, 'raw', `${n}.txt`), `${n}\n`);
      return dir;
    };
    const before = new Set(listTree(setUp()));
    const ref = setUp();
    runLocally(await concreteIr('odd.ir.json', [], ref), ref);

    const work = setUp();
    const slurm = await convertTo('slurm', 'odd.ir.json', [], work);
    const r = submitAndWait(join(slurm, 'submit.sh'), work);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ours = made(work, before, OWN);
    expect(ours).toEqual(made(ref, before, OWN));
    for (const n of items) expect(readFileSync(join(work, 'doubled', `${n}.txt`), 'utf8'), n).toBe(`${n}\n${n}\n`);
    for (const f of ours) expect(readFileSync(join(work, f), 'utf8'), f).toBe(readFileSync(join(ref, f), 'utf8'));
  }, RUN_TIMEOUT);
});

/** Copy each raw file, double it, gather them all: every name reaches argv, manifests and logs. */
function oddNamesWorkflow(items: string[]): object {
  const port = (name: string, pattern: string, cardinality: 'one' | 'many', from?: object[]) => ({ name, kind: 'file', cardinality, pattern, ...(from ? { from } : {}) });
  const step = (id: string, program: string, args: object[], inputs: object[], outputs: object[], fanout: string[]) => ({
    id,
    name: id,
    command: { kind: 'tool', program, args },
    inputs,
    outputs,
    fanout,
    resources: { cpus: 1 },
    environment: {},
    labels: [],
  });
  return {
    wfc: 1,
    name: 'odd-names',
    params: {},
    domains: [{ id: 'item', values: items, origin: 'ir' }],
    steps: [
      step('copy', 'cp', [{ input: 'in' }, { output: 'out' }], [port('in', 'raw/{item}.txt', 'one', [{ input: 'raw' }])], [port('out', 'copied/{item}.txt', 'one')], ['item']),
      step(
        'double',
        'sh',
        [{ text: '-c' }, { text: 'cat "$1" "$1" > "$2"' }, { text: 'sh' }, { input: 'in' }, { output: 'out' }],
        [port('in', 'copied/{item}.txt', 'one', [{ step: 'copy', port: 'out' }])],
        [port('out', 'doubled/{item}.txt', 'one')],
        ['item'],
      ),
      step(
        'gather',
        'sh',
        [{ text: '-c' }, { text: 'cat "$@" > all.txt' }, { text: 'sh' }, { input: 'in' }],
        [port('in', 'doubled/{item}.txt', 'many', [{ step: 'double', port: 'out' }])],
        [port('out', 'all.txt', 'one')],
        [],
      ),
    ],
    inputs: [{ id: 'raw', name: 'raw', kind: 'file', pattern: 'raw/{item}.txt' }],
    outputs: [{ step: 'gather', port: 'out' }],
    jobs: [],
    files: [],
    targets: [],
    source: { format: 'ir', files: [] },
    losses: [],
  };
}
