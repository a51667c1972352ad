// The Torc frontend: the shared example specs against expectations worked out by hand, parameters,
// variables and regexes as Torc expands them, round trips (spec → IR → spec keeps what the format
// holds; wfc's own output comes back byte for byte), diagnostics with positions and hints, and
// mutated specs that never crash it.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { detectFormat } from '../../frontends/registry.js';
import { parseTorc } from '../../frontends/torc/index.js';
import { jobEdges } from '../../ir/graph.js';
import type { Diagnostic } from '../../ir/diagnostics.js';
import type { Workflow } from '../../ir/types.js';
import { parseDuration, parseMemory } from '../../ir/units.js';
import { corpusCases } from '../helpers/corpus.js';
import { sharedPath } from '../helpers/paths.js';
import { emitCase, emitWorkflow, parseText } from '../helpers/run.js';
import { errorsOf, torcSchema } from '../helpers/schemas.js';
import { torcProblems } from '../helpers/torc.js';

type Doc = Record<string, unknown>;

const EXAMPLES = ['diamond_workflow.yaml', 'hundred_jobs_parameterized.yaml', 'workflow_actions_simple_slurm.yaml'];
const example = (name: string) => readFileSync(sharedPath('corpus/torc-examples', name), 'utf8');

async function read(text: string, path = 'workflow.yaml', params: Record<string, string> = {}): Promise<Workflow> {
  const r = await parseText('torc', path, text, params);
  expect(r.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(r.diagnostics)).toEqual([]);
  return r.workflow!;
}

function edges(wf: Workflow): string[] {
  return jobEdges(wf).map((e) => `${e.from} -> ${e.to}`).sort();
}

async function toTorcText(wf: Workflow): Promise<string> {
  return (await emitWorkflow(wf, [], 'torc')).get('workflow.yaml')!.text;
}

describe('the shared example specs', () => {
  it('are recognised as Torc specs, and other YAML is not', () => {
    for (const name of EXAMPLES) expect(detectFormat(name, example(name))?.format).toBe('torc');
    expect(detectFormat('ci.yaml', 'jobs:\n  build:\n    steps:\n      - run:\n          command: make\n')?.format).not.toBe('torc');
    expect(detectFormat('workflow.yml', 'pegasus: "5.0"\nname: x\njobs:\n  - type: job\n    id: a\n    name: t\n    arguments: []\n    uses: []\n')?.format).toBe('pegasus');
  });

  it('diamond: four jobs whose order comes from the files their commands refer to', async () => {
    const wf = await read(example('diamond_workflow.yaml'));
    expect(wf.name).toBe('diamond_workflow');
    expect(wf.jobs.map((j) => [j.id, j.inputs, j.outputs, j.after])).toEqual([
      ['preprocess', ['f1.json'], ['f2.json', 'f3.json'], []],
      ['work1', ['f2.json'], ['f4.json'], []],
      ['work2', ['f3.json'], ['f5.json'], []],
      ['postprocess', ['f4.json', 'f5.json'], ['f6.json'], []],
    ]);
    expect(edges(wf)).toEqual(['preprocess -> work1', 'preprocess -> work2', 'work1 -> postprocess', 'work2 -> postprocess']);
    expect(wf.jobs[0]!.command).toEqual({ script: 'bash tests/scripts/preprocess.sh -i f1.json -o f2.json -o f3.json' });
    expect(wf.files.map((f) => [f.id, f.origin])).toEqual([
      ['f1.json', 'declared'],
      ['f2.json', undefined],
      ['f3.json', undefined],
      ['f4.json', undefined],
      ['f5.json', undefined],
      ['f6.json', undefined],
    ]);
  });

  it('hundred jobs: one step fanned out over i = 1..100, job_001 to job_100, all in resource class "minimal"', async () => {
    const wf = await read(example('hundred_jobs_parameterized.yaml'));
    expect(wf.steps.map((s) => [s.id, s.name, s.fanout, s.resourceClass])).toEqual([['job', 'job_{i:03d}', ['job.i'], 'minimal']]);
    expect(wf.domains).toMatchObject([{ id: 'job.i', values: Array.from({ length: 100 }, (_, i) => String(i + 1)) }]);
    expect(wf.jobs).toHaveLength(100);
    expect(wf.jobs.map((j) => j.id)).toEqual(Array.from({ length: 100 }, (_, i) => `job_${String(i + 1).padStart(3, '0')}`));
    expect(wf.jobs[41]).toMatchObject({ id: 'job_042', binding: { 'job.i': '42' }, command: { script: 'echo hello 42' } });
    expect(edges(wf)).toEqual([]);
    expect(wf.resourceClasses).toEqual([{ id: 'minimal', resources: { cpus: 1, memoryBytes: 2 ** 30, walltimeSeconds: 60 } }]);
  });

  it('actions: five jobs ordered by depends_on, two resource classes, three Slurm schedulers as deployment targets', async () => {
    const wf = await read(example('workflow_actions_simple_slurm.yaml'));
    expect(wf.jobs.map((j) => [j.id, j.after])).toEqual([
      ['setup', []],
      ['process1', ['setup']],
      ['process2', ['setup']],
      ['process3', ['setup']],
      ['finalize', ['process1', 'process2', 'process3']],
    ]);
    expect(wf.steps.map((s) => [s.id, s.resourceClass])).toEqual([
      ['setup', 'small'],
      ['process1', 'medium'],
      ['process2', 'medium'],
      ['process3', 'medium'],
      ['finalize', 'small'],
    ]);
    expect(wf.resourceClasses).toEqual([
      { id: 'medium', resources: { cpus: 8, memoryBytes: 16 * 2 ** 30, walltimeSeconds: 7200 } },
      { id: 'small', resources: { cpus: 2, memoryBytes: 4 * 2 ** 30, walltimeSeconds: 1800 } },
    ]);
    const settings = (walltime: string) => ({ account: 'demo_project', nodes: 1, walltime });
    expect(wf.deployment?.targets).toEqual([
      { name: 'setup_scheduler', provider: 'slurm', settings: settings('00:30:00') },
      { name: 'process_scheduler', provider: 'slurm', settings: settings('02:00:00') },
      { name: 'finalize_scheduler', provider: 'slurm', settings: settings('00:30:00') },
    ]);
    // The actions have no place in the IR: kept for Torc, and the other targets are told.
    expect((wf.provenance?.extra?.torc as { spec: { actions: unknown[] } }).spec.actions).toHaveLength(3);
  });
});

