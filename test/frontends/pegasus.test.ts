import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { backendFor } from '../../backends/registry.js';
import { pegasusNames } from '../../backends/pegasus/names.js';
import type { VirtualTree } from '../../backends/types.js';
import { contextFor, passesFor } from '../../cli/compile.js';
import { parsePegasus } from '../../frontends/pegasus/index.js';
import { readYaml } from '../../frontends/pegasus/read-yaml.js';
import { detectFormat } from '../../frontends/registry.js';
import type { FrontendHost } from '../../frontends/types.js';
import { DiagnosticBag, hasErrors, type Diagnostic } from '../../ir/diagnostics.js';
import { fileProducers, jobEdges } from '../../ir/graph.js';
import { IR_SCHEMA } from '../../ir/schema.js';
import type { Job, JobCommand, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import { compileSchema } from '../../frontends/common/schema-check.js';
import { runPasses } from '../../passes/pass.js';
import { corpusCases } from '../helpers/corpus.js';
import { ROOT } from '../helpers/paths.js';
import { emitWorkflow, parseCase, parseText, runCli } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';
import { errorsOf, pegasusSchema } from '../helpers/schemas.js';
import { sharedTraces } from '../helpers/traces.js';

const FIXTURES = join(ROOT, 'test/fixtures/pegasus');
const irSchema = compileSchema(IR_SCHEMA);
const DOCUMENTS = [
  ['workflow.yml', 'wf-5.0.yml'],
  ['transformations.yml', 'tc-5.0.yml'],
  ['replicas.yml', 'rc-5.0.yml'],
  ['sites.yml', 'sc-5.0.yml'],
] as const;

/** The files of a directory, read-only, as the CLI gives them to a frontend. */
function dirHost(dir: string): FrontendHost {
  return { readFile: (p) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined) };
}

function treeHost(tree: VirtualTree): FrontendHost {
  return { readFile: (p) => tree.get(p)?.text };
}

function read(host: FrontendHost, path = 'workflow.yml', text = host.readFile(path)!): { workflow?: Workflow; diagnostics: Diagnostic[] } {
  const r = parsePegasus({ path, text }, { params: {} }, host);
  return { workflow: r.value && canonicalize(r.value), diagnostics: r.diagnostics };
}

/** The workflow as the Pegasus backend receives it: after the passes the target asks for. */
async function preparedForPegasus(wf: Workflow): Promise<Workflow> {
  const backend = backendFor('pegasus')!;
  const passed = runPasses(wf, await passesFor(backend), contextFor(backend));
  if (!passed.value || hasErrors(passed.diagnostics)) throw new Error(JSON.stringify(passed.diagnostics));
  return passed.value;
}

