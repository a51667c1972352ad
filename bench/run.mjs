// wfc benchmarks: `npm run bench`. Prints figures and ratios; asserts nothing (speed is reported,
// not tested). Runs the built compiler in dist/, so `npm run bench` builds first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'dist/cli/bin.js');
const shared = resolve(root, '../shared/corpus/wfinstances');
const montage = join(shared, 'pegasus/montage/montage-chameleon-dss-15d-001.json');
const dist = (p) => import(join(root, 'dist', p));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;
const rows = [];
const row = (what, value, note = '') => rows.push([what, value, note]);

function timeCommand(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'wfc-bench-'));
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args.map((a) => a.replace('$OUT', join(out, 'o')))], { encoding: 'utf8' });
    times.push(performance.now() - t);
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`wfc ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

// 1. Start-up.
const node = median(Array.from({ length: 10 }, () => {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t;
}));
const version = timeCommand(['--version'], 10);
row('wfc --version (median of 10)', ms(version), `node -e 0 alone: ${ms(node)}; wfc adds ${ms(version - node)}`);

// 2. The largest trace, end to end.
const montageCli = timeCommand(['convert', montage, '--to', 'pegasus', '--out', '$OUT', '-q'], 7);
row('Montage 2,122 tasks → Pegasus, CLI (median of 7)', ms(montageCli), 'read, parse, lint, emit, write 14 files');

// 3. The same in process, by stage (warm: median of 5 after one run).
const { parseWfFormat } = await dist('frontends/wfformat/index.js');
const { canonicalize } = await dist('ir/workflow.js');
const { runPasses } = await dist('passes/pass.js');
const { expandPass } = await dist('passes/expand.js');
const { lintPass } = await dist('passes/lint.js');
const { emitPegasus } = await dist('backends/pegasus/index.js');
const { toStableYaml } = await dist('ir/serialize.js');
const text = readFileSync(montage, 'utf8');
const stages = { parse: [], passes: [], emit: [] };
let emitted;
for (let i = 0; i < 6; i++) {
  let t = performance.now();
  const wf = canonicalize(parseWfFormat({ path: 'm.json', text }, { params: {} }, { readFile: () => undefined }).value);
  stages.parse.push(performance.now() - t);
  t = performance.now();
  const passed = runPasses(wf, [expandPass, lintPass]).value;
  stages.passes.push(performance.now() - t);
  t = performance.now();
  emitted = emitPegasus(passed);
  stages.emit.push(performance.now() - t);
}
for (const [stage, times] of Object.entries(stages)) row(`  Montage ${stage} (in process, warm)`, ms(median(times.slice(1))));

// 4. Our YAML writer against the yaml package on the same data.
const { parse } = await import('yaml');
const data = parse(emitted.files.get('workflow.yml').text);
const timeIt = (f, n = 5) => median(Array.from({ length: n }, () => {
  const t = performance.now();
  f();
  return performance.now() - t;
}));
const ours = timeIt(() => toStableYaml(data));
const theirs = timeIt(() => stringify(data), 3);
row('  workflow.yml (2.5 MB) with wfc YAML writer', ms(ours), `yaml.stringify: ${ms(theirs)} (${(theirs / ours).toFixed(1)}x slower)`);

// 5. Every shared trace to Pegasus, WfFormat and IR in one run.
const traces = [];
const walk = (d) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.json') && traces.push(join(d, f))));
walk(shared);
const tasks = traces.reduce((n, f) => n + JSON.parse(readFileSync(f, 'utf8')).workflow.specification.tasks.length, 0);
const all = timeCommand(['convert', shared, '--to', 'pegasus,wfformat,ir', '--out', '$OUT', '-q'], 3);
row(`All ${traces.length} shared traces → 3 targets (median of 3)`, ms(all), `${tasks.toLocaleString('en-US')} tasks: ${Math.round(tasks / (all / 1000)).toLocaleString('en-US')} tasks/s`);

// 6. Expansion at scale: a sketch scattered over 100,000 items.
const { parseNapkin } = await dist('frontends/napkin/index.js');
const sketch = JSON.stringify({
  napkin: 1,
  params: { N: 100000 },
  nodes: [
    { id: 'i', shape: 'box', label: 'input' },
    { id: 's', shape: 'oval', label: 'simulate (N)' },
    { id: 'r', shape: 'box', label: 'result' },
    { id: 'm', shape: 'oval', label: 'merge' },
    { id: 'o', shape: 'box', label: 'summary' },
  ],
  arrows: [{ from: 'i', to: 's' }, { from: 's', to: 'r' }, { from: 'r', to: 'm' }, { from: 'm', to: 'o' }],
});
const abstract = canonicalize(parseNapkin({ path: 's.napkin.json', text: sketch }, { params: {} }, { readFile: () => undefined }).value);
let t = performance.now();
const big = runPasses(abstract, [expandPass, lintPass]).value;
const expandTime = performance.now() - t;
t = performance.now();
emitPegasus(big);
const bigEmit = performance.now() - t;
row('Sketch with N = 100,000: expand + lint', ms(expandTime), `${big.jobs.length.toLocaleString('en-US')} jobs: ${Math.round(big.jobs.length / (expandTime / 1000)).toLocaleString('en-US')} jobs/s`);
row('  ... → Pegasus', ms(bigEmit));

// 7. Every pass at once on 60,002 jobs (the Snakemake scale workflow at 20,000 samples), as for
//    Slurm with resource defaults, a site profile and clustering.
const { parseSnakemake } = await dist('frontends/snakemake/index.js');
const { fileHost } = await dist('cli/compile.js');
const { PASSES } = await dist('passes/registry.js');
const scale = join(root, 'bench/snakemake-scale');
const parsed = parseSnakemake({ path: 'Snakefile', text: readFileSync(join(scale, 'Snakefile'), 'utf8') }, { params: {}, config: { n: '20000' } }, fileHost({ cwd: scale }));
const large = JSON.stringify(canonicalize(parsed.value));
const GiB = 2 ** 30;
const passContext = {
  target: 'slurm',
  staging: 'shared',
  cluster: { by: 'size', size: 20 },
  defaults: { file: 'defaults.yaml', defaults: { cpus: 1, memoryBytes: 2 * GiB, walltimeSeconds: 600 } },
  site: { file: 'site.yaml', slurm: { partitions: [{ name: 'short', maxCpus: 32, maxWalltimeSeconds: 3600 }] } },
};
const passTimes = [];
let passJobs = 0;
for (let i = 0; i < 3; i++) {
  const fresh = canonicalize(JSON.parse(large));
  t = performance.now();
  passJobs = runPasses(fresh, PASSES, passContext).value.jobs.length;
  passTimes.push(performance.now() - t);
}
row(`All ${PASSES.length} passes on ${passJobs.toLocaleString('en-US')} jobs (median of 3)`, ms(median(passTimes)), PASSES.map((p) => p.name).join(', '));

// 8. The other targets on the largest trace, reading a Pegasus workflow back, and a migration.
for (const target of ['slurm', 'kubernetes', 'scalable', 'torc']) {
  const took = timeCommand(['convert', montage, '--to', target, '--out', '$OUT', '-q'], 3);
  row(`Montage → ${target}, CLI (median of 3)`, ms(took), `${(took / montageCli).toFixed(2)}x the Pegasus conversion`);
}
const pegasusOut = mkdtempSync(join(tmpdir(), 'wfc-bench-'));
spawnSync(process.execPath, [bin, 'convert', montage, '--to', 'pegasus', '--out', join(pegasusOut, 'p'), '-q']);
const readBack = timeCommand(['convert', join(pegasusOut, 'p/workflow.yml'), '--to', 'ir', '--out', '$OUT', '-q'], 3);
row('Montage workflow.yml (2.4 MB) read back by the Pegasus frontend → IR, CLI', ms(readBack), `${(readBack / montageCli).toFixed(2)}x writing it`);
rmSync(pegasusOut, { recursive: true, force: true });
const migrate = timeCommand(['migrate', montage, '--from', 'slurm', '--to', 'kubernetes', '--out', '$OUT', '--report', join(tmpdir(), `wfc-bench-report-${process.pid}.json`), '--force', '-q'], 3);
row('wfc migrate Montage slurm → kubernetes, CLI (median of 3)', ms(migrate), 'both providers\' artifacts, their diff, the report');

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`wfc benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
