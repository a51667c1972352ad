// The Kubernetes backend without a cluster: every manifest against the official Argo and
// Kubernetes schemas (corpus, WfCommons traces, generated names), commands that reach the pod
// byte for byte, resource mapping, loops for fan-outs bound at run time, and the self-check.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { backendFor } from '../../backends/registry.js';
import type { VirtualTree } from '../../backends/types.js';
import { emitKubernetes } from '../../backends/kubernetes/index.js';
import { dnsLabel, uniqueLabels } from '../../backends/kubernetes/names.js';
import { activeDeadline, containerResources, nodeSelector, retryStrategy } from '../../backends/kubernetes/resources.js';
import { shardEntries } from '../../backends/kubernetes/manifests.js';
import { WORK_DIR } from '../../backends/kubernetes/pods.js';
import { checkManifests } from '../../backends/kubernetes/check.js';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import { passesFor, contextFor } from '../../cli/compile.js';
import { runPasses } from '../../passes/pass.js';
import { jobEdges } from '../../ir/graph.js';
import type { Job, Step, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { emitCase, parseText, runCli } from '../helpers/run.js';
import { argoWorkflowSchema, errorsOf, kubernetesSchema } from '../helpers/schemas.js';
import { tempDir } from '../helpers/tmp.js';
import { sharedTraces } from '../helpers/traces.js';

type Obj = Record<string, any>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Manifests {
  workflow: Obj;
  pvc: Obj;
  configMaps: Obj[];
  /** Every ConfigMap's data, merged: what the pods see in /wfc/jobs. */
  data: Record<string, string>;
}

function manifestsOf(tree: VirtualTree): Manifests {
  const configMaps = parseAllDocuments(tree.get('configmap.yaml')!.text).map((d) => d.toJS() as Obj);
  return {
    workflow: parse(tree.get('workflow.yaml')!.text) as Obj,
    pvc: parse(tree.get('pvc.yaml')!.text) as Obj,
    configMaps,
    data: Object.assign({}, ...configMaps.map((c) => c.data as Record<string, string>)),
  };
}

/** Schema-valid manifests, DNS-valid unique names, and every job key a task runs in the ConfigMap. */
function expectValid(tree: VirtualTree, label: string): Manifests {
  const m = manifestsOf(tree);
  const argo = argoWorkflowSchema();
  expect(argo(m.workflow), `${label} workflow.yaml: ${errorsOf(argo)}`).toBe(true);
  const pvc = kubernetesSchema('persistentvolumeclaim-v1');
  expect(pvc(m.pvc), `${label} pvc.yaml: ${errorsOf(pvc)}`).toBe(true);
  const cm = kubernetesSchema('configmap-v1');
  for (const c of m.configMaps) expect(cm(c), `${label} configmap.yaml: ${errorsOf(cm)}`).toBe(true);
  const templates = m.workflow.spec.templates as Obj[];
  const templateNames = templates.map((t) => t.name as string);
  expect(new Set(templateNames).size, `${label}: template names unique`).toBe(templateNames.length);
  for (const n of templateNames) expect(n, label).toMatch(DNS_LABEL);
  // Argo 4's full CRDs: at most 200 templates, at most 200 tasks in a DAG (not in the JSON schema).
  expect(templates.length, label).toBeLessThanOrEqual(200);
  for (const t of templates.filter((x) => x.dag)) {
    const tasks = t.dag.tasks as Obj[];
    expect(tasks.length, `${label}: tasks of ${t.name}`).toBeLessThanOrEqual(200);
    const names = new Set(tasks.map((x) => x.name as string));
    expect(names.size, `${label}: task names unique in ${t.name}`).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.name, label).toMatch(DNS_LABEL);
      expect(task.name, `${label}: Argo's CEL rule for names in dependencies`).toMatch(/^[a-z]/);
      expect((task.name as string).length).toBeLessThanOrEqual(63);
      expect(templateNames, label).toContain(task.template);
      for (const d of task.dependencies ?? []) expect(names.has(d), `${label}: ${task.name} depends on ${d}`).toBe(true);
      const jobs = (task.arguments?.parameters as Obj[] | undefined)?.find((p) => p.name === 'jobs')?.value as string | undefined;
      for (const key of jobs?.split(' ') ?? []) expect(m.data[key], `${label}: ${key} in the ConfigMap`).toBeDefined();
    }
  }
  for (const name of [m.pvc.metadata.name, ...m.configMaps.map((c) => c.metadata.name)]) expect(name).toMatch(DNS_LABEL);
  return m;
}

interface Leaf {
  task: Obj;
  /** The DAG templates and tasks above it, outermost first: [dag, task] pairs ending with its own. */
  path: [string, string][];
}

