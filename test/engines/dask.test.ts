// wfc's Scalable output run for real: `python3 workflow.py` on a Dask LocalCluster (Debian's
// python3-distributed), and on a running scheduler the driver connects to. Cases that run on a real
// engine (those marked `slurm`) must make the files Snakemake makes running the same Snakefile (or,
// for other sources, the files a plain local run of the same jobs makes), byte for byte. Without a
// Python that has `distributed` the tests are skipped, unless WFC_REQUIRE_DASK=1 (CI).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { DASK_REQUIRED, daskPython } from '../helpers/python.js';
import { runLocally } from '../helpers/slurm.js';
import { listTree, tempDir } from '../helpers/tmp.js';
import { concreteIr, convertTo, copyCase, made, reference } from '../helpers/engines.js';

const py = daskPython();
const RUN_TIMEOUT = 180_000;
/** Scratch directories, and what the engine writes besides the workflow's files. */
const PREFIX = 'wfc-dask-';
const OWN = '.wfc-dask/';

interface DriverRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function runDriver(driver: string, cwd: string, args: string[] = [], env: Record<string, string> = {}): DriverRun {
  const started = process.hrtime.bigint();
  const r = spawnSync(py!, [driver, ...args], { cwd, encoding: 'utf8', timeout: RUN_TIMEOUT, env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, seconds };
}

describe.runIf(DASK_REQUIRED && !py)('Dask', () => {
  it('is installed (WFC_REQUIRE_DASK=1: python3 with distributed, Debian python3-distributed)', () => {
    expect(py, 'no python3 on PATH can import distributed').toBeDefined();
  });
});

describe.skipIf(!py)(py ? 'Dask runs what wfc makes' : 'Dask runs what wfc makes (skipped: no python3 with distributed; apt-get install python3-distributed)', () => {
  for (const c of corpusCases().filter((x) => x.slurm)) {
    it(`${c.name}: the same files as ${c.run ? 'Snakemake' : 'a local run'}`, async () => {
      const before = new Set(listTree(c.dir).filter((f) => !f.startsWith('expected/')));
      const ref = await reference(c, before, PREFIX, OWN);

      const work = copyCase(c.dir, PREFIX);
      const out = await convertTo('scalable', c.input, c.args, work);
      const r = runDriver(join(out, 'workflow.py'), work);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const jobs = /all (\d+) jobs completed/.exec(r.stdout);
      expect(jobs, r.stdout).not.toBeNull();
      console.log(`dask: ${c.name}: ${jobs![1]} jobs in ${r.seconds.toFixed(2)} s`);

      const ours = made(work, before, OWN);
      expect(ours).toEqual(ref.files);
      for (const f of ref.files) expect(readFileSync(join(work, f), 'utf8'), f).toBe(readFileSync(join(ref.dir, f), 'utf8'));

      // Run again: every job is up to date, temporary files removed or not.
      const again = runDriver(join(out, 'workflow.py'), work);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/wfc: nothing to run/);
    }, RUN_TIMEOUT);
  }

  it('a failed job makes the driver exit non-zero, naming it and its stderr; what does not depend on it completes', async () => {
    const c = corpusCase('smk-fanout20');
    const work = copyCase(c.dir, PREFIX);
    const out = await convertTo('scalable', c.input, c.args, work);
    // A directory where square_s07 writes its file makes that job fail.
    mkdirSync(join(work, 'squares/s07.txt'), { recursive: true });
    const r = runDriver(join(out, 'workflow.py'), work);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/wfc: job square_s07 failed with exit code 1; its stderr \(\.wfc-dask\/logs\/\d+-square_s07\.err\) ends with:\n {2}\| .*squares\/s07\.txt: Is a directory/);
    expect(r.stderr).toMatch(/not run: job total_s07, which waits for job square_s07/);
    expect(r.stderr).toMatch(/not run: job summary, which waits for job square_s07/);
    expect(r.stderr).toMatch(/4 of 62 jobs did not complete/);
    expect(existsSync(join(work, 'totals/s08.txt'))).toBe(true);
    expect(existsSync(join(work, 'totals/s07.txt'))).toBe(false);
    expect(existsSync(join(work, 'results/summary.txt'))).toBe(false);
  }, RUN_TIMEOUT);

  it('refuses to start without its inputs, naming them', async () => {
    const c = corpusCase('smk-inputfuncs');
    const out = await convertTo('scalable', c.input, c.args, copyCase(c.dir, PREFIX));
    const r = runDriver(join(out, 'workflow.py'), tempDir('wfc-dask-empty-'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/input data\/alpha\.r1\.txt is missing; run the driver from the directory that holds the workflow's inputs/);
  }, RUN_TIMEOUT);

  it('connects to a running scheduler whose workers offer the component tags', async () => {
    const c = corpusCase('napkin-wordcount');
    const before = new Set(listTree(c.dir).filter((f) => !f.startsWith('expected/')));
    const ref = await reference(c, before, PREFIX, OWN);
    const work = copyCase(c.dir, PREFIX);
    const out = await convertTo('scalable', c.input, c.args, work);
    const components = Object.keys((JSON.parse(tableOf(readFileSync(join(out, 'workflow.py'), 'utf8'))) as { components: object }).components);
    // A cluster in another process, as `dask worker --resources` would start one, that lives until its stdin closes.
    const cluster = spawn(py!, ['-c', CLUSTER, JSON.stringify(components)], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let text = '';
        cluster.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        cluster.on('exit', (code) => reject(new Error(`the cluster exited with ${code}`)));
      });
      const r = runDriver(join(out, 'workflow.py'), work, [], { DASK_SCHEDULER_ADDRESS: address });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/no worker offers/);
      console.log(`dask: ${c.name} on a running scheduler: ${r.seconds.toFixed(2)} s`);
      expect(made(work, before, OWN)).toEqual(ref.files);
    } finally {
      cluster.stdin.end();
    }
  }, RUN_TIMEOUT);
});