async function emitPegasus(wf: Workflow): Promise<VirtualTree> {
  const emitted = (await backendFor('pegasus')!.load())(wf);
  expect(emitted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return emitted.files;
}

/** A job without a command does nothing; so does one that runs `true` (the backend's stand-in for it). */
function commandOf(job: Job): JobCommand | undefined {
  const c = job.command;
  return c && 'argv' in c && c.argv.length === 1 && c.argv[0] === 'true' ? undefined : c;
}

/**
 * The concrete graph under the names Pegasus gives it (job ids, transformation names, logical file
 * names): jobs with their files and commands, files with size and stage-out, every edge.
 */
function graphOf(wf: Workflow, renamed: boolean) {
  const names = renamed ? pegasusNames(wf) : undefined;
  const job = (id: string) => names?.job.get(id) ?? id;
  const file = (id: string) => names?.lfn.get(id) ?? id;
  const step = (id: string) => names?.transformation.get(id) ?? id;
  const used = new Set(wf.jobs.flatMap((j) => [...j.inputs, ...j.outputs]));
  const produced = fileProducers(wf);
  return {
    jobs: wf.jobs
      .map((j) => {
        // The backend labels a node with the job's name, or with its id where Pegasus renamed it.
        const label = renamed ? ((j.name ?? j.id) !== job(j.id) ? (j.name ?? j.id) : undefined) : j.name;
        return { id: job(j.id), step: step(j.step), label, inputs: j.inputs.map(file), outputs: j.outputs.map(file), command: commandOf(j) };
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    files: wf.files
      .filter((f) => used.has(f.id))
      .map((f) => ({
        id: file(f.id),
        sizeBytes: f.sizeBytes,
        stageOut: f.stageOut === true,
        // What the source declares as a raw input: the replica catalog's files come back `declared`.
        raw: renamed ? !produced.has(f.id) : f.origin === 'declared',
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    edges: jobEdges(wf).map((e) => `${job(e.from)} -> ${job(e.to)}`).sort(),
  };
}

function expectValidDocuments(files: Map<string, string>): void {
  for (const [file, schema] of DOCUMENTS) {
    const text = files.get(file);
    if (text === undefined) continue;
    const validate = pegasusSchema(schema);
    expect(validate(parseYaml(text)), `${file}: ${errorsOf(validate)}`).toBe(true);
  }
}

describe("wfc's own Pegasus output reads back", () => {
  const cases = corpusCases().filter((c) => existsSync(join(c.dir, 'expected/pegasus/workflow.yml')));

  it('covers every corpus case with a Pegasus golden', () => {
    expect(cases.length).toBeGreaterThan(15);
  });

  for (const c of cases) {
    it(`${c.name}: jobs, files and edges as the original IR; emitting again gives the same workflow and catalogs`, async () => {
      const dir = join(c.dir, 'expected/pegasus');
      expect(detectFormat('workflow.yml', readFileSync(join(dir, 'workflow.yml'), 'utf8'))?.format).toBe('pegasus');
      const { workflow, diagnostics } = read(dirHost(dir));
      expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(irSchema(JSON.parse(JSON.stringify(workflow))), JSON.stringify(irSchema.errors)).toBe(true);
      const original = await preparedForPegasus((await parseCase(c)).workflow!);
      expect(graphOf(workflow!, false)).toEqual(graphOf(original, true));

      const again = await emitWorkflow(workflow, diagnostics, 'pegasus');
      for (const [file] of DOCUMENTS) expect(again.get(file)!.text, file).toBe(readFileSync(join(dir, file), 'utf8'));
    });
  }
});

describe('WfCommons traces through Pegasus and back keep the job graph', () => {
  for (const t of sharedTraces()) {
    it(t.name, async () => {
      const { workflow: trace } = await parseText('wfformat', t.name, t.text);
      const original = await preparedForPegasus(trace!);
      const tree = await emitPegasus(original);
      const { workflow, diagnostics } = read(treeHost(tree), 'workflow.yml', tree.get('workflow.yml')!.text);
      expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(workflow!.jobs).toHaveLength(trace!.jobs.length);
      expect(graphOf(workflow!, false)).toEqual(graphOf(original, true));
      const again = await emitWorkflow(workflow, diagnostics, 'pegasus');
      expect(again.get('workflow.yml')!.text).toBe(tree.get('workflow.yml')!.text);
    }, 60_000);
  }
});

describe('a hand-written Pegasus 5 workflow with inline catalogs', () => {
  const dir = join(FIXTURES, 'diamond');
  const text = readFileSync(join(dir, 'workflow.yml'), 'utf8');

  it('is valid Pegasus 5, catalogs included', () => {
    const doc = parseYaml(text) as Record<string, unknown>;
    const wf = pegasusSchema('wf-5.0.yml');
    expect(wf(doc), errorsOf(wf)).toBe(true);
    // Inline catalogs follow the catalogs' own schemas too.
    for (const [key, schema] of [['transformationCatalog', 'tc-5.0.yml'], ['replicaCatalog', 'rc-5.0.yml'], ['siteCatalog', 'sc-5.0.yml']] as const) {
      const v = pegasusSchema(schema);
      expect(v({ pegasus: '5.0', ...(doc[key] as object) }), `${key}: ${errorsOf(v)}`).toBe(true);
    }
    expect(detectFormat('workflow.yml', text)?.format).toBe('pegasus');
  });

  it('reads into the IR worked out by hand', () => {
    const { workflow, diagnostics } = read(dirHost(dir));
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const wf = workflow!;
    expect(wf.name).toBe('diamond');
    const MiB = 1024 ** 2;
    const centos = { container: { image: 'centos:7', runtime: 'singularity' }, mounts: { '/srv/diamond/ref': '/ref' } };
    expect(wf.steps.map(({ span: _span, ...s }) => s)).toEqual([
      {
        id: 'preprocess',
        name: 'diamond::preprocess:4.0',
        inputs: [],
        outputs: [],
        fanout: [],
        resources: { cpus: 2, memoryBytes: 2048 * MiB, walltimeSeconds: 600 },
        environment: { ...centos, env: { APP_HOME: '/opt/diamond', KEG_MODE: 'preprocess' } },
        labels: [],
      },
      {
        id: 'findrange',
        name: 'diamond::findrange:4.0',
        inputs: [],
        outputs: [],
        fanout: [],
        resources: { cpus: 4, memoryBytes: 8192 * MiB },
        environment: { ...centos, env: { APP_HOME: '/opt/diamond' } },
        labels: ['group:ranges'],
        retries: 3,
      },
      {
        id: 'analyze',
        name: 'diamond::analyze:4.0',
        inputs: [],
        outputs: [],
        fanout: [],
        // globus maxwalltime is in minutes, maxmemory in MB.
        resources: { walltimeSeconds: 90 * 60, memoryBytes: 4096 * MiB, gpus: 1 },
        environment: { env: { APP_HOME: '/opt/diamond' } },
        labels: [],
      },
      { id: 'notify', name: 'notify', inputs: [], outputs: [], fanout: [], resources: {}, environment: { env: { APP_HOME: '/opt/diamond' } }, labels: [] },
    ]);
    expect(wf.steps[0]!.span).toMatchObject({ file: 'workflow.yml', line: text.split('\n').indexOf('    - namespace: diamond') + 1 });
    const keg = (...args: string[]) => ({ argv: ['/usr/bin/pegasus-keg', ...args] });
    expect(wf.jobs).toEqual([
      { id: 'ID0000001', step: 'preprocess', binding: {}, inputs: ['f.a'], outputs: ['f.b1', 'f.b2'], after: [], command: keg('-a', 'preprocess', '-T', '60', '-i', 'f.a', '-o', 'f.b1', 'f.b2') },
      { id: 'ID0000002', step: 'findrange', binding: {}, inputs: ['f.b1'], outputs: ['f.c1'], after: [], command: keg('-a', 'findrange', '-i', 'f.b1', '-o', 'f.c1'), resources: { diskBytes: 512 * MiB } },
      { id: 'ID0000003', step: 'findrange', name: 'second range', binding: {}, inputs: ['f.b2'], outputs: ['f.c2'], after: [], command: keg('-a', 'findrange', '-i', 'f.b2', '-o', 'f.c2') },
      {
        id: 'ID0000004',
        step: 'analyze',
        binding: {},
        inputs: ['f.c1', 'f.c2'],
        outputs: ['f.d', 'analyze.log'],
        after: [],
        command: { script: '/opt/diamond/bin/analyze -a analyze -i f.c1 f.c2 -o f.d > analyze.log' },
      },
      // Ordered after analyze by jobDependencies alone: no file says so.
      { id: 'ID0000005', step: 'notify', binding: {}, inputs: [], outputs: [], after: ['ID0000004'], command: { argv: ['/bin/echo', 'diamond done'] } },
    ]);
    expect(wf.files).toEqual([
      { id: 'analyze.log', kind: 'file', stageOut: true },
      { id: 'f.a', kind: 'file', origin: 'declared' },
      { id: 'f.b1', kind: 'file', stageOut: false },
      { id: 'f.b2', kind: 'file', stageOut: false },
      { id: 'f.c1', kind: 'file', stageOut: true },
      { id: 'f.c2', kind: 'file', stageOut: true },
      { id: 'f.d', kind: 'file', stageOut: true },
    ]);
    expect(wf.clusters).toEqual([{ id: 'ranges', kind: 'label', jobs: ['ID0000002', 'ID0000003'] }]);
    const scratch = (path: string) => ({ type: 'sharedScratch', path, fileServers: [{ url: `file://${path}`, operation: 'all' }] });
    expect(wf.deployment).toEqual({
      targets: [
        {
          name: 'local',
          provider: 'local',
          settings: { arch: 'x86_64', 'os.type': 'linux', directories: [scratch('/srv/diamond/scratch'), { ...scratch('/srv/diamond/outputs'), type: 'localStorage' }] },
        },
        { name: 'condorpool', provider: 'htcondor', settings: { style: 'condor', condor: { universe: 'vanilla' } } },
        {
          name: 'hpc-slurm',
          provider: 'slurm',
          settings: {
            arch: 'x86_64',
            'os.type': 'linux',
            style: 'glite',
            queue: 'normal',
            project: 'ABC123',
            runtime: '3600',
            condor: { grid_resource: 'batch slurm' },
            env: { PEGASUS_HOME: '/opt/pegasus' },
            directories: [scratch('/lustre/diamond/scratch')],
          },
        },
      ],
      overlays: [],
    });
    expect(wf.source).toEqual({ format: 'pegasus', files: ['workflow.yml'] });
    const lost = wf.losses.map((l) => `${l.severity} ${l.construct}`);
    expect(lost).toEqual(
      expect.arrayContaining([
        'warning hooks (workflow "diamond")',
        // One entry per construct, however many things carry it.
        'info metadata (workflow "diamond", job "ID0000004")',
        'info checksum ("f.a")',
        'info replica location ("f.a")',
        'warning profile selector.execution.site (job "ID0000003")',
        'info stageable executable (transformation "diamond::analyze:4.0")',
        'info replica registration ("f.d")',
        'info mount options ro (container "centos-base")',
      ]),
    );
    expect(lost).toHaveLength(8);
    for (const l of wf.losses) expect(l.span?.line ?? 1).toBeGreaterThanOrEqual(1);
  });

  it('produces IR that passes the IR schema and converts to valid Pegasus and Slurm', async () => {
    const { workflow, diagnostics } = read(dirHost(dir));
    expect(irSchema(JSON.parse(JSON.stringify(workflow))), JSON.stringify(irSchema.errors)).toBe(true);
    const tree = await emitWorkflow(workflow, diagnostics, 'pegasus');
    expectValidDocuments(new Map([...tree].map(([k, v]) => [k, v.text])));
    expect((await emitWorkflow(workflow, diagnostics, 'slurm')).size).toBeGreaterThan(0);
  });
});

describe('catalogs in files beside the workflow', () => {
  const dir = join(FIXTURES, 'split');

  it('are valid Pegasus 5', () => {
    const files = new Map([...DOCUMENTS.map(([f]) => [f, readFileSync(join(dir, f === 'sites.yml' ? 'conf/sites.yml' : f), 'utf8')] as const)]);
    expectValidDocuments(files);
  });

  it('are found where pegasus.properties says, with the data configuration', () => {
    const { workflow, diagnostics } = read(dirHost(dir));
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const wf = workflow!;
    expect(wf.source.files).toEqual(['workflow.yml', 'pegasus.properties', 'transformations.yml', 'replicas.yml', 'conf/sites.yml']);
    expect(wf.staging).toEqual({ mode: 'nonsharedfs' });
    expect(wf.steps.map((s) => [s.id, s.name])).toEqual([
      ['split', 'split'],
      ['count', 'count'],
      ['pegasusWorkflow_summary.yml', 'pegasusWorkflow:summary.yml'],
    ]);
    expect(wf.steps[0]!.resources).toEqual({ cpus: 1, walltimeSeconds: 120 });
    expect(wf.steps[1]!.environment).toEqual({ container: { image: 'alpine:3.20', runtime: 'docker' }, env: { LC_ALL: 'C' } });
    const count = wf.jobs.find((j) => j.id === 'count_1')!;
    // HTCondor sizes: memory in MB, disk in KiB.
    expect(count.resources).toEqual({ memoryBytes: 512 * 1024 ** 2, diskBytes: 1024 ** 3 });
    expect(count.command).toEqual({ script: '/usr/bin/wc -l part.1 > count.1' });
    // The sub-workflow stays in the graph, without a command; its file matches a regex replica.
    const sub = wf.jobs.find((j) => j.id === 'summarize')!;
    expect(sub).toMatchObject({ inputs: ['summary.yml', 'count.1', 'count.2'], after: [] });
    expect(sub.command).toBeUndefined();
    expect(wf.files.filter((f) => f.origin === 'declared').map((f) => f.id)).toEqual(['input.txt', 'summary.yml']);
    expect(wf.deployment!.targets.map((t) => [t.name, t.provider])).toEqual([
      ['local', 'local'],
      ['bosco', 'pbs'],
    ]);
    expect(wf.deployment!.targets[1]!.settings).toMatchObject({ style: 'ssh', queue: 'default', runtime: '300' });
    const lost = wf.losses.map((l) => l.construct);
    expect(lost).toEqual(
      expect.arrayContaining([
        'sub-workflow (pegasusWorkflow) (job "summarize")',
        'profile condor.universe (job "count_1", job "count_2")',
        'property pegasus.mode (pegasus.properties)',
      ]),
    );
  });

  it('missing, say what is unknown and still give the graph', () => {
    const host: FrontendHost = { readFile: (p) => (p === 'workflow.yml' ? readFileSync(join(dir, p), 'utf8') : undefined) };
    const { workflow, diagnostics } = read(host);
    const unknown = diagnostics.filter((d) => d.code === 'PGF003');
    expect(unknown.map((d) => d.message)).toEqual([
      expect.stringMatching(/^no transformation catalog .*programs, containers and resources are unknown/),
      expect.stringMatching(/^no replica catalog .*the locations of 2 raw inputs \(input\.txt, summary\.yml\) are unknown/),
      expect.stringMatching(/^no site catalog .*where the workflow runs is unknown/),
    ]);
    for (const d of unknown) expect(d.span?.file).toBe('workflow.yml');
    expect(workflow!.jobs.find((j) => j.id === 'split')!.command).toEqual({ argv: ['split', '-n', '2', 'input.txt'] });
    expect(workflow!.deployment).toBeUndefined();
  });
});

describe('through the command line', () => {
  it('wfc convert finds the catalogs and wrappers beside workflow.yml and writes the same Pegasus workflow again', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'corpus/nf-demo/expected/pegasus'), dir, { recursive: true });
    const r = await runCli(['convert', 'workflow.yml', '--to', 'pegasus', '--out', 'again'], dir);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['workflow.yml', 'transformations.yml', 'replicas.yml', 'sites.yml', 'bin/TO_UPPER', 'bin/MERGE_COUNTS']) {
      expect(readFileSync(join(dir, 'again', f), 'utf8'), f).toBe(readFileSync(join(dir, f), 'utf8'));
    }
  });

  it('a catalog of a type other than YAML is named, not misread', () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'split'), dir, { recursive: true });
    const properties = `${readFileSync(join(dir, 'pegasus.properties'), 'utf8')}pegasus.catalog.replica = File\npegasus.catalog.replica.file = rc.txt\n`;
    writeFileSync(join(dir, 'pegasus.properties'), properties);
    const { workflow, diagnostics } = read(dirHost(dir));
    const d = diagnostics.find((x) => x.code === 'PGF003' && /type File/.test(x.message))!;
    expect(d.span).toEqual({ file: 'pegasus.properties', line: properties.split('\n').indexOf('pegasus.catalog.replica = File') + 1, column: 1 });
    expect(workflow!.files.filter((f) => f.origin === 'declared')).toEqual([]);
  });
});