/** The tasks that run pods, in order, with the parts (nested DAGs) they sit in. */
function leafTasks(m: Manifests): Leaf[] {
  const templates = new Map((m.workflow.spec.templates as Obj[]).map((t) => [t.name as string, t]));
  const out: Leaf[] = [];
  const walk = (dag: string, above: [string, string][]) => {
    for (const task of templates.get(dag)!.dag.tasks as Obj[]) {
      const path: [string, string][] = [...above, [dag, task.name]];
      const callee = templates.get(task.template)!;
      if (callee.dag && !callee.inputs) walk(callee.name, path);
      else out.push({ task, path });
    }
  };
  walk(m.workflow.spec.entrypoint, []);
  return out;
}

/** The key each job's command has in the ConfigMap: tasks name their jobs in `jobs`, in order. */
function jobKeys(m: Manifests): string[] {
  return leafTasks(m).flatMap(({ task }) => ((task.arguments?.parameters as Obj[] | undefined)?.find((p) => p.name === 'jobs')?.value as string | undefined)?.split(' ') ?? []);
}

/**
 * Whether the task at `later` can start only after the one at `earlier` finished: where their paths
 * part, in one DAG, the one above `later` waits (through its dependencies) for the one above `earlier`.
 */
function waitsFor(m: Manifests, later: Leaf, earlier: Leaf): boolean {
  let i = 0;
  while (later.path[i]![1] === earlier.path[i]![1]) i++;
  const [dag, to] = later.path[i]!;
  const from = earlier.path[i]![1];
  const tasks = new Map(((m.workflow.spec.templates as Obj[]).find((t) => t.name === dag)!.dag.tasks as Obj[]).map((t) => [t.name as string, (t.dependencies ?? []) as string[]]));
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const d of tasks.get(n) ?? []) {
      if (d === from) return true;
      if (!seen.has(d)) stack.push(d), seen.add(d);
    }
  }
  return false;
}

/** What bash makes of an argv entry: its words, read back by bash itself. */
function wordsOf(entry: string): string[] {
  const out = execFileSync('bash', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'bash', entry], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('Kubernetes manifests pass the official schemas', () => {
  for (const c of corpusCases()) {
    it(`for corpus ${c.name}`, async () => {
      expectValid(await emitCase(c, 'kubernetes'), c.name);
    });
  }

  it('for the WfCommons traces', async () => {
    const traces = sharedTraces();
    expect(traces.length).toBe(13);
    const refused: string[] = [];
    for (const t of traces) {
      const { workflow } = await parseText('wfformat', t.name, t.text);
      const backend = backendFor('kubernetes')!;
      const passes = await passesFor(backend);
      const passed = runPasses(workflow!, passes, contextFor(backend));
      const errors = passed.diagnostics.filter((d) => d.severity === 'error');
      // Nextflow traces record outputs at absolute paths, which a pod would write outside the
      // volume: lint refuses them for Kubernetes (LINT010). The manifests must still be valid.
      if (errors.length > 0) {
        expect(new Set(errors.map((d) => d.code)), t.name).toEqual(new Set(['LINT010']));
        refused.push(t.name);
      }
      const prepared = errors.length > 0 ? runPasses(workflow!, passes.filter((p) => p.name !== 'lint'), contextFor(backend)).value! : passed.value!;
      const emitted = emitKubernetes(prepared);
      expect(emitted.diagnostics.filter((d) => d.severity === 'error'), t.name).toEqual([]);
      const m = expectValid(emitted.files, t.name);
      expect(jobKeys(m).length, t.name).toBe(prepared.jobs.length);
      // Large DAGs are nested in parts of at most 200 tasks: every job still waits for what it reads.
      const leaves = leafTasks(m).filter((l) => l.task.name !== 'wfc-cleanup');
      if (prepared.jobs.length > 200) expect(leaves.some((l) => l.path.length > 1), t.name).toBe(true);
      const leafOfJob = new Map(leaves.map((l, i) => [prepared.jobs[i]!.id, l]));
      for (const e of jobEdges(prepared)) expect(waitsFor(m, leafOfJob.get(e.to)!, leafOfJob.get(e.from)!), `${t.name}: ${e.from} → ${e.to}`).toBe(true);
    }
    expect(refused.every((n) => n.startsWith('nextflow/')), refused.join(', ')).toBe(true);
  }, 120_000);
});

/** Names with what breaks quoting and naming: blanks, quotes, `$()`, backticks, unicode, leading dashes. */
const nasty = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...' \'"$`\\!*?[]{}();&|<>~#\t\n-=%./_:@'.split('')) },
    { weight: 3, arbitrary: fc.constantFrom('a', 'B', '0', '9', 'é', '名', '🙂', 'ß', 'İ', '\u0301') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0') },
  ),
  minLength: 1,
  maxLength: 24,
});
const commandOf = fc.oneof(
  fc.array(nasty, { minLength: 1, maxLength: 4 }).map((argv) => ({ argv })),
  fc.array(nasty, { minLength: 1, maxLength: 3 }).map((lines) => ({ script: `${lines.join('\n')}\n` })),
);

