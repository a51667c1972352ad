// The Scalable frontend: Scalable's own example manifests, round trips through the IR, the checks
// Scalable makes (with positions and hints), ${VAR} expansion, and mutations that must never crash.
//
// Round trip manifest → IR → scalable.yaml compares the parsed documents after normalising only
// what Scalable reads the same way: memory strings by the bytes Dask's parse_bytes gives them (so
// `8G` and `8000M` are equal, while `8G` (8e9 bytes) and `8GiB` (8 x 2^30) are not), a component
// without `cpus` as `cpus: 1` (its default), and `cache: false` as no `cache`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { detectFormat } from '../../frontends/registry.js';
import { compileSchema } from '../../frontends/common/schema-check.js';
import { parseScalable } from '../../frontends/scalable/index.js';
import { IR_SCHEMA } from '../../ir/schema.js';
import type { FrontendHost } from '../../frontends/types.js';
import type { Diagnostic } from '../../ir/diagnostics.js';
import type { JsonValue } from '../../ir/types.js';
import { parseDaskBytes } from '../../ir/units.js';
import { canonicalize } from '../../ir/workflow.js';
import { corpusCases } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/paths.js';
import { emitCase, emitWorkflow } from '../helpers/run.js';

const EXAMPLES = sharedPath('schemas/scalable/examples');
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(EXAMPLES, name), 'utf8') }));

function read(path: string, text: string, files: Record<string, string> = {}, params: Record<string, JsonValue> = {}) {
  const host: FrontendHost = { readFile: (p) => files[p] };
  const r = parseScalable({ path, text }, { params }, host);
  return { workflow: r.value && canonicalize(r.value), diagnostics: r.diagnostics };
}

function errors(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 'error');
}

type Doc = Record<string, unknown>;

/** What Scalable reads the same way, made the same (see the top of this file). */
function normalised(doc: Doc): Doc {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  const bytes = (v: unknown) => (typeof v === 'string' && 'value' in parseDaskBytes(v) ? (parseDaskBytes(v) as { value: number }).value : v);
  const components = (copy.components ?? {}) as Record<string, Doc>;
  for (const c of Object.values(components)) {
    c.cpus ??= 1;
    if (c.memory !== undefined) c.memory = bytes(c.memory);
  }
  for (const t of Object.values((copy.tasks ?? {}) as Record<string, Doc>)) if (t.cache === false) delete t.cache;
  for (const o of Object.values((copy.overlays ?? {}) as Record<string, Doc>)) {
    for (const c of Object.values((o.components ?? {}) as Record<string, Doc>)) if (c.memory !== undefined) c.memory = bytes(c.memory);
  }
  return copy;
}

describe("Scalable's example manifests", () => {
  for (const e of examples) {
    it(`${e.name} reads without errors, into IR its schema accepts`, () => {
      const { workflow, diagnostics } = read(e.name, e.text);
      expect(errors(diagnostics)).toEqual([]);
      expect(workflow!.steps.length).toBeGreaterThan(0);
      const validate = compileSchema(IR_SCHEMA);
      expect(validate(JSON.parse(JSON.stringify(workflow))), JSON.stringify(validate.errors)).toBe(true);
    });

    it(`${e.name}: manifest → IR → scalable.yaml keeps what the manifest holds`, async () => {
      const { workflow, diagnostics } = read(e.name, e.text);
      const files = await emitWorkflow(workflow, diagnostics, 'scalable');
      expect(normalised(parse(files.get('scalable.yaml')!.text) as Doc)).toEqual(normalised(parse(e.text) as Doc));
    });
  }

  it('lowers components, tasks, targets and overlays (gke)', () => {
    const { workflow } = read('scalable.gke.yaml', examples.find((e) => e.name === 'scalable.gke.yaml')!.text);
    const wf = workflow!;
    expect(wf.name).toBe('energy-model-gke');
    expect(wf.resourceClasses).toEqual([
      { id: 'gcam', resources: { cpus: 8, memoryBytes: 32e9 } },
      { id: 'postprocess', resources: { cpus: 4, memoryBytes: 16e9 } },
    ]);
    const gcam = wf.steps.find((s) => s.id === 'run_gcam')!;
    expect(gcam).toMatchObject({
      resourceClass: 'gcam',
      resources: { cpus: 8, memoryBytes: 32e9 },
      environment: { container: { image: 'gcr.io/my-project/gcam:7.0' }, env: { GCAM_DATA: '/data/gcam' } },
      labels: ['multi-sector-dynamics', 'energy', 'scalable:cache'],
      outputs: [{ name: 'database', kind: 'dir', cardinality: 'one', pattern: 'run_gcam/database' }],
      span: { file: 'scalable.gke.yaml', line: 35, column: 3 },
    });
    expect(gcam.command).toBeUndefined();
    expect(wf.deployment).toEqual({
      targets: [{ name: 'gke', provider: 'kubernetes', overlay: 'gke-prod', settings: { namespace: 'energy-prod', image: 'gcr.io/my-project/energy-model:latest', adaptive: { minimum: 2, maximum: 20 } } }],
      overlays: [
        { name: 'gke-prod', resources: { gcam: { cpus: 16, memoryBytes: 64e9 }, postprocess: { memoryBytes: 32e9 } }, targets: {} },
        { name: 'gke-dev', resources: { gcam: { cpus: 4, memoryBytes: 16e9 } }, targets: { gke: { namespace: 'energy-dev', adaptive: { minimum: 1, maximum: 5 } } } },
      ],
      settings: { default_storage: 'gs://my-bucket/scalable-runs/' },
    });
    expect(wf.losses.map((l) => l.construct)).toEqual(['commands and dependencies of the 2 tasks']);
  });
});