describe('as Torc expands a spec', () => {
  it('parameters: shared ones by use_parameters, local ones overriding them, zipped, from a file, and from --param', async () => {
    const text = [
      'name: sweep',
      'parameters:',
      '  lr: "[0.0001,0.001]"',
      '  n: "1:2"',
      'jobs:',
      '  - name: train_lr{lr:.4f}_n{n}',
      '    command: python train.py --lr={lr} --n={n}',
      '    use_parameters: [lr, n]',
      '  - name: special_{lr}',
      '    command: python special.py {lr}',
      '    parameters: {lr: "[0.5, 1.5]"}',
      '    use_parameters: [lr]',
      '  - name: pair_{a}_{b}',
      '    command: echo {a} {b:03d}',
      '    parameter_mode: zip',
      '    parameters: {a: "[x, y]", b: [7, -8]}',
      '  - name: from_file_{s}',
      '    command: echo {s}',
      '    parameters: {s: "@samples.txt"}',
      'resource_requirements: []',
    ].join('\n');
    const parse = (params: Record<string, string>) => parseTorc({ path: 'sweep.yaml', text }, { params }, { readFile: (p) => (p === 'samples.txt' ? '# samples\nA\n\n2.50\n' : undefined) });
    const r = parse({});
    expect(r.diagnostics).toEqual([]);
    const wf = r.value!;
    expect(wf.jobs.map((j) => [j.id, (j.command as { script: string }).script])).toEqual([
      ['train_lr0.0001_n1', 'python train.py --lr=0.0001 --n=1'],
      ['train_lr0.0001_n2', 'python train.py --lr=0.0001 --n=2'],
      ['train_lr0.0010_n1', 'python train.py --lr=0.001 --n=1'],
      ['train_lr0.0010_n2', 'python train.py --lr=0.001 --n=2'],
      ['special_0.5', 'python special.py 0.5'],
      ['special_1.5', 'python special.py 1.5'],
      ['pair_x_7', 'echo x 007'],
      ['pair_y_-8', 'echo y -08'],
      ['from_file_A', 'echo A'],
      ['from_file_2.5', 'echo 2.5'],
    ]);
    // Shared parameters are one domain for every step that uses them; a zip is one domain.
    expect(wf.steps.map((s) => [s.id, s.fanout])).toEqual([
      ['train_lr_n', ['lr', 'n']],
      ['special', ['special.lr']],
      ['pair', ['pair.a+b']],
      ['from_file', ['from_file.s']],
    ]);
    expect(wf.params).toEqual({ lr: '[0.0001,0.001]', n: '1:2' });
    const sized = parse({ n: '5:6' }).value!;
    expect(sized.jobs.slice(0, 2).map((j) => j.id)).toEqual(['train_lr0.0001_n5', 'train_lr0.0001_n6']);
  });

  it('variables: put into every string, `${...}` left alone; regexes: searched in names', async () => {
    const wf = await read(
      [
        'name: vars',
        'variables: {root: /scratch/p, tag: v2}',
        'files:',
        '  - {name: raw_1, path: "{root}/raw_1.csv"}',
        '  - {name: raw_2, path: "{root}/raw_2.csv"}',
        '  - {name: out, path: "{root}/out_{tag}.csv"}',
        'jobs:',
        '  - name: prep_1',
        '    command: touch ${files.output.raw_1}',
        '  - name: prep_2',
        '    command: touch ${files.output.raw_2}',
        '  - name: merge',
        '    command: cat {root}/raw_*.csv > ${files.output.out}; echo $HOME ${TORC_JOB_ID}',
        '    input_file_regexes: ["^raw_"]',
        '  - name: report',
        '    command: echo done',
        '    depends_on_regexes: ["^prep_"]',
      ].join('\n'),
    );
    expect(wf.jobs.map((j) => [j.id, j.inputs, j.outputs, j.after])).toEqual([
      ['prep_1', [], ['/scratch/p/raw_1.csv'], []],
      ['prep_2', [], ['/scratch/p/raw_2.csv'], []],
      ['merge', ['/scratch/p/raw_1.csv', '/scratch/p/raw_2.csv'], ['/scratch/p/out_v2.csv'], []],
      ['report', [], [], ['prep_1', 'prep_2']],
    ]);
    expect(wf.jobs[2]!.command).toEqual({ script: 'cat /scratch/p/raw_*.csv > /scratch/p/out_v2.csv; echo $HOME ${TORC_JOB_ID}' });
  });

  it('reads JSON specs as it reads YAML', async () => {
    const yaml = await read(example('diamond_workflow.yaml'), 'diamond.yaml');
    const json = await read(JSON.stringify(parse(example('diamond_workflow.yaml'))), 'diamond.json');
    expect({ ...json, source: undefined, steps: json.steps.map((s) => ({ ...s, span: undefined })) }).toEqual({
      ...yaml,
      source: undefined,
      steps: yaml.steps.map((s) => ({ ...s, span: undefined })),
    });
  });
});

