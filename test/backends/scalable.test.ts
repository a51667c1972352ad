// The Scalable backend without a cluster: scalable.yaml against the derived manifest schema for
// every corpus case, components made from resource classes and environments, deployments written
// back, and a driver that Python parses and whose job table Python reads back exactly, whatever the
// names hold. test/engines/dask.test.ts runs the drivers for real.

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backendFor } from '../../backends/registry.js';
import { emitScalable } from '../../backends/scalable/index.js';
import type { BackendResult } from '../../backends/types.js';
import { contextFor, passesFor } from '../../cli/compile.js';
import { hasErrors } from '../../ir/diagnostics.js';
import { tableRange, type DriverTable } from '../../ir/formats/scalable.js';
import type { Job, JobCommand, Step, Workflow } from '../../ir/types.js';
import { formatDaskBytes, parseDaskBytes } from '../../ir/units.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { runPasses } from '../../passes/pass.js';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { daskPython, python } from '../helpers/python.js';
import { emitCase } from '../helpers/run.js';
import { errorsOf, scalableSchema } from '../helpers/schemas.js';

type Manifest = {
  project: { name: string; default_storage?: string };
  targets: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  tasks: Record<string, { component: string; cache?: boolean; outputs?: Record<string, string> }>;
  overlays?: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
};

/** Parses the driver with Python, runs its top level (not main), and returns the table Python holds. */
const READ_BACK = [
  'import ast, json, sys',
  'src = sys.stdin.read()',
  'ast.parse(src)',
  'ns = {"__name__": "driver_check"}',
  'exec(compile(src, "workflow.py", "exec"), ns)',
  'sys.stdout.write(json.dumps(ns["JOB_TABLE"]))',
].join('\n');

function pythonTable(driver: string): DriverTable {
  return JSON.parse(python(READ_BACK, [], driver)) as DriverTable;
}

function validManifest(text: string): Manifest {
  const doc = parse(text) as Manifest;
  const v = scalableSchema();
  expect(v(doc), errorsOf(v)).toBe(true);
  return doc;
}

async function emit(wf: Workflow): Promise<BackendResult> {
  const backend = backendFor('scalable')!;
  const passed = runPasses(canonicalize(wf), await passesFor(backend), contextFor(backend));
  expect(hasErrors(passed.diagnostics), JSON.stringify(passed.diagnostics)).toBe(false);
  return emitScalable(passed.value!);
}

function step(id: string, extra: Partial<Step> = {}): Step {
  return { id, name: id, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [], ...extra };
}

function job(id: string, stepId: string, inputs: string[], outputs: string[], command?: JobCommand): Job {
  return { id, step: stepId, binding: {}, inputs, outputs, after: [], ...(command ? { command } : {}) };
}

/** Steps a, b, c in a chain of files, with the given steps' fields. */
function chain(fields: Partial<Step>[]): Workflow {
  const wf = createWorkflow('chain', 'ir', []);
  wf.steps = fields.map((f, i) => step(String.fromCharCode(97 + i), f));
  wf.jobs = wf.steps.map((s, i) => job(`${s.id}1`, s.id, i === 0 ? [] : [`${wf.steps[i - 1]!.id}.txt`], [`${s.id}.txt`], { argv: ['touch', `${s.id}.txt`] }));
  wf.files = wf.steps.map((s) => ({ id: `${s.id}.txt`, kind: 'file' as const }));
  return wf;
}

describe('Scalable manifest and driver for the corpus', () => {
  for (const c of corpusCases()) {
    it(`${c.name}: scalable.yaml is a valid manifest, workflow.py a driver Python reads`, async () => {
      const files = await emitCase(c, 'scalable');
      const manifest = validManifest(files.get('scalable.yaml')!.text);
      const driver = files.get('workflow.py')!.text;
      const table = pythonTable(driver);
      const range = tableRange(driver)!;
      expect(JSON.parse(driver.slice(range.start, range.end))).toEqual(table);
      const seen = new Set<string>();
      for (const j of table.jobs) {
        expect(manifest.components[j.component], j.component).toBeDefined();
        expect(manifest.tasks[j.task], j.task).toBeDefined();
        for (const a of j.after) expect(seen.has(a), `${j.id} waits for ${a}, listed later`).toBe(true);
        seen.add(j.id);
      }
      for (const t of Object.values(manifest.tasks)) expect(manifest.components[t.component]).toBeDefined();
    });
  }
});

