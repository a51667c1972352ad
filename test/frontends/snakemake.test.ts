// The Snakemake frontend on bad input: each mistake a diagnostic with file, line, column and a
// hint, like Snakemake's own message where it has one. And on random mutations: never a crash.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileHost } from '../../cli/compile.js';
import { parseSnakemake } from '../../frontends/snakemake/index.js';
import type { FrontendOptions } from '../../frontends/types.js';
import { corpusCases } from '../helpers/corpus.js';
import { runCli } from '../helpers/run.js';
import { tempDir } from '../helpers/tmp.js';

function workflow(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function parseIn(dir: string, options: Partial<FrontendOptions> = {}, file = 'Snakefile', text?: string) {
  const io = { cwd: dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} };
  const host = fileHost(io);
  return parseSnakemake({ path: file, text: text ?? host.readFile(file)! }, { params: {}, ...options }, host);
}

describe('Snakemake diagnostics', () => {
  it('names an unknown rule in `use rule`, at the statement', () => {
    const dir = workflow({
      Snakefile: 'module m:\n    snakefile: "m.smk"\n\nuse rule nope from m as x\n',
      'm.smk': 'rule a:\n    output: "a"\n    shell: "touch a"\n',
    });
    const r = parseIn(dir);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'SMK005', span: expect.objectContaining({ file: 'Snakefile', line: 4 }) })]);
    expect(r.diagnostics[0]!.message).toMatch(/use rule nope from m: no such rule \(rules: a\)/);
  });

  it('says which config key is missing, and how to give it', () => {
    const dir = workflow({ Snakefile: 'configfile: "config.yaml"\n\nrule all:\n    input: config["samples"]\n', 'config.yaml': 'other: 1\n' });
    const r = parseIn(dir);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'SMK006', message: "KeyError: 'samples'", span: expect.objectContaining({ line: 4, column: 12 }) })]);
    expect(r.diagnostics[0]!.hint).toMatch(/--config/);
    expect(parseIn(dir, { config: { samples: '[a.txt]' } }).diagnostics.map((d) => d.code)).toEqual(['SMK009']);
  });

  it('reports a wildcard that cannot be resolved, as Snakemake words it', () => {
    const dir = workflow({ Snakefile: 'rule all:\n    input: "out/x.txt"\n\nrule make:\n    input: "in/{sample}_{lane}.txt"\n    output: "out/{sample}.txt"\n    shell: "cp {input} {output}"\n' });
    const r = parseIn(dir);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SMK011']);
    expect(r.diagnostics[0]!.message).toMatch(/Wildcards in input files cannot be determined from output files:\n'lane'/);
    expect(r.diagnostics[0]!.span).toMatchObject({ file: 'Snakefile', line: 4, column: 1 });
  });

  it('reports two rules that can make one file, and takes ruleorder', () => {
    const rules = 'rule all:\n    input: "x.txt"\n\nrule a:\n    output: "{n}.txt"\n    shell: "touch {output}"\n\nrule b:\n    output: "{m}.txt"\n    shell: "touch {output}"\n';
    const r = parseIn(workflow({ Snakefile: rules }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SMK010']);
    expect(r.diagnostics[0]!.message).toMatch(/^Rules a and b are ambiguous for the file x.txt/);
    expect(r.diagnostics[0]!.hint).toMatch(/ruleorder/);
    const ordered = parseIn(workflow({ Snakefile: `${rules}\nruleorder: b > a\n` }));
    expect(ordered.value!.jobs.map((j) => j.step).sort()).toEqual(['all', 'b']);
  });

  it('reports missing input files of the rule that needs them', () => {
    const r = parseIn(workflow({ Snakefile: 'rule all:\n    input: "done"\n\nrule go:\n    input: "absent.txt"\n    output: "done"\n    shell: "touch done"\n' }));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'SMK009', span: expect.objectContaining({ line: 4 }) })]);
    expect(r.diagnostics[0]!.message).toBe('Missing input files for rule go:\n    affected files:\n        absent.txt');
  });

  it('reports Python errors in input functions with their own line', () => {
    const dir = workflow({ Snakefile: 'def f(w):\n    return {"a": 1}[w.s]\n\nrule all:\n    input: "o/q.txt"\n\nrule r:\n    input: f\n    output: "o/{s}.txt"\n    shell: "x"\n' });
    const r = parseIn(dir);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'SMK018', span: expect.objectContaining({ line: 2 }) })]);
    expect(r.diagnostics[0]!.message).toMatch(/input function of rule r raised KeyError: 'q' \(wildcards: s=q\)/);
  });

  it('calls unsupported Python by its name, at its line', () => {
    const r = parseIn(workflow({ Snakefile: 'import subprocess\nrule all:\n    input: []\n' }));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'SMK003', message: "unsupported Python: import of module 'subprocess'", span: expect.objectContaining({ line: 1 }) })]);
  });

  it('exits 1 and writes nothing on bad input', async () => {
    const dir = workflow({ Snakefile: 'rule all\n    input: "x"\n' });
    const r = await runCli(['convert', 'Snakefile', '--to', 'pegasus', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[SMK001\]: syntax error: expected ':', found end of line\n --> Snakefile:1:9/);
  });

  it('resolves paths against --directory, as Snakemake -d does', async () => {
    const dir = workflow({
      'workflow/Snakefile': 'configfile: "config.yaml"\n\nrule all:\n    input: expand("out/{s}.txt", s=config["s"])\n\nrule r:\n    input: "in/{s}.txt"\n    output: "out/{s}.txt"\n    shell: "cp {input} {output}"\n',
      '.test/config.yaml': 's: [a, b]\n',
      '.test/in/a.txt': 'a',
      '.test/in/b.txt': 'b',
    });
    const r = await runCli(['graph', '../workflow/Snakefile', '--level', 'jobs', '--format', 'json'], join(dir, '.test'));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(['r_a', 'r_b', 'all']);
    const d = await runCli(['graph', 'workflow/Snakefile', '--directory', '.test', '--level', 'jobs', '--format', 'json'], dir);
    expect(d.stdout).toBe(r.stdout);
  });
});

describe('Snakemake frontend never crashes', () => {
  it('on random mutations of the corpus Snakefiles', () => {
    const cases = corpusCases().filter((c) => c.oracle);
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat(12),
      insert: fc.string({ unit: fc.constantFrom('(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '\n', '    ', 'rule ', 'input', '=', 'lambda', 'f"', '\\', '#', 'x'), maxLength: 5 }),
    });
    for (const c of cases) {
      const io = { cwd: c.dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} };
      const host = fileHost(io);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
          let text = c.text;
          for (const m of ms) {
            const at = m.at % (text.length + 1);
            text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
          }
          const r = parseSnakemake({ path: c.input, text }, { params: {} }, host);
          expect(r.value !== undefined || r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        }),
        { numRuns: Number(process.env.WFC_FUZZ_RUNS ?? 40) },
      );
    }
  });
});