describe('wfc-written scalable.yaml and workflow.py', () => {
  for (const c of corpusCases()) {
    it(`${c.name}: read back, they give the same files byte for byte`, async () => {
      const first = await emitCase(c, 'scalable');
      const manifest = first.get('scalable.yaml')!.text;
      const driver = first.get('workflow.py')!.text;
      const { workflow, diagnostics } = read('out/scalable.yaml', manifest, { 'out/workflow.py': driver });
      expect(errors(diagnostics)).toEqual([]);
      expect(diagnostics.filter((d) => d.code === 'SCL009' || d.code === 'SCL010' || d.code === 'SCL011')).toEqual([]);
      expect(compileSchema(IR_SCHEMA)(JSON.parse(JSON.stringify(workflow)))).toBe(true);
      const second = await emitWorkflow(workflow, diagnostics, 'scalable');
      expect(second.get('scalable.yaml')!.text).toBe(manifest);
      expect(second.get('workflow.py')!.text).toBe(driver);
    });
  }

  it('a workflow.py wfc did not write is not read, and says so', () => {
    const e = examples.find((x) => x.name === 'scalable.minimal.yaml')!;
    const { workflow, diagnostics } = read('scalable.yaml', e.text, { 'workflow.py': 'from scalable import ScalableSession\n' });
    expect(workflow!.jobs).toEqual([]);
    expect(diagnostics.find((d) => d.code === 'SCL009')!.message).toMatch(/workflow\.py is Python that wfc does not read/);
  });

  it('a damaged job table is a warning at its place in workflow.py, and the manifest is read alone', async () => {
    const files = await emitCase(corpusCases().find((c) => c.name === 'smk-fanout20')!, 'scalable');
    const driver = files.get('workflow.py')!.text.replace('"task": "square"', '"task": 7');
    const { workflow, diagnostics } = read('scalable.yaml', files.get('scalable.yaml')!.text, { 'workflow.py': driver });
    expect(workflow).toBeDefined();
    const bad = diagnostics.find((d) => d.code === 'SCL010')!;
    expect(bad.severity).toBe('warning');
    const line = driver.slice(0, driver.indexOf('"task": 7')).split('\n').length;
    expect(bad.span).toMatchObject({ file: 'workflow.py', line });
  });
});

describe('recognising a manifest', () => {
  it('by its name, or by `version: 1` beside components or targets', () => {
    const minimal = examples.find((e) => e.name === 'scalable.minimal.yaml')!.text;
    expect(detectFormat('run/scalable.yaml', 'version: 1\n')?.format).toBe('scalable');
    expect(detectFormat('scalable.hpc.yaml', minimal)?.format).toBe('scalable');
    // wfc writes keys sorted: `version: 1` comes last.
    expect(detectFormat('manifest.yaml', 'components:\n  c1: {cpus: 1}\nversion: 1\n')?.format).toBe('scalable');
    expect(detectFormat('config.yaml', 'version: 1\nsamples: [a]\n')).toBeUndefined();
  });
});

