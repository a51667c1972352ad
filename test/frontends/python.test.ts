// The Python interpreter against real Python: each snippet sets `result`; its repr must be the
// same in both. Then the parser's reach: strings of every kind, f-strings, layout.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, sortDiagnostics } from '../../ir/diagnostics.js';
import { parseSnakefile } from '../../frontends/snakemake/parse.js';
import { makeBuiltins } from '../../frontends/snakemake/python/builtins.js';
import { Interpreter } from '../../frontends/snakemake/python/interp.js';
import { standardModules } from '../../frontends/snakemake/python/modules.js';
import { repr } from '../../frontends/snakemake/python/ops.js';
import type { PyValue, Scope } from '../../frontends/snakemake/python/values.js';

const SNIPPETS: string[] = [
  'result = 7 // 2, -7 // 2, 7 % -3, 2 ** 10, 2 ** -1, 7 / 2, 1e16, 0.1 + 0.2, 1.0, 3 * 1.5',
  'result = "a,b,,c".split(","), "  x y  ".split(), "a b c".split(" ", 1), "a/b/c".rsplit("/", 1)',
  'result = "{} and {}".format(1, "x"), "{0}{1}{0}".format("a", "b"), "{name!r:>8}".format(name="z"), "{:05.2f}".format(3.14159)',
  `x = 255\nresult = f"{x:#x} {x:08b} {x:,} {x!r} {x=}", f"{3.5:.0f}", f"{'q'}", f"{{braces}}"`,
  'result = [i * i for i in range(5) if i % 2], {k: v for k, v in zip("ab", [1, 2])}, sorted({3, 1, 2})',
  'result = [(a, b) for a in range(2) for b in "xy" if b != "y" or a]',
  'd = {"b": 2, "a": 1}\nd["c"] = 3\nresult = list(d.items()), d.get("z", 0), sorted(d, key=lambda k: -d[k])',
  'result = "x" * 3, [0] * 2, (1,) + (2,), "%s-%03d|%5.1f" % ("a", 7, 2.25), "%(k)s" % {"k": "v"}',
  'def f(a, b=2, *args, c=3, **kw):\n    return a, b, args, c, sorted(kw.items())\nresult = f(1), f(1, 5, 6, 7, c=0, z=9)',
  'def g(n):\n    if n <= 1:\n        return 1\n    return n * g(n - 1)\nresult = g(10), max([3, 9, 2]), min("hello"), sum([1.5, 2]), any([]), all([])',
  'a, *b, c = [1, 2, 3, 4]\nresult = a, b, c',
  'try:\n    {}["k"]\nexcept KeyError as e:\n    result = "caught"\nelse:\n    result = "no"',
  'result = "Hello".lower().startswith(("he", "x")), "abc".upper(), " x ".strip(), "a-b".replace("-", "_"), "x.tar.gz".partition(".")',
  'import os\nresult = os.path.join("a", "b", "c.txt"), os.path.splitext("x/y.fa.gz"), os.path.basename("a/b/"), os.path.dirname("a/b/c")',
  'result = int("42"), float("2.5"), str(1.0), str(None), bool(""), list("ab"), round(2.5), round(3.5), abs(-2)',
  'result = [x for x in enumerate("ab", 1)], list(reversed([1, 2, 3])), "-".join(map(str, range(3))), len({"a": 1})',
  'import re\nm = re.match(r"(?P<s>[a-z]+)_(\\d+)", "abc_42.txt")\nresult = m.group("s"), m.group(2), re.sub(r"\\d", "#", "a1b22"), re.findall(r"[a-z]", "a1b2")',
  'result = 1 < 2 < 3, 1 < 2 > 3, "a" in "cat", 3 not in [1, 2], None is None, [1, 2] == [1, 2], (1, 2) < (1, 3)',
  'x = [1, 2]\nx += [3]\nx.extend((4,))\nx.insert(0, 0)\nresult = x, x[::-1], x[1:3], x[-1], "abcdef"[1:5:2]',
  'result = "a" if [] else "b", (lambda *a: len(a))(1, 2, 3), [1, 2, 3].index(2), "ab".count("a"), "x".zfill(3)',
  'from collections import defaultdict\nd = defaultdict(list)\nd["k"].append(1)\nresult = dict(d), dict(a=1), dict([("b", 2)])',
  'import itertools\nresult = list(itertools.product("ab", [1, 2])), list(itertools.chain([1], [2]))',
  'result = "{:>4}|{:<4}|{:^5}|{:+d}".format("a", "b", "c", 5), "{:.3e}".format(12345.678), "{:%}".format(0.25)',
  'result = 10 ** 15, 2.0 ** 0.5, -3 % 5, divmod(17, 5), 0.5.is_integer(), (3.0).is_integer()',
  `result = "%.1f %.2f" % (2.25, 2.675), "{:.2f} {:.0f} {:.0f}".format(0.125, 2.5, 3.5), repr("a'b\\"c"), repr("it's")`,
];

/** Every kind of string literal, for the parser and (as a snippet) for Python's verdict. */
const STRINGS = readFileSync(join(import.meta.dirname, '../fixtures/strings.py'), 'utf8');
SNIPPETS.push(STRINGS);