/**
 * A spec using what the format holds beyond the examples: file names other than their paths,
 * references and explicit lists, user data, datasets, failure handlers, schedulers, actions,
 * environment at both levels, per-job settings and the run settings.
 */
const RICH = `
name: rich
user: someone
project: demo
description: every field wfc keeps
metadata: '{"team": "hpc"}'
env: {LOG: info, SHARED: "1"}
files:
  - {name: raw, path: data/raw.csv, st_mtime: 1700000000}
  - {name: clean, path: work/clean.csv}
  - {name: model, path: work/model.pt}
  - {name: report, path: out/report.html}
  - {name: notes, path: docs/notes.txt}
datasets:
  - {name: shards, path: work/shards, hash_mode: content}
user_data:
  - name: cfg
    data: {alpha: 0.5, layers: [1, 2]}
  - {name: metrics, is_ephemeral: true}
resource_requirements:
  - {name: small, num_cpus: 2, memory: 1024m, runtime: P0DT1M}
  - {name: wide, num_cpus: 8, num_gpus: 1, num_nodes: 2, memory: 32g, runtime: PT2H}
failure_handlers:
  - name: retry_any
    rules: [{match_all_exit_codes: true, max_retries: 2}]
  - name: oom
    rules: [{exit_codes: [137], recovery_script: ./more_memory.sh, max_retries: 1}]
slurm_schedulers:
  - {name: cpu, account: proj, partition: short, walltime: "01:00:00", mem: 8G, qos: high}
  - {name: gpu, account: proj, partition: gpu, nodes: 2, gres: "gpu:1", walltime: "04:00:00", extra: "--constraint=a100"}
jobs:
  - name: clean
    command: clean.py \${files.input.raw} \${files.output.clean} --notes docs/notes.txt
    input_files: [raw, notes]
    output_user_data: [cfg]
    resource_requirements: small
    scheduler: cpu
    failure_handler: retry_any
    env: {LOG: debug}
    invocation_script: "source env.sh &&"
    priority: 5
    depends_on: null
  - name: shard
    command: shard.py work/clean.csv work/shards
    input_files: [clean]
    output_datasets: [shards]
    resource_requirements: small
    scheduler: cpu
    cancel_on_blocking_job_failure: true
    stdio: {mode: combined, delete_on_success: true}
  - name: train
    command: train.py --config \${user_data.input.cfg} \${files.output.model}
    input_datasets: [shards]
    output_user_data: [metrics]
    resource_requirements: wide
    scheduler: gpu
    failure_handler: oom
    depends_on: [shard, clean]
    supports_termination: true
  - name: report
    command: report.py \${files.input.model} > \${files.output.report}
    input_user_data: [metrics]
    depends_on: [clean]
actions:
  - {trigger_type: on_jobs_ready, action_type: schedule_nodes, jobs: [clean], scheduler: cpu, scheduler_type: slurm, num_allocations: 1}
  - {trigger_type: on_workflow_complete, action_type: run_commands, commands: ["tar czf out.tgz out"]}
slurm_defaults: {mail-type: "END,FAIL"}
execution_config: {mode: slurm, srun_termination_signal: "TERM@120"}
resource_monitor: {enabled: true, granularity: time_series, sample_interval_seconds: 5}
use_pending_failed: true
compute_node_wait_for_new_jobs_seconds: 60
`;