describe.skipIf(!py)('Dask runs jobs whatever their names hold', () => {
  it('file and item names with spaces, quotes, $(), leading dashes and unicode survive', async () => {
    const alphabet = ['a', 'Z', '7', ' ', "'", '"', '$', '(', ')', ';', '&', '|', '*', '\\', '#', '!', '`', '-', 'é', '日', '🙂'];
    const names = fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 8 }), { numRuns: 10, seed: 2026 });
    const items = [...new Set([...names, '-rf', '$(touch pwned)', "it's", 'ünï ☃'])].filter((n) => n !== '.' && n !== '..');
    const setUp = () => {
      const dir = tempDir('wfc-dask-odd-');
      writeFileSync(join(dir, 'odd.ir.json'), JSON.stringify(oddNamesWorkflow(items)));
      mkdirSync(join(dir, 'raw'));
      for (const n of items) writeFileSync(join(dir, 'raw', `${n}.txt`), `${n}\n`);
      return dir;
    };
    const before = new Set(listTree(setUp()));
    const ref = setUp();
    runLocally(await concreteIr('odd.ir.json', [], ref), ref);
    const work = setUp();
    const out = await convertTo('scalable', 'odd.ir.json', [], work);
    const r = runDriver(join(out, 'workflow.py'), work);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ours = made(work, before, OWN);
    expect(ours).toEqual(made(ref, before, OWN));
    expect(existsSync(join(work, 'pwned'))).toBe(false);
    for (const n of items) expect(readFileSync(join(work, 'doubled', `${n}.txt`), 'utf8'), n).toBe(`${n}\n${n}\n`);
    for (const f of ours) expect(readFileSync(join(work, f), 'utf8'), f).toBe(readFileSync(join(ref, f), 'utf8'));
  }, RUN_TIMEOUT);
});

/** Copy each raw file, double it with a shell script, gather them all. */
function oddNamesWorkflow(items: string[]): object {
  const port = (name: string, pattern: string, cardinality: 'one' | 'many', from?: object[]) => ({ name, kind: 'file', cardinality, pattern, ...(from ? { from } : {}) });
  const step = (id: string, program: string, args: object[], inputs: object[], outputs: object[], fanout: string[]) => ({
    id, name: id, command: { kind: 'tool', program, args }, inputs, outputs, fanout, resources: { cpus: 1 }, environment: {}, labels: [],
  });
  return {
    wfc: 1, name: 'odd names', params: {}, domains: [{ id: 'item', values: items, origin: 'ir' }],
    steps: [
      step('copy', 'cp', [{ text: '--' }, { input: 'in' }, { output: 'out' }], [port('in', 'raw/{item}.txt', 'one', [{ input: 'raw' }])], [port('out', 'copied/{item}.txt', 'one')], ['item']),
      step('double', 'bash', [{ text: '-c' }, { text: 'cat -- "$1" "$1" > "$2"' }, { text: 'bash' }, { input: 'in' }, { output: 'out' }], [port('in', 'copied/{item}.txt', 'one', [{ step: 'copy', port: 'out' }])], [port('out', 'doubled/{item}.txt', 'one')], ['item']),
      step('gather', 'bash', [{ text: '-c' }, { text: 'cat -- "$@" > all.txt' }, { text: 'bash' }, { input: 'in' }], [port('in', 'doubled/{item}.txt', 'many', [{ step: 'double', port: 'out' }])], [port('out', 'all.txt', 'one')], []),
    ],
    inputs: [{ id: 'raw', name: 'raw', kind: 'file', pattern: 'raw/{item}.txt' }],
    outputs: [{ step: 'gather', port: 'out' }], jobs: [], files: [], targets: [], source: { format: 'ir', files: [] }, losses: [],
  };
}

const CLUSTER = [
  'import json, logging, sys',
  'from distributed import LocalCluster',
  'tags = json.loads(sys.argv[1])',
  'cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", resources={t: 1 for t in tags}, scheduler_port=0, dashboard_address=None, silence_logs=logging.ERROR)',
  'print(cluster.scheduler_address, flush=True)',
  'sys.stdin.read()',
  'cluster.close()',
].join('\n');

function tableOf(driver: string): string {
  const start = driver.indexOf('json.loads(r"""\n') + 'json.loads(r"""\n'.length;
  return driver.slice(start, driver.indexOf('\n""")', start));
}