describe('components', () => {
  it('are the resource classes, in Dask notation, with the image of their steps', async () => {
    const files = await emitCase(corpusCase('smk-resources'), 'scalable');
    const m = validManifest(files.get('scalable.yaml')!.text);
    expect(m.components['c16-m15625000K-t1h-g2']).toEqual({ cpus: 16, memory: '16G', image: 'pytorch/pytorch:2.1.0' });
    expect(m.components['c8-m15625000K-t2h-d48828125K']).toEqual({ cpus: 8, memory: '16G' });
    // Steps without CPUs get Scalable's default of one; labels become tags.
    expect(m.components['m3906250K-t1h30m']).toEqual({ cpus: 1, memory: '4G', tags: ['group:calling'] });
    expect(m.tasks.call).toEqual({ component: 'm3906250K-t1h30m' });
    expect(m.targets).toEqual({ local: { provider: 'local' } });
    const table = pythonTable(files.get('workflow.py')!.text);
    // Jobs with resources of their own run on their own component; walltime is the driver's to enforce.
    expect(Object.fromEntries(table.jobs.filter((j) => j.task === 'call').map((j) => [j.id, j.component]))).toEqual({
      call_chr1: 'c4-m3906250K-t1h30m',
      call_chr2: 'c4-m3906250K-t1h30m',
      call_chrX: 'c2-m3906250K-t1h30m',
    });
    expect(table.components['c4-m3906250K-t1h30m']).toEqual({ walltime: 5400 });
    expect(table.jobs.find((j) => j.id === 'call_chr1')!.retries).toBe(2);
  });

  it('say in the ledger what a manifest cannot hold', async () => {
    const c = corpusCase('smk-resources');
    const { parseCase } = await import('../helpers/run.js');
    const { workflow } = await parseCase(c);
    const { losses } = await emit(workflow!);
    const said = losses.map((l) => `${l.construct}: ${l.reason}`).join('\n');
    expect(said).toMatch(/2 GPUs of component "c16-m15625000K-t1h-g2"/);
    expect(said).toMatch(/disk request of component "c8-m15625000K-t2h-d48828125K"/);
    expect(said).toMatch(/component "c4-m3906250K-t1h30m" of 2 jobs with their own resources: no task names it/);
  });

  it('split a class whose steps differ in image, round CPUs up, and keep env and mounts', async () => {
    const wf = chain([
      { resources: { cpus: 1.5 }, environment: { container: { image: 'alpine:3' }, env: { A: '1' }, mounts: { '/data': '/in' } }, labels: ['io', 'scalable:cache'] },
      { resources: { cpus: 1.5 }, environment: { container: { image: 'python:3.12', runtime: 'apptainer' } }, labels: ['io'] },
      { resources: { memoryBytes: 16 * 2 ** 30 } },
    ]);
    const { files, losses } = await emit(wf);
    const m = validManifest(files.get('scalable.yaml')!.text);
    expect(m.components).toEqual({
      'c1.5': { cpus: 2, image: 'alpine:3', env: { A: '1' }, mounts: { '/data': '/in' }, tags: ['io'] },
      'c1.5-2': { cpus: 2, image: 'python:3.12', runtime: 'apptainer', tags: ['io'] },
      m16G: { cpus: 1, memory: '16GiB' },
    });
    expect(m.tasks).toEqual({ a: { component: 'c1.5', cache: true }, b: { component: 'c1.5-2' }, c: { component: 'm16G' } });
    expect(losses.filter((l) => /1.5 CPUs/.test(l.construct))).toHaveLength(2);
    expect(pythonTable(files.get('workflow.py')!.text).components['c1.5']).toEqual({ env: { A: '1' } });
  });

  it('default to one CPU for steps without resources', async () => {
    const { files } = await emit(chain([{}, {}]));
    const m = validManifest(files.get('scalable.yaml')!.text);
    expect(m.components).toEqual({ default: { cpus: 1 } });
    expect(m.tasks).toEqual({ a: { component: 'default' }, b: { component: 'default' } });
  });
});

describe('deployment', () => {
  it('writes targets and overlays back, with overlay resources on the components of their class', async () => {
    const wf = chain([{ resources: { cpus: 2, memoryBytes: 8e9 }, resourceClass: 'model' }, { resources: { cpus: 1 } }]);
    wf.resourceClasses = [{ id: 'model', resources: { cpus: 2, memoryBytes: 8e9 } }];
    wf.deployment = {
      targets: [
        { name: 'local', provider: 'local', settings: { max_workers: 2, processes: false } },
        { name: 'hpc', provider: 'slurm', overlay: 'big', settings: { queue: 'short', walltime: '02:00:00', comm_port: 50051 } },
        { name: 'bad', provider: 'slurm', overlay: 'nowhere', settings: { walltime: 7200, account: 'x' } },
      ],
      overlays: [{ name: 'big', resources: { model: { cpus: 16, memoryBytes: 64e9, gpus: 1 } }, targets: { hpc: { queue: 'long' } }, extra: { 'components.model.image': 'big:1', 'project.default_storage': 's3://b/' } }],
      settings: { default_storage: './outputs', colour: 'blue' },
    };
    const { files, losses } = await emit(wf);
    const m = validManifest(files.get('scalable.yaml')!.text);
    expect(m.project).toEqual({ name: 'chain', default_storage: './outputs' });
    expect(m.targets).toEqual({
      local: { provider: 'local', max_workers: 2, processes: false },
      hpc: { provider: 'slurm', overlay: 'big', queue: 'short', walltime: '02:00:00', comm_port: 50051 },
      bad: { provider: 'slurm', account: 'x' },
    });
    expect(m.components.model).toEqual({ cpus: 2, memory: '8G' });
    expect(m.overlays).toEqual({ big: { components: { model: { cpus: 16, memory: '64G', image: 'big:1' } }, targets: { hpc: { queue: 'long' } }, project: { default_storage: 's3://b/' } } });
    const said = losses.map((l) => `${l.construct}: ${l.reason}`).join('\n');
    expect(said).toMatch(/setting walltime of target "bad"/);
    expect(said).toMatch(/overlay "nowhere" of target "bad": no such overlay/);
    expect(said).toMatch(/project setting colour/);
    expect(said).toMatch(/gpus in overlay "big"/);
    // The LocalCluster the driver starts follows the local target.
    expect(pythonTable(files.get('workflow.py')!.text).cluster).toEqual({ n_workers: 2, threads_per_worker: 1, processes: false });
  });
});