const REFERENCE = /\$\{(files|user_data)\.(input|output)\.([^}]+)\}/g;

/**
 * One spelling for what Torc reads the same way. Each rule is an equivalence of Torc's own:
 * - `null` and an absent field (serde's Option);
 * - lists of jobs, files, datasets, user data, resource requirements, failure handlers and
 *   schedulers are sets keyed by name (Torc looks them up by name; their order means nothing);
 * - a job's files: references in its command and its explicit lists together, as sets (Torc
 *   makes one relation of them); user data likewise;
 * - depends_on as a set, without the jobs that write what it reads (files, datasets, user data):
 *   Torc adds those edges anyway;
 * - the workflow's env merged into each job's, the job's winning (Torc stores the merge per job);
 * - resource requirements with Torc's defaults filled in (num_gpus 0, num_nodes 1), memory in
 *   bytes and runtime in seconds (`1024m` is `1g`, `P0DT1M` is `PT1M`); schedulers' nodes default 1.
 */
function normalise(spec: Doc): Doc {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  const s = clean(spec) as Doc;
  const byName = (key: string, f: (x: Doc) => Doc = (x) => x) => {
    const list = (s[key] as Doc[] | undefined) ?? [];
    if (list.length > 0) s[key] = Object.fromEntries(list.map((x) => [x.name as string, f(x)]));
    else delete s[key];
  };
  const jobs = (s.jobs as Doc[]) ?? [];
  const refs = (j: Doc, kind: string, side: string) => [...String(j.command).matchAll(REFERENCE)].filter((m) => m[1] === kind && m[2] === side).map((m) => m[3]!);
  const set = (j: Doc, key: string, extra: string[] = []) => [...new Set([...((j[key] as string[] | undefined) ?? []), ...extra])].sort();
  // Producers of files, datasets and user data, each in its own name space.
  const producers = new Map<string, string>();
  for (const j of jobs) {
    for (const f of set(j, 'output_files', refs(j, 'files', 'output'))) producers.set(`file:${f}`, j.name as string);
    for (const d of set(j, 'output_datasets')) producers.set(`dataset:${d}`, j.name as string);
    for (const u of set(j, 'output_user_data', refs(j, 'user_data', 'output'))) producers.set(`user_data:${u}`, j.name as string);
  }
  const env = (s.env as Record<string, string> | undefined) ?? {};
  delete s.env;
  byName('jobs', (j) => {
    const out: Doc = { ...j };
    out.input_files = set(j, 'input_files', refs(j, 'files', 'input'));
    out.output_files = set(j, 'output_files', refs(j, 'files', 'output'));
    out.input_user_data = set(j, 'input_user_data', refs(j, 'user_data', 'input'));
    out.output_user_data = set(j, 'output_user_data', refs(j, 'user_data', 'output'));
    const reads = [
      ...(out.input_files as string[]).map((f) => `file:${f}`),
      ...set(j, 'input_datasets').map((d) => `dataset:${d}`),
      ...(out.input_user_data as string[]).map((u) => `user_data:${u}`),
    ];
    const implied = new Set(reads.map((r) => producers.get(r)));
    out.depends_on = set(j, 'depends_on').filter((d) => !implied.has(d));
    const jobEnv = { ...env, ...((j.env as Record<string, string> | undefined) ?? {}) };
    if (Object.keys(jobEnv).length > 0) out.env = jobEnv;
    for (const key of ['input_files', 'output_files', 'input_user_data', 'output_user_data', 'depends_on']) if ((out[key] as string[]).length === 0) delete out[key];
    return out;
  });
  byName('files');
  byName('datasets');
  byName('user_data');
  byName('failure_handlers');
  byName('slurm_schedulers', (x) => ({ nodes: 1, ...x }));
  byName('resource_requirements', (r) => {
    const memory = parseMemory(r.memory as string, 'torc');
    const runtime = r.runtime === undefined ? undefined : parseDuration(r.runtime as string, 'torc');
    return { num_gpus: 0, num_nodes: 1, ...r, memory: 'value' in memory ? memory.value : r.memory, runtime: runtime && 'value' in runtime ? runtime.value : r.runtime };
  });
  return s;
}