describe('format detection', () => {
  it('claims Pegasus workflows by content only, not their catalogs or other YAML', () => {
    const dir = join(FIXTURES, 'split');
    expect(detectFormat('workflow.yml', readFileSync(join(dir, 'workflow.yml'), 'utf8'))?.format).toBe('pegasus');
    expect(detectFormat('wf.yaml', JSON.stringify(parseYaml(readFileSync(join(dir, 'workflow.yml'), 'utf8'))))?.format).toBe('pegasus');
    for (const f of ['transformations.yml', 'replicas.yml', 'conf/sites.yml']) expect(detectFormat(f, readFileSync(join(dir, f), 'utf8'))?.format).not.toBe('pegasus');
    const actions = 'name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
    expect(detectFormat('.github/workflows/ci.yml', actions)).toBeUndefined();
    expect(detectFormat('workflow.yml', 'pegasus: "4.0"\njobs: []\n')).toBeUndefined();
  });
});

describe('errors and warnings point into the file, with a hint', () => {
  const dir = join(FIXTURES, 'diamond');
  const text = readFileSync(join(dir, 'workflow.yml'), 'utf8');
  const lineOf = (t: string, needle: string, nth = 0) => {
    const lines = t.split('\n');
    const found = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    return found[nth]!;
  };
  const readText = (t: string) => read({ readFile: () => undefined }, 'workflow.yml', t);

  type Case = [what: string, edit: [from: string, to: string], code: string, at: string, nth?: number];
  it.each<Case>([
    ['an id YAML reads as a number', ['id: ID0000005', 'id: 0000005'], 'PGF001', 'id: 0000005'],
    ['an unknown transformation', ['name: notify\n    id: ID0000005', 'name: notifier\n    id: ID0000005'], 'PGF004', 'name: notifier'],
    ['a dependency on a job that does not exist', ['children: [ID0000005]', 'children: [ID0000009]'], 'PGF006', 'children: [ID0000009]'],
    ['a cycle', ['  - id: ID0000004\n', '  - id: ID0000005\n    children: [ID0000001]\n  - id: ID0000004\n'], 'PGF007', 'children: [ID0000001]'],
    ['a job id used twice', ['id: ID0000003', 'id: ID0000002'], 'PGF008', 'id: ID0000002', 1],
    ['malformed YAML', ['uses: []', 'uses: [}'], 'SYN004', 'uses: [}'],
    ['an unknown property', ['nodeLabel: second range', 'nodelabel: second range'], 'PGF001', 'nodelabel'],
  ])('rejects %s', (_, [from, to], code, at, nth = 0) => {
    expect(text.includes(from)).toBe(true);
    const bad = text.replace(from, to);
    const { workflow, diagnostics } = readText(bad);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === code)!;
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect(d.severity).toBe('error');
    expect(d.span).toMatchObject({ file: 'workflow.yml', line: lineOf(bad, at, nth) });
    expect(d.span!.column).toBeGreaterThanOrEqual(1);
    expect(d.hint).toBeTruthy();
  });

  it.each<Case>([
    ['an input no job writes and no replica lists', ['lfn: f.a\n      pfns', 'lfn: f.z\n      pfns'], 'PGF005', '{lfn: f.a, type: input}'],
    ['a container the catalog does not define', ['container: centos-base', 'container: centos-bass'], 'PGF010', 'container: centos-bass'],
    ['a job profile the catalog overrides', ['diskspace: 512', 'diskspace: 512\n      condor:\n        request_cpus: 8'], 'PGF011', 'request_cpus: 8'],
    ['a value that is no amount', ['memory: 2048', 'memory: plenty'], 'UNIT001', 'memory: plenty'],
  ])('warns about %s and goes on', (_, [from, to], code, at, nth = 0) => {
    expect(text.includes(from)).toBe(true);
    const bad = text.replace(from, to);
    const { workflow, diagnostics } = readText(bad);
    expect(workflow).toBeDefined();
    const d = diagnostics.find((x) => x.code === code)!;
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect(d.severity).toBe('warning');
    expect(d.span).toMatchObject({ file: 'workflow.yml', line: lineOf(bad, at, nth) });
    expect(d.hint ?? 'no hint needed').toBeTruthy();
  });

  it('points into the catalog file that is wrong', () => {
    const split = join(FIXTURES, 'split');
    const tc = readFileSync(join(split, 'transformations.yml'), 'utf8').replace('type: installed', 'type: installd');
    const host: FrontendHost = { readFile: (p) => (p === 'transformations.yml' ? tc : dirHost(split).readFile(p)) };
    const { workflow, diagnostics } = read(host);
    expect(workflow).toBeUndefined();
    const d = diagnostics.find((x) => x.code === 'PGF001')!;
    expect(d.span).toMatchObject({ file: 'transformations.yml', line: lineOf(tc, 'type: installd') });
    expect(d.message).toMatch(/must be one of "stageable", "installed"/);
  });
});