function ours(code: string): string {
  const bag = new DiagnosticBag();
  const module = parseSnakefile('t.py', `${code}\n`, bag);
  if (bag.items.length > 0) throw new Error(JSON.stringify(bag.items));
  const modules = standardModules({ read: () => undefined, stat: () => undefined, list: () => undefined });
  const interp = new Interpreter(makeBuiltins(() => undefined), { importModule: (n) => modules.get(n), snakemake: () => undefined }, 't.py');
  const scope: Scope = { vars: new Map() };
  interp.runModule(module.body, scope, 't.py');
  return repr(scope.vars.get('result') as PyValue);
}

describe('the Python interpreter agrees with Python', () => {
  const script = 'import json, sys\nfor s in json.load(sys.stdin):\n    ns = {}\n    exec(s, ns)\n    print(repr(ns["result"]))';
  const python = execFileSync('python3', ['-c', script], { input: JSON.stringify(SNIPPETS), encoding: 'utf8' }).trimEnd().split('\n');
  SNIPPETS.forEach((code, i) => {
    it(code.split('\n')[0]!.slice(0, 70), () => {
      expect(ours(code)).toBe(python[i]);
    });
  });
});

describe('the Snakefile parser', () => {
  const parse = (text: string) => {
    const bag = new DiagnosticBag();
    return { module: parseSnakefile('Snakefile', text, bag), diagnostics: bag.items };
  };

  it('reads strings of every kind', () => {
    const { module, diagnostics } = parse(STRINGS);
    expect(diagnostics).toEqual([]);
    expect(module.body.map((s) => s.kind)).toEqual(['assign', 'assign', 'assign', 'assign', 'assign', 'assign', 'assign']);
  });

  it('reads rules with every directive and arguments over several lines', () => {
    const text = [
      'rule a:',
      '    input:',
      '        "x",',
      '        y=lambda w: w.s,',
      '    output: "o/{s}.txt"',
      '    params:',
      '        p=1,',
      '        q=[1,',
      '           2],',
      '    log: "l"',
      '    benchmark: "b"',
      '    threads: 4',
      '    resources: mem_mb=100, runtime=5',
      '    priority: 1',
      '    message: "m"',
      '    conda: "e.yaml"',
      '    container: "docker://x"',
      '    envmodules: "m/1"',
      '    group: "g"',
      '    retries: 3',
      '    shell:',
      '        "echo {input}"',
      '        " > {output}"',
      '',
      'rule:',
      '    run:',
      '        print(input)',
      '        if True:',
      '            x = 1',
      '',
      'checkpoint c:',
      '    output: directory("d")',
      '    script: "s.py"',
    ].join('\n');
    const { module, diagnostics } = parse(`${text}\n`);
    expect(diagnostics).toEqual([]);
    const [a, anon, c] = module.body as { kind: string; name?: string; checkpoint?: boolean; directives: { name: string }[] }[];
    expect(a!.directives.map((d) => d.name)).toEqual(['input', 'output', 'params', 'log', 'benchmark', 'threads', 'resources', 'priority', 'message', 'conda', 'container', 'envmodules', 'group', 'retries', 'shell']);
    expect(anon!.name).toBeUndefined();
    expect(anon!.directives[0]!.name).toBe('run');
    expect(c!.checkpoint).toBe(true);
  });

  it('reads the other Snakemake statements', () => {
    const text = [
      'configfile: "c.yaml"',
      'include: "rules/x.smk"',
      'localrules: a, b',
      'ruleorder: a > b > c',
      'wildcard_constraints:',
      '    s="[A-Z]+"',
      'module m:',
      '    snakefile: "m/Snakefile"',
      '    config: config["m"]',
      'use rule * from m as m_*',
      'use rule a, b from m exclude c as x_*',
      'use rule a as b with:',
      '    output: "z"',
      'onsuccess:',
      '    print("done")',
    ].join('\n');
    const { module, diagnostics } = parse(`${text}\n`);
    expect(diagnostics).toEqual([]);
    expect(module.body.map((s) => (s.kind === 'global-directive' ? `${s.kind}:${s.name}` : s.kind))).toEqual([
      'global-directive:configfile',
      'global-directive:include',
      'global-directive:localrules',
      'global-directive:ruleorder',
      'global-directive:wildcard_constraints',
      'module',
      'use',
      'use',
      'use',
      'handler',
    ]);
    const uses = module.body.filter((s) => s.kind === 'use') as { rules: string[]; from?: string; as?: string; exclude: string[] }[];
    expect(uses.map((u) => [u.rules, u.from, u.as, u.exclude])).toEqual([
      [['*'], 'm', 'm_*', []],
      [['a', 'b'], 'm', 'x_*', ['c']],
      [['a'], undefined, 'b', []],
    ]);
  });

  it('reports syntax errors with their line and keeps the other statements', () => {
    const { module, diagnostics } = parse('x = 1\ny = 2 +\nz = 3\nrule r\n    input: "a"\nw = 4\n');
    expect(sortDiagnostics(diagnostics).map((d) => [d.code, d.span?.line, d.message])).toEqual([
      ['SMK001', 2, 'syntax error: unexpected end of line'],
      ['SMK001', 4, "syntax error: expected ':', found end of line"],
      ['SMK002', 5, 'indentation error: unexpected indent'],
    ]);
    expect(module.body.map((s) => s.kind)).toEqual(['assign', 'assign', 'assign']);
  });

  it('reports indentation and unterminated strings', () => {
    expect(parse('if x:\ny = 1\n').diagnostics.map((d) => d.code)).toContain('SMK002');
    expect(parse('x = "abc\n').diagnostics.map((d) => [d.code, d.message])).toEqual([['SMK001', 'syntax error: string literal is not terminated']]);
  });
});