/** A chain of steps with arbitrary names, each with a few jobs with arbitrary ids and commands. */
const chains = fc
  .array(fc.record({ name: nasty, jobs: fc.array(fc.record({ id: nasty, command: commandOf }), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 })
  .map((specs) => {
    const wf = createWorkflow('flow', 'ir', []);
    const usedJobIds = new Set<string>();
    let previous: string[] = [];
    specs.forEach((spec, i) => {
      const step: Step = { id: `s${i}_${spec.name}`, name: spec.name, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] };
      wf.steps.push(step);
      const outs: string[] = [];
      spec.jobs.forEach((j, k) => {
        let id = j.id;
        while (usedJobIds.has(id)) id += '\'';
        usedJobIds.add(id);
        const out = `out/${i}/${k} ${j.id}`;
        const job: Job = { id, step: step.id, binding: {}, inputs: previous, outputs: [out], after: [], command: j.command };
        wf.jobs.push(job);
        outs.push(out);
      });
      previous = outs;
    });
    wf.files = [...new Set(wf.jobs.flatMap((j) => [...j.inputs, ...j.outputs]))].map((id) => ({ id, kind: 'file' as const }));
    wf.name = specs[0]!.name;
    return canonicalize(wf);
  });

describe('names and commands', () => {
  it('stay valid, unique and byte-exact whatever the step and job names hold', () => {
    fc.assert(
      fc.property(chains, (wf) => {
        const emitted = emitKubernetes(wf);
        expect(emitted.diagnostics).toEqual([]);
        const m = expectValid(emitted.files, wf.name);
        expect(m.workflow.metadata.generateName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?-$/);
        // Tasks come in the workflow's job order, one job each: the i-th key is the i-th job's command.
        const keys = jobKeys(m);
        expect(keys.length).toBe(wf.jobs.length);
        expect(new Set(keys).size).toBe(keys.length);
        wf.jobs.forEach((job, i) => {
          const entry = m.data[keys[i]!]!;
          const command = job.command!;
          if ('script' in command) expect(entry).toBe(command.script);
          else expect(wordsOf(entry)).toEqual(command.argv);
        });
        // The dependencies are the job graph's edges.
        const main = (m.workflow.spec.templates as Obj[]).find((t) => t.name === 'main')!;
        const taskOfJob = new Map(wf.jobs.map((j, i) => [j.id, (main.dag.tasks as Obj[])[i]!.name as string]));
        for (const [i, job] of wf.jobs.entries()) {
          const producers = wf.jobs.filter((p) => p.outputs.some((o) => job.inputs.includes(o))).map((p) => taskOfJob.get(p.id)).sort();
          expect([...((main.dag.tasks as Obj[])[i]!.dependencies ?? [])].sort()).toEqual(producers);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('makes DNS labels deterministically, whatever order the names come in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(nasty, { minLength: 1, maxLength: 12 }), fc.integer(), (names, seed) => {
        const pairs = names.map((n) => [n, n] as [string, string]);
        const map = uniqueLabels(pairs, 'x', { reserved: ['main'], letterFirst: true });
        const shuffled = [...pairs].sort(() => (seed % 2 === 0 ? 1 : -1));
        expect(uniqueLabels(shuffled, 'x', { reserved: ['main'], letterFirst: true })).toEqual(map);
        const labels = [...map.values()];
        expect(new Set(labels).size).toBe(labels.length);
        for (const l of labels) {
          expect(l).toMatch(DNS_LABEL);
          expect(l).toMatch(/^[a-z]/);
          expect(l.length).toBeLessThanOrEqual(63);
          expect(l).not.toBe('main');
        }
      }),
    );
  });

  it('folds case and accents, numbers clashes, and keeps long names within 63 characters', () => {
    expect(dnsLabel('Élan vital', 'x')).toBe('elan-vital');
    expect(dnsLabel('--$(rm -rf /)--', 'x')).toBe('rm-rf');
    expect(dnsLabel('名前', 'step')).toBe('step');
    const map = uniqueLabels([['1', 'Align'], ['2', 'align'], ['3', 'ALIGN'], ['4', 'align-2']], 'x');
    expect([...map.entries()].sort()).toEqual([['1', 'align-3'], ['2', 'align'], ['3', 'align-4'], ['4', 'align-2']]);
    const long = 'a'.repeat(80);
    const two = uniqueLabels([['1', long], ['2', `${long}!`]], 'x');
    expect(two.get('1')).toBe('a'.repeat(63));
    expect(two.get('2')).toBe(`${'a'.repeat(61)}-2`);
    // Argo reads a task name starting with a digit as a number in its `depends` expressions.
    expect([...uniqueLabels([['a', '2D-fft'], ['b', '42']], 'task', { letterFirst: true }).values()]).toEqual(['task-2d-fft', 'task-42']);
  });
});

/** A one-step workflow with one job, for the resource and loss tests; change it, then `emit` it. */
function oneStep(step: Partial<Step>, wfExtra: Partial<Workflow> = {}): Workflow {
  const wf = createWorkflow('one', 'ir', []);
  wf.steps = [{ id: 'work', name: 'work', inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [], ...step }];
  wf.jobs = [{ id: 'work', step: 'work', binding: {}, inputs: [], outputs: ['out.txt'], after: [], command: { argv: ['touch', 'out.txt'] } }];
  wf.files = [{ id: 'out.txt', kind: 'file' }];
  return { ...wf, ...wfExtra };
}

/** Emits a workflow put in canonical order, as the compiler hands it to backends. */
function emit(wf: Workflow) {
  return emitKubernetes(canonicalize(wf));
}

function podTemplateOf(tree: VirtualTree, name = 'work'): Obj {
  return (manifestsOf(tree).workflow.spec.templates as Obj[]).find((t) => t.name === name)!;
}

describe('resources', () => {
  it('are Kubernetes quantities: millicores, binary units, GPUs as nvidia.com/gpu', () => {
    expect(containerResources({ cpus: 0.5 })).toEqual({ requests: { cpu: '500m' } });
    expect(containerResources({ cpus: 4, memoryBytes: 16 * 2 ** 30 })).toEqual({ requests: { cpu: '4', memory: '16Gi' }, limits: { memory: '16Gi' } });
    expect(containerResources({ memoryBytes: 1500 * 2 ** 20 })?.requests?.memory).toBe('1500Mi');
    expect(containerResources({ gpus: 2, diskBytes: 2 ** 40 })).toEqual({
      requests: { 'ephemeral-storage': '1Ti', 'nvidia.com/gpu': '2' },
      limits: { 'ephemeral-storage': '1Ti', 'nvidia.com/gpu': '2' },
    });
    expect(containerResources({})).toBeUndefined();
    expect(activeDeadline({ walltimeSeconds: 5400.2 })).toBe('5401');
    expect(retryStrategy(3)).toEqual({ limit: '3' });
    expect(retryStrategy(0)).toBeUndefined();
    expect(nodeSelector({ provider: 'kubernetes', node: 'large' })).toEqual({ 'node.kubernetes.io/instance-type': 'large' });
    expect(nodeSelector({ provider: 'slurm', partition: 'gpu' })).toBeUndefined();
  });

  it('reach the pod template: requests, limits, deadline, retries, node selector', () => {
    const wf = oneStep({ resources: { cpus: 0.5, memoryBytes: 16 * 2 ** 30, gpus: 1, walltimeSeconds: 7200 }, retries: 2, placement: { provider: 'kubernetes', node: 'gpu-large' } });
    const emitted = emit(wf);
    const m = expectValid(emitted.files, 'one');
    const t = podTemplateOf(emitted.files);
    expect(t.container.resources).toEqual({ requests: { cpu: '500m', memory: '16Gi', 'nvidia.com/gpu': '1' }, limits: { memory: '16Gi', 'nvidia.com/gpu': '1' } });
    expect(t.activeDeadlineSeconds).toBe('7200');
    expect(t.retryStrategy).toEqual({ limit: '2' });
    expect(t.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'gpu-large' });
    expect(m.data.work).toBe('touch out.txt\n');
  });

  it('give jobs of one step with other resources their own template', () => {
    const wf = oneStep({ resources: { cpus: 1 } });
    wf.jobs.push({ id: 'big', step: 'work', binding: {}, inputs: [], outputs: ['big.txt'], after: [], command: { argv: ['touch', 'big.txt'] }, resources: { cpus: 8 } });
    wf.files.push({ id: 'big.txt', kind: 'file' });
    const tree = emit(wf).files;
    const m = expectValid(tree, 'two');
    const byTask = new Map((m.workflow.spec.templates[0].dag.tasks as Obj[]).map((t) => [t.name, t.template]));
    expect(byTask.get('big')).not.toBe(byTask.get('work'));
    expect(podTemplateOf(tree, byTask.get('big')).container.resources.requests.cpu).toBe('8');
  });
});

describe('clusters', () => {
  it('run their jobs one after another in one pod, for as long as they take together', () => {
    const wf = oneStep({ resources: { cpus: 2, walltimeSeconds: 600 } });
    wf.jobs = ['a', 'b', 'c'].map((id) => ({ id, step: 'work', binding: {}, inputs: [], outputs: [`${id}.txt`], after: [], command: { argv: ['touch', `${id}.txt`] } }));
    wf.files = wf.jobs.map((j) => ({ id: j.outputs[0]!, kind: 'file' as const }));
    wf.clusters = [{ id: 'work-batch', kind: 'horizontal', jobs: ['a', 'b'] }];
    const emitted = emit(wf);
    const m = expectValid(emitted.files, 'clusters');
    const tasks = m.workflow.spec.templates[0].dag.tasks as Obj[];
    expect(tasks.map((t) => [t.name, t.arguments.parameters[0].value])).toEqual([['work-batch', 'a b'], ['c', 'c']]);
    const deadlines = new Map((m.workflow.spec.templates as Obj[]).map((t) => [t.name, t.activeDeadlineSeconds]));
    expect(deadlines.get(tasks[0]!.template)).toBe('1200');
    expect(deadlines.get(tasks[1]!.template)).toBe('600');
  });
});

describe('fan-outs bound at run time', () => {
  it('loop in Argo: a sketch count with withSequence, a known count as its default, a product through a nested DAG', async () => {
    const c = corpusCase('sun-image-napkin');
    const doc = JSON.parse(c.text) as { params: Record<string, unknown> };
    delete doc.params.N;
    const dir = tempDir();
    writeFileSync(join(dir, 'sun.napkin.json'), JSON.stringify(doc));
    // The default passes would refuse (EXP001: no size for N); without expand the steps stay symbolic.
    const r = await runCli(['convert', 'sun.napkin.json', '--to', 'kubernetes', '--out', 'out', '--passes', 'lift-resources,map-provider,lint', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    const tree: VirtualTree = new Map(['workflow.yaml', 'pvc.yaml', 'configmap.yaml'].map((f) => [f, { text: readFileSync(join(dir, 'out', f), 'utf8') }]));
    const m = expectValid(tree, 'sun-image symbolic');
    expect(m.workflow.spec.arguments.parameters).toEqual([
      { name: 'N', description: 'how many items the fan-out has (a number)' },
      { name: 'M', description: 'how many items the fan-out has (a number)', value: '3' },
    ]);
    const templates = new Map((m.workflow.spec.templates as Obj[]).map((t) => [t.name, t]));
    const tasks = new Map((templates.get('main')!.dag.tasks as Obj[]).map((t) => [t.name, t]));
    expect(tasks.get('make-tiles')!.withSequence).toEqual({ count: '{{workflow.parameters.N}}' });
    expect(tasks.get('task-2d-fft')!.dependencies).toEqual(['make-tiles']);
    expect(tasks.get('split')!.dependencies).toEqual(['task-2d-fft']);
    // split runs over N x M: the outer loop over N calls a DAG that loops over M.
    const split = tasks.get('split')!;
    expect(split.withSequence).toEqual({ count: '{{workflow.parameters.N}}' });
    const inner = templates.get(split.template)!.dag.tasks[0];
    expect(inner.withSequence).toEqual({ count: '{{workflow.parameters.M}}' });
    expect(inner.arguments.parameters).toEqual([{ name: 'item-1', value: '{{inputs.parameters.item-1}}' }, { name: 'item-2', value: '{{item}}' }]);
    expect(templates.get(inner.template)!.container.env).toEqual([{ name: 'WFC_ITEM_1', value: '{{inputs.parameters.item-1}}' }, { name: 'WFC_ITEM_2', value: '{{inputs.parameters.item-2}}' }]);
    expect(tasks.get('merge')!.withSequence).toBeUndefined();
    // Each iteration's command reads its items from the environment; the gather globs.
    expect(m.data.split).toBe('split spectrum_"$WFC_ITEM_1".fits band_"$WFC_ITEM_1"_"$WFC_ITEM_2".fits\n');
    expect(m.data.merge).toBe('merge band_*_*.fits merged.fits\n');
    const work = tempDir();
    const out = execFileSync('bash', ['-c', `export WFC_ITEM_1="a b" WFC_ITEM_2='$(x)'; printf "%s\\n" ${m.data.split!.replace(/^split /, '')}`], { cwd: work, encoding: 'utf8' });
    expect(out).toBe('spectrum_a b.fits\nband_a b_$(x).fits\n');
  });

  it('loop with withItems over items the workflow knows, when it is not expanded', () => {
    const wf = createWorkflow('samples', 'ir', []);
    wf.domains = [{ id: 'S', values: ['x y', "it's", '$(no)'], origin: 'config' }];
    wf.steps = [{ id: 'count', name: 'count', inputs: [], outputs: [{ name: 'out', kind: 'file', cardinality: 'one', pattern: 'counts/{S}.txt' }], fanout: ['S'], resources: {}, environment: {}, labels: [], command: { kind: 'tool', program: 'wc', args: [{ text: '-l' }, { domain: 'S' }, { output: 'out' }] } }];
    const m = expectValid(emit(wf).files, 'samples');
    const task = m.workflow.spec.templates[0].dag.tasks[0];
    expect(task.withItems).toEqual(['x y', "it's", '$(no)']);
    expect(m.workflow.spec.arguments).toBeUndefined();
    expect(m.data.count).toBe('wc -l "$WFC_ITEM_1" counts/"$WFC_ITEM_1".txt\n');
    expect(m.data['count.dirs']).toBe('counts\n');
  });

  it('loop with withParam over a list when a step\'s tasks depend on the run (Nextflow), after the jobs it reads from', () => {
    const wf = oneStep({});
    wf.steps.push({ id: 'later', name: 'LATER', inputs: [{ name: 'x', kind: 'file', cardinality: 'one', from: [{ step: 'work', port: 'out' }] }], outputs: [], fanout: ['later_tasks'], resources: {}, environment: {}, labels: [], command: { kind: 'script', dialect: 'nextflow', text: 'cat ${x}' } });
    wf.steps[0]!.outputs = [{ name: 'out', kind: 'file', cardinality: 'one', pattern: 'out.txt' }];
    wf.domains = [{ id: 'later_tasks', origin: 'config' }];
    const emitted = emit(wf);
    const m = expectValid(emitted.files, 'nextflow-like');
    const tasks = m.workflow.spec.templates[0].dag.tasks as Obj[];
    const later = tasks.find((t) => t.name === 'later')!;
    expect(later.withParam).toBe('{{workflow.parameters.later_tasks}}');
    expect(later.dependencies).toEqual(['work']);
    expect(m.workflow.spec.arguments.parameters).toEqual([{ name: 'later_tasks', description: 'the items of the fan-out, as a JSON list' }]);
    // Its Nextflow script cannot be rendered per task here: the task fails loudly, and the ledger says so.
    expect(spawnSync('bash', ['-c', m.data.later!]).status).toBe(1);
    expect(emitted.losses.map((l) => l.construct)).toContain('nextflow script (step "LATER")');
  });
});

describe('the pods run what the ConfigMap holds', () => {
  it('runs a corpus workflow end to end with the runner, task by task in DAG order, its inputs copied by the first', async () => {
    const c = corpusCase('nf-demo');
    // Converted as a user would, beside the case's data, which the workflow then carries itself.
    const here = tempDir();
    cpSync(c.dir, here, { recursive: true, filter: (f) => !f.startsWith(join(c.dir, 'expected')) });
    const r = await runCli(['convert', c.input, ...c.args, '--to', 'kubernetes', '--out', 'out', '--quiet'], here);
    expect(r.code, r.stderr).toBe(0);
    const tree: VirtualTree = new Map(['workflow.yaml', 'pvc.yaml', 'configmap.yaml'].map((f) => [f, { text: readFileSync(join(here, 'out', f), 'utf8') }]));
    const m = expectValid(tree, c.name);
    // Each ConfigMap's keys become files where the pods mount it.
    const root = tempDir();
    const work = join(root, 'work');
    mkdirSync(work);
    const mounts = new Map<string, string>();
    for (const v of m.workflow.spec.volumes as Obj[]) {
      const names = v.configMap ? [v.configMap.name as string] : ((v.projected?.sources ?? []) as Obj[]).map((s) => s.configMap.name as string);
      if (names.length === 0) continue;
      const dir = join(root, v.name as string);
      mkdirSync(dir);
      for (const cm of m.configMaps.filter((x) => names.includes(x.metadata.name))) {
        for (const [key, text] of Object.entries((cm.data ?? {}) as Record<string, string>)) writeFileSync(join(dir, key), text);
        for (const [key, b64] of Object.entries((cm.binaryData ?? {}) as Record<string, string>)) writeFileSync(join(dir, key), Buffer.from(b64, 'base64'));
      }
      mounts.set(`/wfc/${v.name as string}`, dir);
    }
    const local = (path: string) => [...mounts].reduce((p, [from, to]) => (p.startsWith(`${from}/`) ? to + p.slice(from.length) : p), path);
    const tasks = m.workflow.spec.templates[0].dag.tasks as Obj[];
    expect(tasks[0]!.name).toBe('wfc-stage-in');
    const done = new Set<string>();
    while (done.size < tasks.length) {
      const ready = tasks.filter((t) => !done.has(t.name) && (t.dependencies ?? []).every((d: string) => done.has(d)));
      expect(ready.length).toBeGreaterThan(0);
      for (const t of ready) {
        const template = (m.workflow.spec.templates as Obj[]).find((x) => x.name === t.template)!;
        const [shell, script] = template.container.command as string[];
        const args = ((template.container.args ?? []) as string[]).map((a) => a.replace('{{inputs.parameters.jobs}}', t.arguments?.parameters?.[0]?.value ?? ''));
        const run = spawnSync(shell!, [local(script!), ...args], { cwd: work, encoding: 'utf8' });
        expect(run.status, `${t.name}: ${run.stderr}`).toBe(0);
        done.add(t.name);
      }
    }
    for (const f of ['alpha.txt', 'beta.txt', 'gamma.txt']) expect(readFileSync(join(work, 'data', f))).toEqual(readFileSync(join(c.dir, 'data', f)));
    expect(readFileSync(join(work, 'nf-work/TOP_WORDS/1/top_words.txt'), 'utf8')).toMatch(/\t\d+\n/);
    // The cleanup task removed the intermediates and kept the final outputs.
    expect(existsSync(join(work, 'nf-work/TO_UPPER/1/alpha.upper.txt'))).toBe(false);
  });

  it('makes the output directories first, however they are named', () => {
    const wf = oneStep({});
    wf.jobs[0]!.outputs = ["dir with 'quote'/$(x)/new\nline/f.txt"];
    wf.jobs[0]!.command = { script: 'touch "dir with \'quote\'/$(printf \'$(x)\')/new\nline/f.txt"\n' };
    wf.files = [{ id: wf.jobs[0]!.outputs[0]!, kind: 'file' }];
    const m = expectValid(emit(wf).files, 'dirs');
    const root = tempDir();
    for (const [key, text] of Object.entries(m.data)) writeFileSync(join(root, key), text);
    const work = tempDir();
    const r = spawnSync('bash', [join(root, 'wfc-run.sh'), 'work'], { cwd: work, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(work, wf.jobs[0]!.outputs[0]!))).toBe(true);
  });

  it('keeps text Argo would take for its tags out of the Workflow', () => {
    const wf = oneStep({ environment: { env: { TEMPLATE: 'Hello {{name}}', PLAIN: 'x y' } } });
    wf.jobs[0]!.command = { script: "awk '{{print $1}}' in.txt > out.txt\n" };
    const m = expectValid(emit(wf).files, 'tags');
    expect(JSON.stringify(m.workflow)).not.toMatch(/\{\{(name|print)/);
    expect(m.data.work).toBe("awk '{{print $1}}' in.txt > out.txt\n");
    const env = (m.workflow.spec.templates as Obj[]).find((t) => t.name === 'work')!.container.env;
    expect(env).toEqual([{ name: 'PLAIN', value: 'x y' }, { name: 'TEMPLATE', valueFrom: { configMapKeyRef: { name: 'one-jobs', key: 'work.env.TEMPLATE' } } }]);
    expect(m.data['work.env.TEMPLATE']).toBe('Hello {{name}}');
  });

  it('spreads commands over several ConfigMaps when one cannot hold them, mounted as one directory', () => {
    const wf = oneStep({});
    const big = 'x'.repeat(5000);
    for (let i = 0; i < 300; i++) {
      wf.jobs.push({ id: `j${i}`, step: 'work', binding: {}, inputs: [], outputs: [`o${i}`], after: [], command: { script: `echo ${big}\n` } });
      wf.files.push({ id: `o${i}`, kind: 'file' });
    }
    const m = expectValid(emit(wf).files, 'big');
    expect(m.configMaps.length).toBe(2);
    expect(m.configMaps.map((c) => c.metadata.name)).toEqual(['one-jobs-1', 'one-jobs-2']);
    const volume = (m.workflow.spec.volumes as Obj[]).find((v) => v.name === 'jobs')!;
    expect(volume.projected.sources).toEqual([{ configMap: { name: 'one-jobs-1' } }, { configMap: { name: 'one-jobs-2' } }]);
    expect(Object.keys(m.data).length).toBe(301 + 1);
    const { shards, tooLarge } = shardEntries(new Map([['a', 'x'.repeat(10)], ['b', 'y'.repeat(30)], ['c', 'z']]), 20);
    expect(shards.map((s) => [...s.keys()])).toEqual([['a'], ['b'], ['c']]);
    expect(tooLarge).toEqual(['b']);
  });
});

describe('deployment, losses, submit.sh', () => {
  it('takes the namespace and other settings from the Kubernetes deployment target', () => {
    const wf = oneStep({}, {
      deployment: {
        targets: [
          { name: 'hpc', provider: 'slurm', settings: { queue: 'short' } },
          { name: 'gke', provider: 'kubernetes', overlay: 'prod', settings: { namespace: 'energy-dev', image: 'gcr.io/p/model:1', worker_service_account: 'runner', n_workers: 2, node_selector: { pool: 'big' }, active_deadline_seconds: 21600, parallelism: 16 } },
        ],
        overlays: [{ name: 'prod', resources: { small: { cpus: 16 } }, targets: { gke: { namespace: 'energy-prod' } } }],
      },
    });
    wf.steps[0]!.resourceClass = 'small';
    const emitted = emit(wf);
    const m = expectValid(emitted.files, 'deployed');
    for (const manifest of [m.workflow, m.pvc, ...m.configMaps]) expect(manifest.metadata.namespace).toBe('energy-prod');
    expect(m.workflow.spec.serviceAccountName).toBe('runner');
    expect(m.workflow.spec.nodeSelector).toEqual({ pool: 'big' });
    expect([m.workflow.spec.activeDeadlineSeconds, m.workflow.spec.parallelism]).toEqual([21600, 16]);
    const t = podTemplateOf(emitted.files);
    expect(t.container.image).toBe('gcr.io/p/model:1');
    expect(t.container.resources.requests.cpu).toBe('16');
    expect(emitted.files.get('submit.sh')!.text).toContain('argo submit --namespace energy-prod "$here/workflow.yaml" "$@"');
    expect(emitted.losses.map((l) => l.construct)).toContain('setting n_workers of target gke');
  });

  it('records what Argo cannot express', () => {
    const wf = oneStep({
      environment: { conda: 'envs/x.yaml', modules: ['gcc/12'] },
      when: 'config["run"]',
      resources: { gpus: 1, gpuType: 'a100', retryScaling: { memory: 2 } },
      placement: { provider: 'slurm', partition: 'gpu' },
    });
    const constructs = emit(wf).losses.map((l) => l.construct);
    for (const c of ['conda environment', 'environment modules gcc/12', 'condition "config["run"]"', 'resources growing on retry', 'GPU type a100', 'slurm placement', 'container image']) {
      expect(constructs).toContain(`${c} (step "work")`);
    }
  });

  it('mounts host directories where it can, and says where it cannot', () => {
    // A mount inside the pod's working directory would hide part of the shared volume.
    const insideVolume = `${WORK_DIR}/site`;
    const wf = oneStep({ environment: { container: { image: 'alpine:3' }, mounts: { '/data/ref': '/ref', 'inputs/raw': '/raw', 's3://bucket/x': '/s3', '/opt/site': insideVolume } } });
    const emitted = emit(wf);
    const m = expectValid(emitted.files, 'mounts');
    expect(m.workflow.spec.volumes).toContainEqual({ name: 'host-data-ref', hostPath: { path: '/data/ref' } });
    expect(podTemplateOf(emitted.files).container.volumeMounts).toEqual([
      { name: 'work', mountPath: '/wfc/work' },
      { name: 'jobs', mountPath: '/wfc/jobs', readOnly: true },
      { name: 'host-data-ref', mountPath: '/ref' },
      { name: 'work', mountPath: '/raw', subPath: 'inputs/raw' },
    ]);
    const constructs = emitted.losses.map((l) => l.construct);
    expect(constructs).toContain('mount s3://bucket/x → /s3 (step "work")');
    expect(constructs).toContain(`mount /opt/site → ${insideVolume} (step "work")`);
  });

  it('writes a submit.sh that bash accepts, for every corpus case', async () => {
    for (const c of corpusCases()) {
      const tree = await emitCase(c, 'kubernetes');
      const file = join(tempDir(), 'submit.sh');
      writeFileSync(file, tree.get('submit.sh')!.text);
      const check = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(check.status, `${c.name}: ${check.stderr}`).toBe(0);
      expect(tree.get('submit.sh')!.executable).toBe(true);
    }
  });
});

describe('the self-check', () => {
  it('turns an invalid manifest into INT001 instead of files', () => {
    const wf = oneStep({});
    const m = manifestsOf(emit(wf).files);
    const broken = structuredClone(m.workflow);
    broken.spec.templates[0].dag.tasks[0].dependencies = ['nowhere'];
    broken.spec.templates[1].container.env = [{ name: 'X', value: '{{workflow.uid2}}' }];
    const bag = new DiagnosticBag();
    checkManifests(broken, m.configMaps, m.pvc, bag);
    expect(bag.items.map((d) => d.code)).toEqual(['INT001', 'INT001']);
    expect(bag.items.map((d) => d.message).join('\n')).toMatch(/depends on nowhere[\s\S]*\{\{workflow\.uid2\}\}/);
    const clean = new DiagnosticBag();
    checkManifests(m.workflow, m.configMaps, m.pvc, clean);
    expect(clean.items).toEqual([]);
  });
});