describe('the fast YAML reader', () => {
  it('reads every plain scalar as the yaml package does (YAML 1.2 core schema), so positions and values agree', () => {
    const scalar = fc.string({ unit: fc.constantFrom('0', '1', '7', '9', 'x', 'o', 'b', 'e', 'E', '.', '+', '-', '_', 'i', 'n', 'f', 'a', 'N', 'l', 't', 'r', 'u', 'T', '~', ' '), maxLength: 8 });
    fc.assert(
      fc.property(scalar, (s) => {
        const text = `v: ${s}\n`;
        const bag = new DiagnosticBag();
        const fast = readYaml({ path: 'x.yml', text }, bag);
        const slow = bag.hasErrors ? undefined : (parseYaml(text) as { v: unknown });
        if (!fast || !slow) return;
        const v = (fast.value as { v: unknown }).v;
        expect([JSON.stringify(v), typeof v]).toEqual([JSON.stringify(slow.v), typeof slow.v]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the frontend never crashes', () => {
  const inputs = [
    ['diamond', readFileSync(join(FIXTURES, 'diamond/workflow.yml'), 'utf8')],
    ['wfc output', readFileSync(join(ROOT, 'corpus/diamond-ir/expected/pegasus/workflow.yml'), 'utf8')],
  ] as const;
  const host = dirHost(join(ROOT, 'corpus/diamond-ir/expected/pegasus'));

  const neverThrows = (text: string) => {
    const r = parsePegasus({ path: 'workflow.yml', text }, { params: {} }, host);
    expect(r.value !== undefined || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of r.diagnostics) if (d.span) expect(d.span.line).toBeGreaterThanOrEqual(1);
  };

  it('on byte mutations of a hand-written workflow and of wfc output', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat(30),
      insert: fc.string({ unit: fc.constantFrom(' ', '\n', '-', ':', '[', ']', '{', '}', '"', "'", 'a', '0', '#', '&', '*', '!', '|', 'é'), maxLength: 6 }),
    });
    for (const [, base] of inputs) {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
          let t = base;
          for (const m of ms) {
            const at = m.at % (t.length + 1);
            t = t.slice(0, at) + m.insert + t.slice(at + m.remove);
          }
          neverThrows(t);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('on structural mutations: missing and wrong fields, dangling ids, cycles; what it returns passes the IR schema', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const use = fc.record({ lfn: fc.constantFrom('x', 'y', 'z', 'f.a'), type: fc.constantFrom('input', 'output', 'inout', 'none', 'checkpoint', 'bogus') });
    const job = fc.record(
      {
        type: fc.constantFrom('job', 'job', 'pegasusWorkflow', 'condorWorkflow', 'other'),
        id: fc.oneof(fc.constantFrom(...ids), fc.integer()),
        name: fc.constantFrom('preprocess', 'notify', 'nope'),
        namespace: fc.constantFrom('diamond', 'other'),
        version: fc.constantFrom('4.0', '1'),
        file: fc.constantFrom('sub.yml'),
        arguments: fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxLength: 4 }),
        uses: fc.array(fc.oneof(use, fc.anything()), { maxLength: 3 }),
        stdout: fc.constantFrom('out.log'),
        profiles: fc.dictionary(fc.constantFrom('pegasus', 'condor', 'env', 'globus', 'dagman', 'selector', 'bogus'), fc.dictionary(fc.constantFrom('cores', 'memory', 'runtime', 'request_memory', 'retry', 'label', 'X'), fc.oneof(fc.string(), fc.integer(), fc.boolean()))),
      },
      { requiredKeys: ['type', 'id'] },
    );
    const base = parseYaml(inputs[0][1]) as Record<string, unknown>;
    const doc = fc.record({
      jobs: fc.array(job, { maxLength: 5 }),
      jobDependencies: fc.array(fc.record({ id: fc.constantFrom(...ids, 'q'), children: fc.array(fc.constantFrom(...ids, 'q'), { maxLength: 3 }) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(doc, (d) => {
        const r = parsePegasus({ path: 'workflow.yml', text: stringifyYaml({ ...base, ...d }) }, { params: {} }, { readFile: () => undefined });
        expect(r.value !== undefined || r.diagnostics.some((x) => x.severity === 'error')).toBe(true);
        if (r.value) expect(irSchema(JSON.parse(JSON.stringify(r.value))), JSON.stringify(irSchema.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('names and commands of any kind survive', () => {
  /** Strings people put in names and command lines: spaces, quotes, $(), backticks, unicode, leading dashes. */
  const nasty = fc.oneof(
    fc.constantFrom('a b', "it's", '"q"', '$(rm -rf /)', '`id`', 'ünï cødé', '-rf', '--', '*', '\\', 'tab\there', 'new\nline', '$HOME', "'", ''),
    fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '$', '(', ')', '`', '\\', '-', 'é', '\n', ';', '|', '&', '*', '{', '}'), minLength: 1, maxLength: 8 }),
  );

  it('arguments, file names and executables are read exactly as written, and emit valid Pegasus again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nasty, { minLength: 1, maxLength: 4 }), nasty.filter((s) => s.trim() !== ''), nasty.filter((s) => s !== '' && !s.includes('\n')), async (args, lfn, name) => {
        const doc = {
          pegasus: '5.0',
          name: 'w',
          transformationCatalog: { transformations: [{ name, sites: [{ name: 'local', pfn: `/opt/bin/${name}`, type: 'installed' }] }] },
          replicaCatalog: { replicas: [{ lfn, pfns: [{ site: 'local', pfn: '/data/in' }] }] },
          jobs: [{ type: 'job', id: 'j1', name, arguments: [...args, lfn], uses: [{ lfn, type: 'input' }, { lfn: 'out', type: 'output' }] }],
        };
        // Quoted scalars only: the yaml package writes " \n" as a `|+` block whose only line is a
        // blank, which every YAML reader (itself included) reads back as "\n".
        const { workflow, diagnostics } = read({ readFile: () => undefined }, 'workflow.yml', stringifyYaml(doc, { blockQuote: false }));
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(workflow!.jobs[0]!.command).toEqual({ argv: [`/opt/bin/${name}`, ...args, lfn] });
        expect(workflow!.jobs[0]!.inputs).toEqual([lfn]);
        expect(workflow!.steps[0]!.name).toBe(name);
        const tree = await emitWorkflow(workflow, diagnostics, 'pegasus');
        expectValidDocuments(new Map([...tree].map(([k, v]) => [k, v.text])));
      }),
      { numRuns: 60 },
    );
  });

  it("commands come back exactly from wfc's wrappers, whether a step runs one program or many", async () => {
    const command = fc.oneof(
      fc.array(nasty, { minLength: 1, maxLength: 4 }).map((argv): JobCommand => ({ argv })),
      nasty.map((script): JobCommand => ({ script: script || ':' })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 4 }), nasty.filter((s) => s.trim() !== ''), async (commands, stepName) => {
        const wf = createWorkflow('w', 'ir', []);
        wf.steps = [{ id: 's', name: stepName, inputs: [], outputs: [], fanout: [], resources: {}, environment: {}, labels: [] }];
        wf.jobs = commands.map((c, i): Job => ({ id: `j${i}`, step: 's', binding: {}, inputs: [], outputs: [`out${i}`], after: [], command: c }));
        wf.files = commands.map((_, i) => ({ id: `out${i}`, kind: 'file' }));
        const tree = await emitPegasus(await preparedForPegasus(canonicalize(wf)));
        const { workflow } = read(treeHost(tree), 'workflow.yml', tree.get('workflow.yml')!.text);
        const byId = new Map(workflow!.jobs.map((j) => [j.id, j.command]));
        commands.forEach((c, i) => expect(byId.get(`j${i}`)).toEqual(c));
      }),
      { numRuns: 80 },
    );
  });
});