describe('checks, with positions and hints', () => {
  const base = (extra: string) => `version: 1\nproject:\n  name: demo\ntargets:\n  local:\n    provider: local\n${extra}`;
  const cases: [string, string, string, number, number, RegExp][] = [
    ['unknown component', base('components:\n  gcam:\n    cpus: 2\ntasks:\n  run:\n    component: gcma\n'), 'SCL004', 12, 5, /components: gcam/],
    ['bad memory', base('components:\n  gcam:\n    memory: 8 gigs\n'), 'SCL006', 9, 5, /'8G'/],
    ['unquoted number as memory', base('components:\n  gcam:\n    memory: 8\n'), 'SCL006', 9, 5, /quoted/],
    ['relative mount', base('components:\n  gcam:\n    mounts:\n      data: /data\n'), 'SCL007', 10, 7, /absolute/],
    ['unknown overlay', 'version: 1\nproject: {name: demo}\ntargets:\n  hpc:\n    provider: slurm\n    comm_port: 1\n    overlay: big\noverlays:\n  small: {}\n', 'SCL005', 7, 5, /overlays: small/],
    ['walltime not HH:MM:SS', 'version: 1\nproject: {name: demo}\ntargets:\n  hpc:\n    provider: slurm\n    comm_port: 1\n    walltime: 2h\n', 'SCL008', 7, 5, /"02:00:00"/],
    ['unknown key', base('components:\n  gcam:\n    gpus: 1\n'), 'SCL001', 9, 5, /known keys here: image, runtime, cpus/],
    ['version 2', 'version: 2\nproject: {name: demo}\n', 'SCL002', 1, 1, /version: 1/],
    ['fractional cpus', base('components:\n  gcam:\n    cpus: 1.5\n'), 'SCL001', 9, 5, /top-level keys/],
  ];
  for (const [what, text, code, line, column, hint] of cases) {
    it(`${what}: ${code} at ${line}:${column}`, () => {
      const { workflow, diagnostics } = read('scalable.yaml', text);
      expect(workflow).toBeUndefined();
      const d = errors(diagnostics).find((x) => x.code === code);
      expect(d, JSON.stringify(diagnostics)).toBeDefined();
      expect(d!.span).toMatchObject({ file: 'scalable.yaml', line, column });
      expect(d!.hint).toMatch(hint);
    });
  }

  it('warns about a Slurm target without comm_port and a provider Scalable does not have', () => {
    const { workflow, diagnostics } = read('scalable.yaml', 'version: 1\nproject: {name: demo}\ntargets:\n  hpc: {provider: slurm}\n  grid: {provider: htcondor}\n');
    expect(workflow).toBeDefined();
    expect(diagnostics.map((d) => [d.code, d.severity, d.span?.line])).toEqual(expect.arrayContaining([['SCL013', 'warning', 4], ['SCL014', 'warning', 5]]));
  });
});

describe('${VAR} expansion', () => {
  const text = 'version: 1\nproject:\n  name: ${NAME:-demo}\n  default_storage: s3://${BUCKET}/runs\ncomponents:\n  gcam:\n    memory: ${MEM:-8G}\n    image: "${IMAGE}"\ntasks:\n  run: {component: gcam}\n';

  it('takes values from --param, then defaults', () => {
    const { workflow, diagnostics } = read('scalable.yaml', text, {}, { BUCKET: 'b', IMAGE: 'gcam:7', MEM: '16G' });
    expect(errors(diagnostics)).toEqual([]);
    expect(workflow!.name).toBe('demo');
    expect(workflow!.deployment!.settings).toEqual({ default_storage: 's3://b/runs' });
    expect(workflow!.resourceClasses).toEqual([{ id: 'gcam', resources: { cpus: 1, memoryBytes: 16e9 } }]);
    expect(workflow!.steps[0]!.environment.container).toEqual({ image: 'gcam:7' });
  });

  it('reports a reference without value or default where it is', () => {
    const { workflow, diagnostics } = read('scalable.yaml', text, {}, { IMAGE: 'x' });
    expect(workflow).toBeUndefined();
    const d = errors(diagnostics);
    expect(d.map((x) => [x.code, x.span?.line, x.span?.column])).toEqual([['SCL003', 4, 3]]);
    expect(d[0]!.message).toMatch(/\$\{BUCKET\}/);
    expect(d[0]!.hint).toMatch(/--param BUCKET=VALUE/);
  });
});

