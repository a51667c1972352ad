// Small raw inputs travel with the Kubernetes workflow: an inputs ConfigMap holding their bytes and
// a first task that copies them onto the volume. Through the CLI on a corpus case; through the
// backend for odd names and bytes (the copying script run by bash); limits and what stays a loss.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { emitKubernetes } from '../../backends/kubernetes/index.js';
import { MAX_INPUT_BYTES, MAX_INPUTS_BYTES } from '../../backends/kubernetes/inputs.js';
import type { InputFiles, VirtualTree } from '../../backends/types.js';
import type { Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { corpusCase } from '../helpers/corpus.js';
import { runCli } from '../helpers/run.js';
import { argoWorkflowSchema, errorsOf, kubernetesSchema } from '../helpers/schemas.js';
import { listTree, tempDir } from '../helpers/tmp.js';

type Obj = Record<string, any>;

interface Emitted {
  workflow: Obj;
  configMaps: Obj[];
  inputs?: Obj;
}

function read(text: (file: string) => string): Emitted {
  const configMaps = parseAllDocuments(text('configmap.yaml')).map((d) => d.toJS() as Obj);
  const workflow = parse(text('workflow.yaml')) as Obj;
  const argo = argoWorkflowSchema();
  expect(argo(workflow), errorsOf(argo)).toBe(true);
  const cm = kubernetesSchema('configmap-v1');
  for (const c of configMaps) expect(cm(c), errorsOf(cm)).toBe(true);
  const out: Emitted = { workflow, configMaps };
  const inputs = configMaps.find((c) => (c.metadata.name as string).endsWith('-inputs'));
  if (inputs) out.inputs = inputs;
  return out;
}

/** The inputs ConfigMap's keys as files in `dir`, as Kubernetes mounts them. */
function mount(inputs: Obj, dir: string): void {
  for (const [key, text] of Object.entries((inputs.data ?? {}) as Record<string, string>)) writeFileSync(join(dir, key), text);
  for (const [key, b64] of Object.entries((inputs.binaryData ?? {}) as Record<string, string>)) writeFileSync(join(dir, key), Buffer.from(b64, 'base64'));
}

/** Runs the stage-in task's script as its pod would, in an empty volume; returns the volume. */
function stageIn(e: Emitted): string {
  const root = tempDir();
  const inputs = join(root, 'inputs');
  const work = join(root, 'work');
  mkdirSync(inputs);
  mkdirSync(work);
  mount(e.inputs!, inputs);
  const template = (e.workflow.spec.templates as Obj[]).find((t) => t.name === 'wfc-stage-in')!;
  expect(template.container.command).toEqual(['bash', '/wfc/inputs/wfc-stage-in.sh']);
  const r = spawnSync('bash', [join(inputs, 'wfc-stage-in.sh')], { cwd: work, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return work;
}

/** Kubernetes' own count: keys and values, binary values decoded. */
function configMapBytes(cm: Obj): number {
  let n = 0;
  for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  for (const [k, v] of Object.entries((cm.binaryData ?? {}) as Record<string, string>)) n += Buffer.byteLength(k) + Buffer.from(v, 'base64').length;
  return n;
}

/** One job reading each of `inputs` (files no job writes) and writing out.txt. */
function reader(inputs: string[]): Workflow {
  const wf = createWorkflow('reader', 'ir', []);
  wf.steps = [{ id: 'cat', name: 'cat', inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }];
  wf.jobs = [{ id: 'cat', step: 'cat', binding: {}, inputs, outputs: ['out.txt'], after: [], command: { argv: ['cat', '--', ...inputs] } }];
  wf.files = [...inputs.map((id) => ({ id, kind: 'file' as const })), { id: 'out.txt', kind: 'file' as const }];
  return canonicalize(wf);
}

function filesOf(map: Map<string, Uint8Array>): InputFiles {
  return { size: (p) => map.get(p)?.length, read: (p) => map.get(p) };
}

function emitted(tree: VirtualTree): Emitted {
  return read((f) => tree.get(f)!.text);
}

describe('small inputs travel in a ConfigMap', () => {
  it('through the CLI: the inputs ConfigMap holds the files byte for byte, and a first task copies them before the readers', async () => {
    const c = corpusCase('napkin-wordcount');
    const here = tempDir();
    cpSync(c.dir, here, { recursive: true, filter: (f) => !f.startsWith(join(c.dir, 'expected')) });
    const r = await runCli(['convert', c.input, ...c.args, '--to', 'kubernetes', '--out', 'out'], here);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/must be copied/);
    const e = read((f) => readFileSync(join(here, 'out', f), 'utf8'));
    expect(e.inputs!.metadata.name).toBe('wordcount-inputs');
    const chapters = listTree(join(here, 'text')).map((f) => `text/${f}`);
    expect(chapters.length).toBe(4);
    const keys = Object.keys(e.inputs!.data).filter((k) => k !== 'wfc-stage-in.sh');
    expect(keys.length).toBe(chapters.length);
    const work = stageIn(e);
    expect(listTree(work)).toEqual(listTree(join(here, 'text')).map((f) => join('text', f)));
    for (const f of chapters) expect(readFileSync(join(work, f))).toEqual(readFileSync(join(here, f)));
    // Every task that waits for no other waits for the copy; the copy waits for nothing.
    const dag = (e.workflow.spec.templates as Obj[]).find((t) => t.name === e.workflow.spec.entrypoint)!.dag.tasks as Obj[];
    expect(dag[0]).toEqual({ name: 'wfc-stage-in', template: 'wfc-stage-in' });
    for (const t of dag.slice(1)) expect((t.dependencies as string[] | undefined)?.length ?? 0, t.name).toBeGreaterThan(0);
    const jobs = Object.assign({}, ...e.configMaps.filter((x) => x !== e.inputs).map((x) => x.data as Record<string, string>)) as Record<string, string>;
    const readers = dag.filter((t) => ((t.arguments?.parameters?.[0]?.value ?? '') as string).split(' ').some((k) => jobs[k]?.includes('text/chapter_')));
    expect(readers.length).toBe(4);
    for (const t of readers) expect(t.dependencies).toEqual(['wfc-stage-in']);
    expect((e.workflow.spec.volumes as Obj[]).find((v) => v.name === 'inputs')).toEqual({ name: 'inputs', configMap: { name: 'wordcount-inputs' } });
    const submit = readFileSync(join(here, 'out', 'submit.sh'), 'utf8');
    expect(submit).toContain('copies the small input files in ConfigMap wordcount-inputs');
    expect(submit).not.toMatch(/Copy the/);
  });

  it('reads inputs relative to the pipeline\'s working directory (Snakemake --directory)', async () => {
    const here = tempDir();
    mkdirSync(join(here, 'run', 'data'), { recursive: true });
    writeFileSync(join(here, 'run', 'data', 'a.txt'), 'from the working directory\n');
    writeFileSync(join(here, 'Snakefile'), 'rule all:\n    input: "out.txt"\n\nrule copy:\n    input: "data/a.txt"\n    output: "out.txt"\n    shell: "cp {input} {output}"\n');
    const r = await runCli(['convert', 'Snakefile', '--directory', 'run', '--to', 'kubernetes', '--out', 'out', '--quiet'], here);
    expect(r.code, r.stderr).toBe(0);
    const e = read((f) => readFileSync(join(here, 'out', f), 'utf8'));
    expect(readFileSync(join(stageIn(e), 'data', 'a.txt'), 'utf8')).toBe('from the working directory\n');
  });

  it('copies any name and any bytes exactly: text as data, the rest as binaryData', () => {
    const segment = fc.stringMatching(/^[-a-zA-Z0-9 '"$`\\!*?[\]{}();&|<>~#\t\n=%:@é✓]{1,12}$/).filter((s) => s !== '.' && s !== '..');
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    const content = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(...['a\r\nb', '\ufeffbom', 'line\u2028sep', 'no newline', '', '{{workflow.name}}\n'].map((s) => new Uint8Array(Buffer.from(s, 'utf8')))),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(path, content), { minLength: 1, maxLength: 4, selector: ([p]) => p }), (entries) => {
        // No path may be a directory of another.
        fc.pre(entries.every(([a]) => entries.every(([b]) => !b.startsWith(`${a}/`))));
        const files = new Map(entries);
        const out = emitKubernetes(reader([...files.keys()]), { inputs: filesOf(files) });
        expect(out.diagnostics).toEqual([]);
        expect(out.losses.map((l) => l.construct).join('\n')).not.toMatch(/input files/);
        const e = emitted(out.files);
        const work = stageIn(e);
        for (const [p, bytes] of files) expect(new Uint8Array(readFileSync(join(work, p))), JSON.stringify(p)).toEqual(bytes);
        for (const [key, text] of Object.entries(e.inputs!.data as Record<string, string>)) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/), expect(text).not.toMatch(/[\u2028\u2029]/);
      }),
      { numRuns: 30 },
    );
  });

  it('leaves too large, missing and overflowing inputs to be copied by hand, and says which', () => {
    const files = new Map<string, Uint8Array>([
      ['big.bin', new Uint8Array(MAX_INPUT_BYTES + 1)],
      ['small.txt', new Uint8Array(Buffer.from('small\n'))],
    ]);
    // Enough files just under the per-file limit to fill the ConfigMap.
    const fill = Math.ceil(MAX_INPUTS_BYTES / MAX_INPUT_BYTES) + 1;
    for (let i = 0; i < fill; i++) files.set(`fill/${i}.txt`, new Uint8Array(MAX_INPUT_BYTES - 1000).fill(120));
    const out = emitKubernetes(reader([...files.keys(), 'missing.txt']), { inputs: filesOf(files) });
    expect(out.diagnostics).toEqual([]);
    const e = emitted(out.files);
    expect(configMapBytes(e.inputs!)).toBeLessThanOrEqual(MAX_INPUTS_BYTES);
    const staged = Object.keys(e.inputs!.data).length - 1;
    expect(staged).toBeGreaterThan(1);
    expect(staged).toBeLessThan(fill + 1);
    const losses = out.losses.filter((l) => /input files/.test(l.construct));
    expect(losses.map((l) => l.construct)).toEqual([expect.stringContaining('missing.txt'), expect.stringContaining('big.bin'), expect.stringMatching(/fill\/\d+\.txt/)]);
    for (const l of losses) expect(l.reason).toMatch(/must be copied onto the shared volume/);
    const work = stageIn(e);
    expect(readFileSync(join(work, 'small.txt'), 'utf8')).toBe('small\n');
    expect(out.files.get('submit.sh')!.text).toContain('Copy the other input files onto it first');
  });

  it('without the files (a library call) reads nothing and keeps the loss', () => {
    const out = emitKubernetes(reader(['a.txt']));
    const e = emitted(out.files);
    expect(e.inputs).toBeUndefined();
    expect((e.workflow.spec.templates as Obj[]).map((t) => t.name)).not.toContain('wfc-stage-in');
    expect(out.losses.find((l) => /input files/.test(l.construct))!.reason).toBe('must be copied onto the shared volume before the workflow starts; Argo does not stage them');
  });
});
