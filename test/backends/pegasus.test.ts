import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { VirtualTree } from '../../backends/types.js';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import { checkPlannable } from '../../backends/pegasus/check.js';
import { corpusCases, corpusCase } from '../helpers/corpus.js';
import { emitCase, emitText, parseText, emitWorkflow } from '../helpers/run.js';
import { errorsOf, pegasusSchema } from '../helpers/schemas.js';
import { sharedTraces } from '../helpers/traces.js';

interface Use {
  lfn: string;
  type: string;
}
interface PJob {
  id: string;
  name: string;
  arguments: string[];
  uses: Use[];
  profiles?: { pegasus?: Record<string, number> };
}

const read = (tree: VirtualTree, file: string) => parse(tree.get(file)!.text) as Record<string, unknown>;

/**
 * The planner's checks, written again from the Pegasus documentation as the test's own oracle:
 * schema-valid files, job ids of [A-Za-z0-9_-], inputs produced or in the replica catalog, no job
 * reading what it writes, one producer per file, acyclic dependencies, transformations catalogued.
 */
function expectPlannable(tree: VirtualTree): void {
  for (const [file, schema] of [['workflow.yml', 'wf-5.0.yml'], ['transformations.yml', 'tc-5.0.yml'], ['replicas.yml', 'rc-5.0.yml'], ['sites.yml', 'sc-5.0.yml']] as const) {
    const validate = pegasusSchema(schema);
    expect(validate(read(tree, file)), `${file}: ${errorsOf(validate)}`).toBe(true);
  }
  const wf = read(tree, 'workflow.yml') as { jobs: PJob[]; jobDependencies?: { id: string; children: string[] }[] };
  const tc = read(tree, 'transformations.yml') as { transformations: { name: string }[] };
  const rc = read(tree, 'replicas.yml') as { replicas: { lfn: string }[] };
  const names = new Set(tc.transformations.map((t) => t.name));
  const replicas = new Set(rc.replicas.map((r) => r.lfn));
  const producer = new Map<string, string>();
  for (const j of wf.jobs) {
    expect(j.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(names.has(j.name)).toBe(true);
    expect(tree.has(`bin/${j.name}`)).toBe(true);
    for (const u of j.uses.filter((x) => x.type === 'output')) {
      expect(producer.has(u.lfn), `${u.lfn} written twice`).toBe(false);
      producer.set(u.lfn, j.id);
    }
  }
  const parents = new Map<string, Set<string>>();
  for (const d of wf.jobDependencies ?? []) for (const c of d.children) parents.set(c, new Set([...(parents.get(c) ?? []), d.id]));
  for (const j of wf.jobs) {
    const ins = j.uses.filter((x) => x.type === 'input').map((u) => u.lfn);
    const outs = new Set(j.uses.filter((x) => x.type === 'output').map((u) => u.lfn));
    for (const lfn of ins) {
      expect(outs.has(lfn)).toBe(false);
      const p = producer.get(lfn);
      if (p === undefined) expect(replicas.has(lfn), `${lfn} has no source`).toBe(true);
      else expect(parents.get(j.id)?.has(p), `${p} → ${j.id} missing`).toBe(true);
    }
  }
  // Acyclic: repeatedly remove jobs whose parents are gone.
  const left = new Set(wf.jobs.map((j) => j.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of left) {
      if (![...(parents.get(id) ?? [])].some((p) => left.has(p))) {
        left.delete(id);
        changed = true;
      }
    }
  }
  expect(left.size).toBe(0);
}

describe('Pegasus output passes the schemas and the planner checks', () => {
  for (const c of corpusCases()) {
    it(`corpus ${c.name}`, async () => {
      expectPlannable(await emitCase(c, 'pegasus'));
    });
  }
  for (const t of sharedTraces()) {
    it(`shared trace ${t.name}`, async () => {
      const tree = await emitText('wfformat', t.name, t.text, 'pegasus');
      expectPlannable(tree);
      const jobs = (read(tree, 'workflow.yml') as { jobs: PJob[] }).jobs;
      expect(jobs).toHaveLength((JSON.parse(t.text) as { workflow: { specification: { tasks: unknown[] } } }).workflow.specification.tasks.length);
    });
  }
});

describe('Pegasus mapping', () => {
  it('puts resources, containers, retries and environment on the transformations', async () => {
    const c = corpusCase('diamond-ir');
    const tc = read(await emitText('ir', c.input, c.text, 'pegasus'), 'transformations.yml') as {
      transformations: { name: string; profiles?: Record<string, Record<string, unknown>>; sites: { container?: string }[] }[];
      containers: unknown[];
    };
    const t = Object.fromEntries(tc.transformations.map((x) => [x.name, x]));
    expect(t.findrange!.profiles).toEqual({ pegasus: { cores: 4, memory: 16384, runtime: 7200 }, dagman: { retry: 2 } });
    expect(t.analyze!.profiles).toEqual({ pegasus: { cores: 2, memory: 4096, gpus: 1 }, env: { OMP_NUM_THREADS: '2' } });
    expect(t.findrange!.sites[0]!.container).toBe('ubuntu_22_04');
    expect(tc.containers).toEqual([{ name: 'ubuntu_22_04', type: 'docker', image: 'docker:///ubuntu:22.04' }]);
  });

  it("takes a trace's observed runtime as each job's runtime estimate, and sizes as metadata", async () => {
    const c = corpusCase('blast-wfformat-1.5');
    const wf = read(await emitText('wfformat', c.input, c.text, 'pegasus'), 'workflow.yml') as { jobs: (PJob & { uses: (Use & { metadata?: { size: number } })[] })[] };
    const blast = wf.jobs.find((j) => j.id === 'blastall_ID000002')!;
    expect(blast.profiles).toEqual({ pegasus: { runtime: 121 } });
    expect(blast.arguments).toEqual(['-p', 'blastn', '-d', 'nt.db', '-i', 'queries.fasta.1', '-o', 'out.1']);
    expect(blast.uses.find((u) => u.lfn === 'nt.db')).toEqual({ lfn: 'nt.db', type: 'input', metadata: { size: 5000000 } });
  });

  it('turns URL and absolute file ids into relative LFNs and keeps URLs as replica locations', async () => {
    const trace = {
      name: 'w',
      schemaVersion: '1.5',
      workflow: {
        specification: {
          tasks: [
            { name: 'get', id: 'get_1', parents: [], children: [], inputFiles: ['https://example.org/data/a.csv', '/abs/ref.fa'], outputFiles: ['/scratch/ab/a.csv'] },
          ],
          files: [],
        },
      },
    };
    const tree = await emitText('wfformat', 'w.json', JSON.stringify(trace), 'pegasus');
    expectPlannable(tree);
    const rc = read(tree, 'replicas.yml') as { replicas: { lfn: string; pfns: { pfn: string }[] }[] };
    expect(rc.replicas).toEqual([
      { lfn: 'abs/ref.fa', pfns: [{ site: 'local', pfn: '${PWD}/inputs/abs/ref.fa' }] },
      { lfn: 'data/a.csv', pfns: [{ site: 'local', pfn: 'https://example.org/data/a.csv' }] },
    ]);
    const uses = (read(tree, 'workflow.yml') as { jobs: PJob[] }).jobs[0]!.uses.map((u) => u.lfn);
    expect(uses).toEqual(['data/a.csv', 'abs/ref.fa', 'scratch/ab/a.csv']);
  });

  it('planner checks catch what the schema does not', () => {
    const bag = new DiagnosticBag();
    const job = (id: string, name: string, uses: Use[]) => ({ type: 'job' as const, id, name, arguments: [], uses: uses as never });
    checkPlannable(
      {
        pegasus: '5.0',
        name: 'w',
        jobs: [job('a.b', 't', [{ lfn: 'x', type: 'input' }, { lfn: 'x', type: 'output' }]), job('c', 'nope', [{ lfn: 'y', type: 'input' }, { lfn: 'x', type: 'output' }])],
        jobDependencies: [{ id: 'a.b', children: ['c'] }, { id: 'c', children: ['a.b'] }],
      },
      { pegasus: '5.0', transformations: [{ name: 't', sites: [] }] },
      { pegasus: '5.0', replicas: [] },
      bag,
    );
    const messages = bag.items.map((d) => d.message).join('\n');
    expect(messages).toMatch(/job id "a.b" has characters/);
    expect(messages).toMatch(/reads and writes "x"/);
    expect(messages).toMatch(/"x" is written by both/);
    expect(messages).toMatch(/runs "nope", which the transformation catalog lacks/);
    expect(messages).toMatch(/reads "y", which no job writes and the replica catalog lacks/);
    expect(messages).toMatch(/cycle/);
  });
});

describe('Pegasus wrappers run', () => {
  function materialise(tree: VirtualTree): string {
    const dir = mkdtempSync(join(tmpdir(), 'wfc-peg-'));
    for (const [p, f] of tree) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), f.text);
      if (f.executable) chmodSync(join(dir, p), 0o755);
    }
    return dir;
  }

  it('a program wrapper passes the job arguments through', async () => {
    const doc = { napkin: 1, nodes: [{ id: 'a', shape: 'oval', label: 'echo' }, { id: 'b', shape: 'box', label: "it's out" }], arrows: [{ from: 'a', to: 'b' }] };
    const dir = materialise(await emitText('napkin', 'x.napkin.json', JSON.stringify(doc), 'pegasus'));
    const wf = parse(readFileSync(join(dir, 'workflow.yml'), 'utf8')) as { jobs: PJob[] };
    const out = execFileSync(join(dir, 'bin/echo'), wf.jobs[0]!.arguments, { encoding: 'utf8' });
    expect(out).toBe('it_s_out\n');
  });

  it('a dispatching wrapper runs each job its own script', async () => {
    const doc = {
      napkin: 1,
      params: { S: ['x', "y z"] },
      nodes: [{ id: 'a', shape: 'oval', label: 'greet (S = x)', cmd: 'echo "hello {S}" > {output}' }, { id: 'b', shape: 'box', label: 'greeting', file: 'hi {S}.txt' }],
      arrows: [{ from: 'a', to: 'b' }],
    };
    const { workflow, diagnostics } = await parseText('napkin', 'x.napkin.json', JSON.stringify(doc));
    const dir = materialise(await emitWorkflow(workflow, diagnostics, 'pegasus'));
    const wf = parse(readFileSync(join(dir, 'workflow.yml'), 'utf8')) as { jobs: PJob[] };
    for (const j of wf.jobs) execFileSync(join(dir, 'bin/greet'), j.arguments, { cwd: dir });
    expect(readFileSync(join(dir, 'hi x.txt'), 'utf8')).toBe('hello x\n');
    expect(readFileSync(join(dir, 'hi y z.txt'), 'utf8')).toBe("hello 'y z'\n");
    expect(() => execFileSync(join(dir, 'bin/greet'), ['nobody'], { cwd: dir, stdio: 'pipe' })).toThrow();
  });
});
