// The Torc backend: specs valid against the derived schema with every name resolving, the same
// jobs, files and order when read back, Slurm schedulers from site placements and deployment
// targets, resources in Torc's units, losses, and quoting that survives both Torc and bash.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitTorc } from '../../backends/torc/index.js';
import { torcWord } from '../../backends/torc/command.js';
import { torcNames } from '../../backends/torc/names.js';
import { backendFor } from '../../backends/registry.js';
import { contextFor, passesFor } from '../../cli/compile.js';
import { hasErrors } from '../../ir/diagnostics.js';
import { keptOf } from '../../ir/formats/torc.js';
import { jobEdges } from '../../ir/graph.js';
import { shJoin } from '../../ir/shell.js';
import type { Job, Loss, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import type { SiteProfile } from '../../passes/context.js';
import { runPasses } from '../../passes/pass.js';
import { corpusCase, corpusCases } from '../helpers/corpus.js';
import { parseCase, parseText, runCli } from '../helpers/run.js';
import { errorsOf, torcSchema } from '../helpers/schemas.js';
import { torcProblems } from '../helpers/torc.js';
import { tempDir } from '../helpers/tmp.js';
import { sharedTraces } from '../helpers/traces.js';

type Doc = Record<string, unknown>;
const GiB = 2 ** 30;

interface Emitted {
  /** The workflow as the backend got it, after the target's passes. */
  workflow: Workflow;
  text: string;
  spec: Doc;
  losses: Loss[];
}

async function toTorc(wf: Workflow, site?: SiteProfile): Promise<Emitted> {
  const backend = backendFor('torc')!;
  const passed = runPasses(wf, await passesFor(backend), contextFor(backend, site ? { site } : {}));
  if (!passed.value || hasErrors(passed.diagnostics)) throw new Error(`passes failed: ${JSON.stringify(passed.diagnostics)}`);
  const out = emitTorc(passed.value);
  expect(out.diagnostics).toEqual([]);
  const text = out.files.get('workflow.yaml')!.text;
  return { workflow: passed.value, text, spec: parse(text) as Doc, losses: out.losses };
}

function expectValid(spec: Doc, what: string): void {
  const validate = torcSchema();
  expect(validate(spec), `${what}: ${errorsOf(validate)}`).toBe(true);
  expect(torcProblems(spec), what).toEqual([]);
}

/** Jobs by Torc name with their files, and the order between them. */
function graphOf(wf: Workflow, nameOf: (job: Job) => string) {
  const byId = new Map(wf.jobs.map((j) => [j.id, nameOf(j)]));
  return {
    jobs: Object.fromEntries(wf.jobs.map((j) => [nameOf(j), { in: [...j.inputs].sort(), out: [...j.outputs].sort() }])),
    edges: jobEdges(wf).map((e) => `${byId.get(e.from)} -> ${byId.get(e.to)}`).sort(),
  };
}

async function readBack(text: string): Promise<Workflow> {
  const back = await parseText('torc', 'workflow.yaml', text);
  expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return back.workflow!;
}

async function sameGraph(e: Emitted, what: string): Promise<Workflow> {
  const back = await readBack(e.text);
  const names = torcNames(e.workflow, keptOf(e.workflow)).job;
  expect(graphOf(back, (j) => j.id), what).toEqual(graphOf(e.workflow, (j) => names.get(j.id)!));
  return back;
}

describe('Torc specs of every corpus case and trace', () => {
  it('are valid against the derived schema, every name resolves, and read back they have the same jobs, files and order', async () => {
    for (const c of corpusCases()) {
      const { workflow, diagnostics } = await parseCase(c);
      expect(workflow, `${c.name}: ${JSON.stringify(diagnostics)}`).toBeDefined();
      const e = await toTorc(workflow!);
      expectValid(e.spec, c.name);
      const back = await sameGraph(e, c.name);
      // Commands run as they did: argument vectors as one shell line, scripts as they are.
      const byName = new Map(back.jobs.map((j) => [j.id, j]));
      const names = torcNames(e.workflow, keptOf(e.workflow)).job;
      for (const job of e.workflow.jobs) {
        const read = byName.get(names.get(job.id)!)!.command;
        const want = !job.command ? 'true' : 'argv' in job.command ? shJoin(job.command.argv) : job.command.script;
        expect(read, `${c.name} ${job.id}`).toEqual({ script: want });
      }
    }
  }, 120_000);

  it('the same for the 13 WfCommons traces', async () => {
    const traces = sharedTraces();
    expect(traces).toHaveLength(13);
    for (const t of traces) {
      const { workflow } = await parseText('wfformat', t.name, t.text);
      const e = await toTorc(workflow!);
      expectValid(e.spec, t.name);
      await sameGraph(e, t.name);
      // A trace records what ran: Torc gets the commands, not the observations.
      expect(e.losses.map((l) => l.construct)).toContainEqual(expect.stringMatching(/^what [\d,]+ jobs? did when they ran$/));
    }
  }, 180_000);

  it('writes the 2,122-task Montage trace in well under a second', async () => {
    const t = sharedTraces().find((x) => x.name.includes('montage-chameleon-dss-15d'))!;
    const { workflow } = await parseText('wfformat', t.name, t.text);
    const backend = backendFor('torc')!;
    const passed = runPasses(workflow!, await passesFor(backend), contextFor(backend)).value!;
    expect(passed.jobs).toHaveLength(2122);
    emitTorc(passed); // warm up
    const start = performance.now();
    const out = emitTorc(passed);
    const ms = performance.now() - start;
    console.log(`torc: ${passed.jobs.length} jobs emitted in ${ms.toFixed(0)} ms (${out.files.get('workflow.yaml')!.text.length} bytes)`);
    expect(ms).toBeLessThan(1000);
  }, 60_000);
});

describe('Slurm', () => {
  const site = (account?: string): SiteProfile => ({
    file: 'site.yaml',
    slurm: {
      ...(account ? { account, qos: 'normal' } : {}),
      partitions: [
        { name: 'short', maxCpus: 32, maxMemoryBytes: 128 * GiB, maxWalltimeSeconds: 4 * 3600 },
        { name: 'gpu', maxCpus: 16, maxGpus: 4 },
      ],
    },
  });

  it('gives each partition the site places jobs on a scheduler sized for its largest job, requested level by level', async () => {
    const { workflow } = await parseCase(corpusCase('smk-resources'));
    const e = await toTorc(workflow!, site('proj'));
    expectValid(e.spec, 'smk-resources');
    // index: 8 CPUs, 16e9 bytes, 2h; call_*: 4 or 2 CPUs, 1h30m; train: 16 CPUs, 2 GPUs, 16e9 bytes, 1h; all: 1 CPU.
    expect(e.spec.slurm_schedulers).toEqual([
      { name: 'short_scheduler', account: 'proj', qos: 'normal', partition: 'short', nodes: 1, mem: '15259M', walltime: '02:00:00' },
      { name: 'gpu_scheduler', account: 'proj', qos: 'normal', partition: 'gpu', nodes: 1, mem: '15259M', gres: 'gpu:2', walltime: '01:00:00' },
    ]);
    const jobs = e.spec.jobs as Doc[];
    expect(Object.fromEntries(jobs.map((j) => [j.name, j.scheduler]))).toEqual({
      index: 'short_scheduler',
      call_chr1: 'short_scheduler',
      call_chr2: 'short_scheduler',
      call_chrX: 'short_scheduler',
      train: 'gpu_scheduler',
      all: 'short_scheduler',
    });
    // Levels: index 0, the calls 1, train 2, all 3. Torc fires an action when all its jobs are ready.
    const actions = (e.spec.actions as Doc[]).map((a) => [a.scheduler, a.jobs, a.trigger_type, a.action_type, a.num_allocations]);
    expect(actions).toEqual([
      ['short_scheduler', ['index'], 'on_jobs_ready', 'schedule_nodes', 1],
      ['short_scheduler', ['call_chr1', 'call_chr2', 'call_chrX'], 'on_jobs_ready', 'schedule_nodes', 1],
      ['short_scheduler', ['all'], 'on_jobs_ready', 'schedule_nodes', 1],
      ['gpu_scheduler', ['train'], 'on_jobs_ready', 'schedule_nodes', 1],
    ]);
  });

  it('through the command line with --site', async () => {
    const c = corpusCase('smk-resources');
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yaml'), 'slurm:\n  account: proj\n  partitions:\n    - {name: short, max_cpus: 32, max_memory: 128 GB, max_time: 4h}\n    - {name: gpu, max_cpus: 16, max_gpus: 4}\n');
    const out = join(dir, 'out');
    const r = await runCli(['convert', c.input, ...c.args, '--to', 'torc', '--site', join(dir, 'site.yaml'), '--out', out, '-q'], c.dir);
    expect(r.code, r.stderr).toBe(0);
    const spec = parse(execFileSync('cat', [join(out, 'workflow.yaml')], { encoding: 'utf8' })) as Doc;
    expectValid(spec, 'cli');
    expect((spec.slurm_schedulers as Doc[]).map((s) => [s.name, s.partition, s.account])).toEqual([
      ['short_scheduler', 'short', 'proj'],
      ['gpu_scheduler', 'gpu', 'proj'],
    ]);
  });

  it('without an account writes no scheduler, and says why', async () => {
    const { workflow } = await parseCase(corpusCase('smk-resources'));
    const e = await toTorc(workflow!, site());
    expectValid(e.spec, 'no account');
    expect(e.spec.slurm_schedulers).toBeUndefined();
    expect(e.losses.filter((l) => l.construct.startsWith('Slurm placement')).map((l) => l.construct).sort()).toEqual(['Slurm placement on gpu', 'Slurm placement on short']);
  });

  it("takes a workflow's Slurm deployment targets as schedulers, settings under Torc's names, the rest lost", async () => {
    const wf = chain(['a', 'b']);
    wf.deployment = {
      targets: [
        { name: 'cluster', provider: 'slurm', settings: { account: 'proj', queue: 'debug', walltime: '00:20:00', nodes: '2', comm_port: 8786 } },
        { name: 'cloud', provider: 'aws', settings: { region: 'us-east-1' } },
      ],
      overlays: [],
      settings: { default_storage: '/scratch', execution_config: { mode: 'direct' } },
    };
    const e = await toTorc(wf);
    expectValid(e.spec, 'targets');
    expect(e.spec.slurm_schedulers).toEqual([{ name: 'cluster', account: 'proj', partition: 'debug', walltime: '00:20:00', nodes: 2 }]);
    expect((e.spec.jobs as Doc[]).map((j) => j.scheduler)).toEqual(['cluster', 'cluster']);
    expect(e.spec.actions).toEqual([
      { trigger_type: 'on_jobs_ready', action_type: 'schedule_nodes', jobs: ['a'], scheduler: 'cluster', scheduler_type: 'slurm', num_allocations: 1 },
      { trigger_type: 'on_jobs_ready', action_type: 'schedule_nodes', jobs: ['b'], scheduler: 'cluster', scheduler_type: 'slurm', num_allocations: 1 },
    ]);
    expect(e.spec.execution_config).toEqual({ mode: 'direct' });
    expect(e.losses.map((l) => l.construct).sort()).toEqual(['deployment target "cloud" (aws)', 'project setting default_storage', 'setting comm_port of Slurm target "cluster"']);
  });
});

/** Steps `a`, `b`, ... each with one job that reads the previous job's file. */
function chain(names: string[], command: (i: number, input: string | undefined, output: string) => Job['command'] = (_i, input, output) => ({ argv: ['tool', ...(input ? [input] : []), output] })): Workflow {
  const wf = createWorkflow('chain', 'ir', []);
  wf.steps = names.map((id) => ({ id, name: id, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }));
  wf.jobs = names.map((id, i) => {
    const input = i > 0 ? `${names[i - 1]}.out` : undefined;
    const job: Job = { id, step: id, binding: {}, inputs: input ? [input] : [], outputs: [`${id}.out`], after: [] };
    const c = command(i, input, `${id}.out`);
    if (c) job.command = c;
    return job;
  });
  wf.files = names.map((id) => ({ id: `${id}.out`, kind: 'file' as const }));
  return canonicalize(wf);
}

describe('what a job asks for', () => {
  it('whole CPUs, memory never rounded down, ISO 8601 runtimes; disk and GPU type are losses', async () => {
    const wf = chain(['a']);
    wf.steps[0]!.resources = { cpus: 0.5, memoryBytes: 1000, walltimeSeconds: 90, gpus: 1, gpuType: 'a100', diskBytes: GiB };
    const e = await toTorc(wf);
    expectValid(e.spec, 'resources');
    expect(e.spec.resource_requirements).toEqual([{ name: 'c0.5-m1M-t1m30s-g1a100-d1G', num_cpus: 1, num_gpus: 1, num_nodes: 1, memory: '1k', runtime: 'PT1M30S' }]);
    expect((e.spec.jobs as Doc[])[0]!.resource_requirements).toBe('c0.5-m1M-t1m30s-g1a100-d1G');
    expect(e.losses.map((l) => l.construct)).toEqual(['1 GiB of local disk (resource requirement "c0.5-m1M-t1m30s-g1a100-d1G")', 'GPU type a100 (resource requirement "c0.5-m1M-t1m30s-g1a100-d1G")']);
  });

  it('retries as failure handlers; containers, conda, modules and conditions are losses', async () => {
    const wf = chain(['a', 'b']);
    wf.steps[1]!.retries = 2;
    wf.steps[1]!.environment = { container: { image: 'python:3.12' }, conda: 'env.yaml', modules: ['gcc'], env: { A: '1' } };
    wf.steps[1]!.when = 'config["x"]';
    const e = await toTorc(wf);
    expectValid(e.spec, 'retries');
    expect(e.spec.failure_handlers).toEqual([{ name: 'retry_2', rules: [{ match_all_exit_codes: true, max_retries: 2 }] }]);
    expect((e.spec.jobs as Doc[]).map((j) => [j.name, j.failure_handler, j.env])).toEqual([
      ['a', undefined, undefined],
      ['b', 'retry_2', { A: '1' }],
    ]);
    expect(e.losses.map((l) => l.construct)).toEqual(['container python:3.12 (step "b")', 'conda environment (step "b")', 'modules gcc (step "b")', 'condition "config["x"]" (step "b")']);
  });
});

describe('commands', () => {
  it("refer to files whose paths are plain shell words; quote other paths; keep Torc's syntax out of quoted text", async () => {
    const wf = chain(['a', 'b'], (i, input, output) => ({ argv: i === 0 ? ['make', '-o', output, '${files.input.a.out}'] : ['cat', input!, '--to', output] }));
    wf.files.push({ id: 'my file.txt', kind: 'file', origin: 'declared' });
    wf.jobs[1]!.inputs.push('my file.txt');
    (wf.jobs[1]!.command as { argv: string[] }).argv.push('my file.txt');
    const e = await toTorc(wf);
    expectValid(e.spec, 'commands');
    const jobs = e.spec.jobs as Doc[];
    expect(jobs[0]).toMatchObject({ name: 'a', command: "make -o ${files.output.a.out} '$''{files.input.a.out}'" });
    expect(jobs[1]).toMatchObject({ name: 'b', command: "cat ${files.input.a.out} --to ${files.output.b.out} 'my file.txt'", input_files: ['my file.txt'] });
    expect(jobs[0]!.output_files).toBeUndefined();
    // Read back, the quoted text is no reference, and the commands are what ran.
    const back = await readBack(e.text);
    expect(back.jobs.map((j) => j.command)).toEqual([{ script: "make -o a.out '$''{files.input.a.out}'" }, { script: "cat a.out --to b.out 'my file.txt'" }]);
    expect(execFileSync('bash', ['-c', `printf '%s\\n' ${torcWord('${files.input.a.out}')}`], { encoding: 'utf8' })).toBe('${files.input.a.out}\n');
  });

  it('keep any name, path and argument when read back: the spec stays valid and bash gets the same words', async () => {
    const piece = fc.oneof(
      fc.constantFrom(' ', "'", '"', '$(', ')', '`', '${files.input.x}', '${user_data.output.y}', '{', '}', '-', '--', 'é', '名', '🙂', '\\', '\n', '\t', '*', '#', ';', '&', '$HOME', '{i}'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 3 }),
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')).filter((s) => s !== '');
    /** The words a bash command line prints with `printf '%s\0'`. */
    const printed = (line: string) => execFileSync('bash', ['-c', line], { encoding: 'utf8' }).split('\0').slice(0, -1);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text, { minLength: 2, maxLength: 3 }), fc.uniqueArray(text, { minLength: 3, maxLength: 3 }), text, async (names, paths, arg) => {
        const wf = createWorkflow(names[0]!, 'ir', []);
        wf.steps = names.map((n, i) => ({ id: `s${i}`, name: n, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }));
        // Jobs take turns: an argument vector, then a script (as Snakemake and Nextflow render them).
        const words = (i: number) => [arg, ...(i > 0 ? [paths[i - 1]!] : []), paths[i]!];
        wf.jobs = names.map((n, i) => ({
          id: `j${i}`,
          name: n,
          step: `s${i}`,
          binding: {},
          inputs: i > 0 ? [paths[i - 1]!] : [],
          outputs: [paths[i]!],
          after: [],
          command: i % 2 === 0 ? { argv: ['printf', '%s\\0', ...words(i)] } : { script: `printf '%s\\0' ${shJoin(words(i))}` },
        }));
        wf.files = paths.slice(0, names.length).map((id) => ({ id, kind: 'file' as const }));
        const e = await toTorc(canonicalize(wf));
        expectValid(e.spec, 'names');
        const back = await sameGraph(e, 'names');
        for (const job of e.workflow.jobs) {
          const read = (back.jobs.find((j) => j.id === job.name)!.command as { script: string }).script;
          const i = Number(job.id.slice(1));
          expect(printed(read)).toEqual(words(i));
          // A script comes back byte for byte, unless Torc would have rewritten it.
          if ('script' in job.command! && !/\$\{(files|user_data)\.(input|output)\.[^}]+\}/.test(job.command.script)) expect(read).toBe(job.command.script);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