describe('memory in Dask notation', () => {
  const samples = ['8G', '8GB', '8gb', '8GiB', '8Gi', '500MB', '1024MiB', '1.5K', '2T', '1e3', '1e3G', '12', ' 4 G ', 'G', '0.5B', '1_000M', '-2G', '8 gigs', '5e', 'x1G'];

  it("parses as Dask's parse_bytes does (checked against Dask itself where it is installed)", () => {
    const ours = samples.map((s) => {
      const p = parseDaskBytes(s);
      return 'value' in p ? p.value : null;
    });
    expect(ours.slice(0, 6)).toEqual([8e9, 8e9, 8e9, 8 * 2 ** 30, 8 * 2 ** 30, 5e8]);
    const exe = daskPython();
    if (!exe) return;
    const code = 'import json, sys\nfrom dask.utils import parse_bytes\ndef p(s):\n    try:\n        return parse_bytes(s)\n    except ValueError:\n        return None\nprint(json.dumps([p(s) for s in json.loads(sys.argv[1])]))';
    const r = spawnSync(exe, ['-c', code, JSON.stringify(samples)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(ours).toEqual(JSON.parse(r.stdout));
  });

  it('formats every amount exactly, in a form the manifest schema takes', () => {
    const pattern = /^\s*[0-9]+(\.[0-9]+)?\s*([kKmMgGtTpP]([iI]?[bB])?|[bB])?\s*$/;
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.nat(1 << 20).map((n) => n * 2 ** 30), fc.nat(1 << 20).map((n) => n * 1e9), fc.nat(4096).map((n) => n * 2 ** 20)), (bytes) => {
        const text = formatDaskBytes(bytes);
        expect(text).toMatch(pattern);
        expect(parseDaskBytes(text)).toEqual({ value: bytes });
      }),
    );
  });
});

describe('names that need quoting', () => {
  const alphabet = ['a', 'Z', '7', ' ', "'", '"', '$', '(', ')', '`', ';', '&', '|', '*', '\\', '#', '!', '-', ':', '{', '}', '%', '\n', '\t', 'é', 'ß', '日', '🙂', '\u2028'];
  const name = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 10 });
  const odd = fc.oneof(name, name.map((n) => `-${n}`), name.map((n) => `$(${n})`));

  it('keep the manifest valid, the driver Python, and every command byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(odd, fc.uniqueArray(odd, { minLength: 2, maxLength: 2 }), fc.uniqueArray(odd, { minLength: 2, maxLength: 4 }), odd, async (title, stepNames, fileNames, value) => {
        const wf = createWorkflow(title, 'ir', []);
        const cls = `${stepNames[0]}!class`;
        wf.resourceClasses = [{ id: cls, resources: { cpus: 2 } }];
        wf.steps = [
          step('make', { name: stepNames[0]!, resources: { cpus: 2 }, resourceClass: cls, environment: { env: { VALUE: value }, container: { image: value } } }),
          step('use', { name: stepNames[1]!, labels: [value] }),
        ];
        const files = fileNames.map((f, i) => `out ${i}/${f.replace(/\//g, '_')}`);
        wf.jobs = [
          job(`make ${title}`, 'make', [], files.slice(1), { argv: ['printf', '%s\\n', value, ...files] }),
          job(`use ${value}`, 'use', files.slice(1), [files[0]!], { script: `cat -- ${files.slice(1).map((f) => `'${f.replace(/'/g, `'\\''`)}'`).join(' ')} > '${files[0]!.replace(/'/g, `'\\''`)}' # ${value}` }),
        ];
        wf.files = files.map((id) => ({ id, kind: 'file' as const }));
        const { files: out } = await emit(wf);
        const m = validManifest(out.get('scalable.yaml')!.text);
        expect(Object.keys(m.tasks).sort()).toEqual([...stepNames].sort());
        expect(m.components[cls]!.env).toEqual({ VALUE: value });
        const table = pythonTable(out.get('workflow.py')!.text);
        expect(table.workflow).toBe(title);
        const byId = new Map(table.jobs.map((j) => [j.id, j]));
        for (const j of wf.jobs) {
          expect(byId.get(j.id)!.command).toEqual(j.command);
          expect(byId.get(j.id)!.outputs).toEqual(j.outputs);
        }
        expect(byId.get(`use ${value}`)!.after).toEqual([`make ${title}`]);
      }),
      { numRuns: 40, seed: 2026 },
    );
  }, 120_000);
});