describe('round trips', () => {
  it('spec → IR → spec keeps what the format holds, for the examples and a spec using every field wfc keeps', async () => {
    const hundredExpanded = (spec: Doc): Doc => ({
      ...spec,
      jobs: Array.from({ length: 100 }, (_, k) => ({ name: `job_${String(k + 1).padStart(3, '0')}`, command: `echo hello ${k + 1}`, resource_requirements: 'minimal' })),
    });
    const cases: [string, string, (d: Doc) => Doc][] = [
      ['diamond_workflow.yaml', example('diamond_workflow.yaml'), (d) => d],
      // Torc expands parameters when it creates the workflow: the source's one job spec is these 100 jobs.
      ['hundred_jobs_parameterized.yaml', example('hundred_jobs_parameterized.yaml'), hundredExpanded],
      ['workflow_actions_simple_slurm.yaml', example('workflow_actions_simple_slurm.yaml'), (d) => d],
      ['rich.yaml', RICH, (d) => d],
    ];
    // The normal form keeps what matters: finalize still waits for the three process jobs.
    const normalJobs = normalise(parse(example('workflow_actions_simple_slurm.yaml')) as Doc).jobs as Record<string, Doc>;
    expect(normalJobs.finalize!.depends_on).toEqual(['process1', 'process2', 'process3']);
    for (const [name, text, expand] of cases) {
      const wf = await read(text, name);
      const out = parse(await toTorcText(wf)) as Doc;
      const validate = torcSchema();
      expect(validate(out), `${name}: ${errorsOf(validate)}`).toBe(true);
      expect(torcProblems(out), name).toEqual([]);
      expect(normalise(out), name).toEqual(normalise(expand(parse(text) as Doc)));
    }
  });

  it('makes IR that the IR reader takes back unchanged', async () => {
    for (const [name, text] of [...EXAMPLES.map((n) => [n, example(n)] as const), ['rich.yaml', RICH] as const]) {
      const wf = await read(text, name);
      const ir = (await emitWorkflow(wf, [], 'ir')).get('workflow.ir.json')!.text;
      const back = await parseText('ir', 'workflow.ir.json', ir);
      expect(back.diagnostics, name).toEqual([]);
      // Through the IR's JSON and back, nothing Torc needs is lost.
      expect(await toTorcText(back.workflow!), name).toBe(await toTorcText(wf));
    }
  });

  it("wfc's own output comes back byte for byte: every corpus case and the examples, through IR and out again", async () => {
    const first = new Map<string, string>();
    for (const c of corpusCases()) first.set(c.name, (await emitCase(c, 'torc')).get('workflow.yaml')!.text);
    for (const name of EXAMPLES) first.set(name, await toTorcText(await read(example(name), name)));
    first.set('rich', await toTorcText(await read(RICH, 'rich.yaml')));
    for (const [name, text] of first) {
      const again = await toTorcText(await read(text, 'workflow.yaml'));
      expect(again, name).toBe(text);
    }
  }, 60_000);
});