describe('names that need quoting', () => {
  const alphabet = ['a', 'Z', '7', ' ', "'", '"', '$', '(', ')', '`', ';', '&', '|', '*', '\\', '#', '!', '-', ':', '{', '}', '%', '.', 'é', '日', '🙂'];
  // `${...}` in a value is a reference Scalable expands; names that form one are not names.
  const name = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 10 }).filter((n) => !n.includes('${'));
  const odd = fc.oneof(name, name.map((n) => `-${n}`), name.map((n) => `$(${n})`));

  it('survive manifest → IR → manifest in tasks, components, targets and overlays', async () => {
    await fc.assert(
      fc.asyncProperty(odd, fc.uniqueArray(odd, { minLength: 2, maxLength: 2 }), fc.uniqueArray(odd, { minLength: 2, maxLength: 2 }), odd, async (project, components, tasks, overlay) => {
        const doc: Doc = {
          version: 1,
          project: { name: `p${project}` },
          targets: { [overlay]: { provider: 'local', overlay }, [`${overlay}2`]: { provider: 'slurm', queue: project, comm_port: 1 } },
          components: { [components[0]!]: { cpus: 2, memory: '8G', env: { V: project }, tags: [project] }, [components[1]!]: { cpus: 1, image: project } },
          tasks: { [tasks[0]!]: { component: components[0]!, cache: true, outputs: { [project]: 'dir' } }, [tasks[1]!]: { component: components[1]! } },
          overlays: { [overlay]: { components: { [components[1]!]: { cpus: 4, image: overlay } }, targets: { [`${overlay}2`]: { queue: overlay } } } },
        };
        const { workflow, diagnostics } = read('scalable.yaml', stringify(doc));
        expect(errors(diagnostics)).toEqual([]);
        const files = await emitWorkflow(workflow, diagnostics, 'scalable');
        expect(normalised(parse(files.get('scalable.yaml')!.text) as Doc)).toEqual(normalised(doc));
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});

describe('mutations never crash the frontend', () => {
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('8G', '-1G', '1e3', '${X}', '${X:-1}', '/abs', 'rel', '02:00:00', 'gcam', 'local', 'slurm'));
  const value = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom('cpus', 'memory', 'provider', 'overlay', 'component', 'gcam', 'x'), leaf, { maxKeys: 3 }));
  const path = fc.array(fc.constantFrom('version', 'project', 'name', 'targets', 'components', 'tasks', 'overlays', 'gke', 'gcam', 'postprocess', 'run_gcam', 'cpus', 'memory', 'mounts', 'env', 'provider', 'overlay', 'gke-prod', 'component', 'outputs', 'adaptive', 'x'), { minLength: 1, maxLength: 4 });

  it('on documents with values replaced at random places', () => {
    const docs = examples.map((e) => parse(e.text) as Doc);
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.array(fc.tuple(path, value), { minLength: 1, maxLength: 4 }), (which, edits) => {
        const doc = JSON.parse(JSON.stringify(docs[which])) as Doc;
        for (const [p, v] of edits) {
          let at: unknown = doc;
          for (const key of p.slice(0, -1)) at = at && typeof at === 'object' ? (at as Doc)[key] : undefined;
          if (at && typeof at === 'object' && !Array.isArray(at)) (at as Doc)[p[p.length - 1]!] = v;
        }
        const r = read('scalable.yaml', stringify(doc));
        expect(r.workflow !== undefined || errors(r.diagnostics).length > 0).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('on byte mutations of manifests and of a driver beside them', async () => {
    const files = await emitCase(corpusCases().find((c) => c.name === 'smk-inputfuncs')!, 'scalable');
    const manifest = files.get('scalable.yaml')!.text;
    const driver = files.get('workflow.py')!.text;
    const texts = [...examples.map((e) => e.text), manifest];
    const mutation = fc.record({ at: fc.nat(), remove: fc.nat(30), insert: fc.string({ unit: fc.constantFrom(':', '-', ' ', '\n', '{', '}', '"', "'", '$', '[', 'a', '1', '#', '\t'), maxLength: 5 }) });
    const apply = (text: string, m: { at: number; remove: number; insert: string }) => {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.insert + text.slice(at + m.remove);
    };
    fc.assert(
      fc.property(fc.nat(texts.length - 1), mutation, mutation, (which, m1, m2) => {
        const r = read('scalable.yaml', apply(texts[which]!, m1), { 'workflow.py': apply(driver, m2) });
        expect(r.workflow !== undefined || errors(r.diagnostics).length > 0).toBe(true);
        for (const d of r.diagnostics) if (d.span) expect(d.span.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
