// The Nextflow frontend: the process graph and task counts against hand-worked expectations
// (expect.json in each corpus case), resources as Nextflow resolves them, the Groovy it evaluates,
// and diagnostics with positions and recovery.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileHost } from '../../cli/compile.js';
import { parseNextflow } from '../../frontends/nextflow/index.js';
import { parseNextflow as parseScript } from '../../frontends/nextflow/parse.js';
import type { FrontendOptions } from '../../frontends/types.js';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import { stepEdges } from '../../ir/graph.js';
import type { Workflow } from '../../ir/types.js';
import { corpusCases } from '../helpers/corpus.js';
import { parseCase, runCli } from '../helpers/run.js';

const nfCases = corpusCases().filter((c) => c.input.endsWith('.nf'));

interface Expect {
  steps: string[];
  edges: [string, string][];
  tasks?: Record<string, number>;
}

function graphOf(wf: Workflow) {
  const name = new Map(wf.steps.map((s) => [s.id, s.name]));
  return {
    steps: wf.steps.map((s) => s.name).sort(),
    edges: stepEdges(wf).map((e) => [name.get(e.from)!, name.get(e.to)!]).sort((a, b) => (a.join() < b.join() ? -1 : 1)),
  };
}

/** Parses text as a one-file pipeline in a virtual directory. */
function parseVirtual(files: Record<string, string>, options: Partial<FrontendOptions> = {}) {
  const host = {
    readFile: (p: string) => files[p.replace(/^\.\//, '')],
    stat: (p: string) => (files[p.replace(/^\.\//, '')] !== undefined ? ('file' as const) : Object.keys(files).some((f) => f.startsWith(`${p.replace(/^\.\//, '')}/`)) ? ('dir' as const) : undefined),
    listDir: (p: string) => {
      const prefix = p === '.' ? '' : `${p.replace(/^\.\//, '')}/`;
      const names = Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]!);
      return names.length > 0 ? [...new Set(names)] : undefined;
    },
  };
  return parseNextflow({ path: 'main.nf', text: files['main.nf']! }, { params: {}, ...options }, host);
}

describe('Nextflow corpus cases', () => {
  it('has the six cases the issue asks for', () => {
    expect(nfCases.map((c) => c.name).sort()).toEqual(['nf-core-style', 'nf-demo', 'nf-modules', 'nf-profiles', 'nf-publish', 'nf-samplesheet']);
  });

  for (const c of nfCases) {
    it(`${c.name}: the processes, edges and task counts Nextflow would run`, async () => {
      const want = JSON.parse(readFileSync(join(c.dir, 'expect.json'), 'utf8')) as Expect;
      const { workflow, diagnostics } = await parseCase(c);
      expect(diagnostics.filter((d) => d.severity !== 'info'), JSON.stringify(diagnostics)).toEqual([]);
      const got = graphOf(workflow!);
      expect(got.steps).toEqual(want.steps);
      expect(got.edges).toEqual(want.edges);
      if (want.tasks) {
        const count = new Map<string, number>();
        for (const j of workflow!.jobs) {
          const name = workflow!.steps.find((s) => s.id === j.step)!.name;
          count.set(name, (count.get(name) ?? 0) + 1);
        }
        expect(Object.fromEntries(count)).toEqual(want.tasks);
      }
    });
  }

  it('prints the process graph with no input data given (wfc graph --level steps)', async () => {
    const c = nfCases.find((x) => x.name === 'nf-core-style')!;
    const want = JSON.parse(readFileSync(join(c.dir, 'expect.json'), 'utf8')) as Expect;
    const r = await runCli(['graph', 'main.nf', '--level', 'steps', '--format', 'json'], c.dir);
    expect(r.code, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as { nodes: { id: string; name: string }[]; edges: { from: string; to: string }[] };
    const name = new Map(g.nodes.map((n) => [n.id, n.name]));
    expect(g.nodes.map((n) => n.name).sort()).toEqual(want.steps);
    expect(g.edges.map((e) => [name.get(e.from), name.get(e.to)]).sort((a, b) => (a.join() < b.join() ? -1 : 1))).toEqual(want.edges);
  });

  it('keeps steps symbolic, with a warning and a loss, when the data is not given', async () => {
    const c = nfCases.find((x) => x.name === 'nf-samplesheet')!;
    const r = parseNextflow({ path: c.input, text: c.text }, { params: {} }, fileHost({ cwd: c.dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} }));
    expect(r.value!.jobs).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'NF007').length).toBe(r.value!.steps.length);
    expect(r.value!.losses.filter((l) => l.construct.startsWith('tasks of')).length).toBe(r.value!.steps.length);
    expect(r.value!.steps.every((s) => s.fanout.length === 1)).toBe(true);
  });
});

describe('resources as Nextflow resolves them', () => {
  it('applies process config < directive < withLabel < withName, profiles in order, negated and regex selectors', async () => {
    const { workflow } = await parseCase(nfCases.find((x) => x.name === 'nf-profiles')!);
    const step = (n: string) => workflow!.steps.find((s) => s.name === n)!;
    expect(step('ALIGN').resources).toEqual({ cpus: 8, memoryBytes: 32 * 1024 ** 3, walltimeSeconds: 3600 });
    expect(step('QC_GC').resources).toEqual({ cpus: 2, memoryBytes: 2 * 1024 ** 3, walltimeSeconds: 600 });
    expect(step('REPORT').resources).toEqual({ cpus: 1, memoryBytes: 1024 ** 3, walltimeSeconds: 600 });
    expect(step('ALIGN').placement).toEqual({ provider: 'slurm', partition: 'long' });
    expect(step('ALIGN').environment.container?.image).toBe('ubuntu:22.04');
  });

  it('evaluates task.attempt closures, caps with resourceLimits, keeps retries and ext.args', async () => {
    const { workflow } = await parseCase(nfCases.find((x) => x.name === 'nf-core-style')!);
    const trim = workflow!.steps.find((s) => s.name.endsWith(':TRIM_READS'))!;
    expect(trim.resources.cpus).toBe(2);
    expect(trim.resources.memoryBytes).toBe(4 * 1024 ** 3);
    expect(trim.resources.retryScaling).toEqual({ memory: 2, walltime: 2 });
    expect(trim.retries).toBe(1);
    expect(trim.environment.container?.image).toBe('quay.io/biocontainers/coreutils:9.5');
  });

  it('gives withName over withLabel over the directive, and caps with resourceLimits', () => {
    const r = parseVirtual({
      'main.nf': "process A {\n  label 'big'\n  cpus 2\n  memory '1 GB'\n  script:\n  'true'\n}\nprocess B {\n  label 'big'\n  cpus 2\n  script:\n  'true'\n}\nworkflow { A(); B() }\n",
      'nextflow.config': "process {\n  cpus = 1\n  time = '1h'\n  withLabel: big { cpus = 4; memory = '64 GB' }\n  withName: 'B' { cpus = 8 }\n  resourceLimits = [memory: 16.GB]\n}\n",
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const s = (n: string) => r.value!.steps.find((x) => x.name === n)!.resources;
    expect(s('A')).toEqual({ cpus: 4, memoryBytes: 16 * 1024 ** 3, walltimeSeconds: 3600 });
    expect(s('B').cpus).toBe(8);
  });
});

describe('commands', () => {
  it('renders scripts with the task inputs, config ext.args, and stages inputs in the task directory', async () => {
    const { workflow } = await parseCase(nfCases.find((x) => x.name === 'nf-samplesheet')!);
    for (const j of workflow!.jobs) {
      const script = (j.command as { script: string }).script;
      expect(script.startsWith(`mkdir -p 'nf-work/${j.step}/`)).toBe(true);
      expect(script).not.toMatch(/\$\{[^}]*\}/); // every Groovy interpolation was rendered
      for (const f of j.inputs) expect(script, j.id).toContain(f.split('/').pop()!.replace(/[*?]/g, ''));
    }
  });

  it('prints a list of staged files blank-separated, as Nextflow does in scripts', async () => {
    const { workflow } = await parseCase(nfCases.find((x) => x.name === 'nf-demo')!);
    const merge = workflow!.jobs.find((j) => j.step === 'MERGE_COUNTS')!;
    expect((merge.command as { script: string }).script).toContain('cat alpha.counts.tsv beta.counts.tsv gamma.counts.tsv');
  });
});

describe('Groovy as pipelines write it', () => {
  it('parses closures, GStrings, ternaries, elvis, safe navigation, maps and method chains across lines', () => {
    const bag = new DiagnosticBag();
    const script = parseScript('x.nf', [
      'params.x = [a: 1, b: [2, 3]]',
      'def f(m, n = 2) { m.collect { k, v -> "${k}=${v}" }.join(",") }',
      'workflow {',
      '    ch = Channel',
      '        .of(1, 2, 3)',
      '        .map { it * 2 }',
      '        .filter { n -> n > 2 }',
      "    y = params.missing?.size() ?: (params.x.a == 1 ? 'one' : 'other')",
      '    (a, b) = [1, 2]',
      '    z = /^[a-z]+\\.txt$/',
      '}',
    ].join('\n'), bag);
    expect(bag.items).toEqual([]);
    expect(script.body.map((s) => s.k)).toEqual(['expr', 'fn', 'workflow']);
  });

  it('runs the channel operators on known items, as Nextflow orders and groups them', () => {
    const r = parseVirtual({
      'main.nf': [
        'process SHOW {',
        '  input:',
        '  val x',
        '  script:',
        '  "echo ${x}"',
        '}',
        'workflow {',
        "  a = Channel.of(['s1', 'c1'], ['s2', 'c2'], ['s3', 'c1'])",
        "  b = Channel.of(['s1', 10], ['s2', 20], ['s3', 30])",
        '  joined = a.join(b)',
        '  grouped = joined.map { s, c, n -> [c, n] }.groupTuple()',
        "  combined = grouped.combine(Channel.of('x', 'y'))",
        "  flat = Channel.of([1, [2, 3]]).flatten().mix(Channel.of(4)).filter { it > 1 }",
        '  sorted = Channel.of(3, 1, 2).toSortedList()',
        '  forks = Channel.of(1, 2, 3, 4).branch { small: it < 3',
        '    big: true }',
        '  SHOW(combined.map { it.toString() }.mix(flat.map { "f$it" }, sorted.map { "s$it" }, forks.big.map { "b$it" }))',
        '}',
      ].join('\n'),
    });
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const lines = r.value!.jobs.map((j) => (j.command as { script: string }).script.trim().split('\n').pop()!);
    expect(lines).toEqual([
      'echo [c1, [10, 30], x]',
      'echo [c1, [10, 30], y]',
      'echo [c2, [20], x]',
      'echo [c2, [20], y]',
      'echo f2',
      'echo f3',
      'echo f4',
      'echo s[1, 2, 3]',
      'echo b3',
      'echo b4',
    ]);
  });

  it('reports a bad line with file:line:col and keeps the rest of the file', () => {
    const r = parseVirtual({ 'main.nf': "process A {\n  script:\n  'echo a'\n}\nprocess B {\n  cpus 2 +\n  script:\n  'echo b'\n}\nworkflow { A() }\n" });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.span?.line])).toEqual([['NF001', 7]]);
    expect(errors[0]!.hint).toMatch(/process is left out/);
  });

  it('names an unknown process with its position', () => {
    const r = parseVirtual({ 'main.nf': 'workflow {\n  NOPE(Channel.of(1))\n}\n' });
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([['NF004', 2, 3]]);
  });

  it('reports an include that does not resolve, and a missing profile', () => {
    const r = parseVirtual({ 'main.nf': "include { X } from './nowhere'\nworkflow { X() }\n" });
    expect(r.diagnostics.map((d) => d.code)).toContain('NF003');
    const p = parseVirtual({ 'main.nf': 'workflow {}\n', 'nextflow.config': 'profiles { a { } }\n' }, { profiles: ['b'] });
    expect(p.diagnostics.map((d) => [d.code, d.hint])).toEqual([['NF008', 'profiles: a']]);
  });

  it('exits 1 with a diagnostic and no stack trace on a broken pipeline', async () => {
    const c = nfCases.find((x) => x.name === 'nf-demo')!;
    const r = await runCli(['validate', join(c.dir, 'main.nf'), '--from', 'nextflow', '--target', 'NO_SUCH_ENTRY'], c.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NF006/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('never crashes', () => {
  it('on random token-level mutations of every corpus pipeline file', async () => {
    const words = ['{', '}', '(', ')', '[', ']', '"', "'", '"""', '->', '.', ',', ':', '=', '|', '?', '$', '${', 'process', 'workflow', 'input:', 'output:', 'emit:', 'include', 'def', 'if', 'else', '\n', ' ', 'x', '1', '.GB', '/'];
    const mutation = fc.record({ at: fc.nat(), remove: fc.nat(12), insert: fc.array(fc.constantFrom(...words), { maxLength: 4 }).map((w) => w.join('')) });
    for (const c of nfCases) {
      const host = fileHost({ cwd: c.dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} });
      fc.assert(
        fc.property(mutation, (m) => {
          const at = m.at % (c.text.length + 1);
          const text = c.text.slice(0, at) + m.insert + c.text.slice(at + m.remove);
          const r = parseNextflow({ path: c.input, text }, { params: {} }, host);
          expect(r.value !== undefined || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          for (const d of r.diagnostics) if (d.span) expect(d.span.line).toBeGreaterThanOrEqual(1);
        }),
        { numRuns: 60 },
      );
    }
  });
});