describe('determinism', () => {
  it('reordering the jobs, files and resource requirements of a spec changes nothing in what wfc writes', async () => {
    const doc = parse(RICH) as Doc;
    const reference = await toTorcText(await read(RICH, 'rich.yaml'));
    const list = (key: string) => doc[key] as unknown[];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(list('jobs'), { minLength: list('jobs').length }),
        fc.shuffledSubarray(list('files'), { minLength: list('files').length }),
        fc.shuffledSubarray(list('resource_requirements'), { minLength: 2 }),
        async (jobs, files, resources) => {
          const text = stringify({ ...doc, jobs, files, resource_requirements: resources });
          expect(await toTorcText(await read(text, 'rich.yaml'))).toBe(reference);
        },
      ),
      { numRuns: 15 },
    );
  });
});

interface Expected {
  code: string;
  line: number;
  column: number;
  hint?: RegExp;
  message?: RegExp;
}

function diagnosticsOf(text: string, path = 'bad.yaml'): Diagnostic[] {
  return parseTorc({ path, text }, { params: {} }, { readFile: () => undefined }).diagnostics;
}

function expectError(text: string, want: Expected, path = 'bad.yaml'): void {
  const ds = diagnosticsOf(text, path);
  const d = ds.find((x) => x.code === want.code && x.severity === 'error' && (!want.message || want.message.test(x.message)));
  expect(d, `${want.code} in ${JSON.stringify(ds)}`).toBeDefined();
  expect([d!.span?.file, d!.span?.line, d!.span?.column]).toEqual([path, want.line, want.column]);
  if (want.hint) expect(d!.hint).toMatch(want.hint);
  if (want.message) expect(d!.message).toMatch(want.message);
}

describe('diagnostics point into the spec and say what to do', () => {
  const base = (jobs: string, rest = '') => `name: w\nfiles:\n  - {name: f1, path: f1.txt}\nresource_requirements:\n  - {name: small, num_cpus: 1, memory: 1g}\njobs:\n${jobs}${rest}`;

  it('unknown fields, with the field meant', () => {
    expectError(base('  - name: a\n    command: echo\n    depend_on: [b]\n'), { code: 'TRC001', line: 9, column: 5, hint: /did you mean "depends_on"/, message: /unknown property "depend_on"/ });
    expectError('nme: w\njobs: []\n', { code: 'TRC001', line: 1, column: 1, message: /unknown property "nme"/, hint: /did you mean "name"/ });
    const scheduler = base('  - {name: a, command: echo}\n', 'slurm_schedulers:\n  - {name: s, acount: p}\n');
    expectError(scheduler, { code: 'TRC001', line: 9, column: 15, message: /unknown property "acount"/, hint: /did you mean "account"/ });
    expectError(scheduler, { code: 'TRC001', line: 9, column: 5, message: /missing property "account"/ });
  });

  it('unknown files (at the reference itself), jobs, resource requirements, schedulers', () => {
    expectError(base('  - name: a\n    command: cat ${files.input.f2} > out\n'), { code: 'TRC002', line: 8, column: 18, hint: /did you mean "f1"/ });
    expectError(base('  - name: a\n    command: echo\n    output_files: [f1, nope]\n'), { code: 'TRC002', line: 9, column: 24, hint: /declare it under `files:`/ });
    expectError(base('  - {name: prepare, command: echo}\n  - name: b\n    command: echo\n    depends_on: [prepaer]\n'), { code: 'TRC003', line: 10, column: 18, hint: /did you mean "prepare"/ });
    expectError(base('  - name: a\n    command: echo\n    resource_requirements: smal\n'), { code: 'TRC004', line: 9, column: 5, hint: /did you mean "small"/ });
    expectError(base('  - name: a\n    command: echo\n    scheduler: gpu\n'), { code: 'TRC008', line: 9, column: 5, hint: /slurm_schedulers/ });
  });

  it('cycles, two producers, duplicate names, bad parameters, variables, regexes, units, YAML and JSON syntax', () => {
    expectError(base('  - {name: a, command: echo, depends_on: [b]}\n  - {name: b, command: echo, depends_on: [a]}\n'), { code: 'TRC005', line: 7, column: 6, message: /cycle: a → b → a/ });
    expectError(base('  - {name: a, command: "touch ${files.output.f1}"}\n  - {name: b, command: "touch ${files.output.f1}"}\n'), { code: 'TRC010', line: 8, column: 6, message: /written by both "a" and "b"/ });
    expectError(base('  - {name: a, command: echo}\n  - {name: a, command: echo}\n'), { code: 'TRC007', line: 8, column: 6, hint: /first is at 7:6/ });
    expectError(base('  - name: a_{i}\n    command: echo\n    parameters: {i: "1:x"}\n'), { code: 'TRC006', line: 9, column: 18, message: /not a range/ });
    expectError('name: w\nvariables: {root: /x}\njobs:\n  - {name: a, command: "ls {rot}"}\n', { code: 'TRC009', line: 4, column: 28, message: /\{rot\} names no variable/ });
    expectError(base('  - name: a\n    command: echo\n    input_file_regexes: ["("]\n'), { code: 'TRC011', line: 9, column: 26 });
    expectError(base('  - {name: a, command: echo}\n').replace('memory: 1g', 'memory: lots'), { code: 'UNIT001', line: 5, column: 32 });
    // The YAML reader sees the list left open where the text ends.
    expectError('name: w\njobs:\n  - name: [unclosed\n', { code: 'SYN004', line: 4, column: 1 });
    expectError('{"name": "w", "jobs": [{"name": "a", "command": "echo", "depends": []}]}', { code: 'TRC001', line: 1, column: 57, hint: /did you mean "depends_on"/ }, 'bad.json');
  });

  it('a parameterized job reports a bad name once, not once per job', () => {
    const ds = diagnosticsOf(base('  - name: a_{i}\n    command: cat ${files.input.nope}\n    parameters: {i: "1:50"}\n'));
    expect(ds.filter((d) => d.code === 'TRC002')).toHaveLength(1);
  });
});

describe('mutated specs', () => {
  const texts = [...EXAMPLES.map(example), RICH];

  function neverCrashes(text: string, path: string): void {
    const r = parseTorc({ path, text }, { params: {} }, { readFile: () => undefined });
    expect(r.value !== undefined || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of r.diagnostics) if (d.severity === 'error') expect(d.span, JSON.stringify(d)).toBeDefined();
  }

  it('never crash the frontend: bytes changed anywhere', () => {
    const mutation = fc.record({ at: fc.nat(), remove: fc.nat(12), insert: fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '$', ':', '-', ' ', '\n', '"', "'", 'a', '1', '#', '\t'), maxLength: 6 }) });
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, ms) => {
        let text = source;
        for (const m of ms) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
        }
        neverCrashes(text, 'm.yaml');
      }),
      { numRuns: 400 },
    );
  });

  it('never crash the frontend: fields removed, replaced by any value, or renamed to other names', () => {
    const pathIn = (doc: unknown, pick: number[]): (string | number)[] => {
      const path: (string | number)[] = [];
      let v = doc;
      for (const p of pick) {
        if (Array.isArray(v) && v.length > 0) path.push(p % v.length);
        else if (v && typeof v === 'object' && Object.keys(v).length > 0) path.push(Object.keys(v)[p % Object.keys(v).length]!);
        else break;
        v = (v as Record<string | number, unknown>)[path[path.length - 1]!];
      }
      return path;
    };
    const value = fc.oneof(fc.anything(), fc.constantFrom('f1', 'setup', 'small', '${files.input.f9}', '1:3', '{i}', null, [], {}, -1, 'PT', '4 gigs'));
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.constantFrom('delete', 'set'), value, (source, pick, op, v) => {
        const doc = parse(source) as Record<string, unknown>;
        const path = pathIn(doc, pick);
        if (path.length === 0) return;
        const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, doc);
        const key = path[path.length - 1]!;
        if (op === 'delete') {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
        } else parent[key] = v;
        neverCrashes(stringify(doc), 'm.yaml');
        neverCrashes(JSON.stringify(doc) ?? 'null', 'm.json');
      }),
      { numRuns: 400 },
    );
  });
});
