// bench/snakemake-scale: the synthetic Snakefile beside this file at 5,000 and 20,000 samples
// (15,002 and 60,002 jobs). For each size: wfc's time for parse + expand + Pegasus emit, from the
// command line (node start-up and writing included) and in process; Snakemake's `-n` time on the
// same file in the same run; peak memory of both; and how wfc's time grows with the job count.
//
// `node bench/snakemake-scale/run.mjs [samples...]` (default 5000 20000). Needs `npm run build`,
// python3 (to measure peak memory) and, for the comparison, `snakemake` on PATH.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const bin = join(root, 'dist/cli/bin.js');
const snakefile = join(here, 'Snakefile');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(5000, 20000);
const RUNS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (s) => `${s.toFixed(2)} s`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;
const jobsOf = (n) => 3 * n + 2;

/** Wall time and peak memory of one command, measured by measure.py. */
function measure(argv, cwd) {
  const r = spawnSync('python3', [join(here, 'measure.py'), ...argv], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`measure.py failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (m.status !== 0) throw new Error(`${argv.join(' ')} exited with ${m.status}:\n${m.stderr}`);
  return m;
}

function wfcCli(n) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'wfc-bench-'));
    runs.push(measure([process.execPath, bin, 'convert', snakefile, '--to', 'pegasus', '--out', join(dir, 'out'), '--config', `n=${n}`, '-q'], dir));
    rmSync(dir, { recursive: true, force: true });
  }
  return { seconds: median(runs.map((r) => r.seconds)), peakKb: Math.max(...runs.map((r) => r.peakKb)) };
}

function snakemake(n) {
  const found = spawnSync('snakemake', ['--version'], { encoding: 'utf8' });
  if (found.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wfc-bench-smk-'));
  try {
    return measure(['snakemake', '-n', '--forceall', '--cores', '1', '--quiet', '-s', snakefile, '-d', dir, '--config', `n=${n}`], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// In process: the library calls the command line makes, without start-up and writing.
const dist = (p) => import(join(root, 'dist', p));
const { parseSnakemake } = await dist('frontends/snakemake/index.js');
const { fileHost } = await dist('cli/compile.js');
const { canonicalize } = await dist('ir/workflow.js');
const { runPasses } = await dist('passes/pass.js');
const { expandPass } = await dist('passes/expand.js');
const { lintPass } = await dist('passes/lint.js');
const { emitPegasus } = await dist('backends/pegasus/index.js');
const text = readFileSync(snakefile, 'utf8');

function wfcInProcess(n) {
  const host = fileHost({ cwd: here });
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const parsed = parseSnakemake({ path: 'Snakefile', text }, { params: {}, config: { n: String(n) } }, host);
    if (!parsed.value) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
    const passed = runPasses(canonicalize(parsed.value), [expandPass, lintPass]).value;
    const out = emitPegasus(passed);
    times.push((performance.now() - t) / 1000);
    if (passed.jobs.length !== jobsOf(n) || !out.files.has('workflow.yml')) throw new Error(`expected ${jobsOf(n)} jobs, got ${passed.jobs.length}`);
  }
  return median(times);
}

const results = [];
for (const n of sizes) {
  const cli = wfcCli(n);
  const inProcess = wfcInProcess(n);
  const smk = snakemake(n);
  results.push({ n, cli, inProcess, smk });
}

console.log(`Snakemake at scale (node ${process.version}; wfc: median of ${RUNS}; Snakemake: one run)\n`);
const rows = [['jobs', 'wfc CLI', 'wfc in process', 'snakemake -n', 'ratio CLI / in process', 'peak memory wfc / snakemake']];
for (const { n, cli, inProcess, smk } of results) {
  rows.push([
    jobsOf(n).toLocaleString('en-US'),
    seconds(cli.seconds),
    seconds(inProcess),
    smk ? seconds(smk.seconds) : 'not installed',
    smk ? `${(smk.seconds / cli.seconds).toFixed(1)}x / ${(smk.seconds / inProcess).toFixed(1)}x faster` : '',
    smk ? `${mb(cli.peakKb)} / ${mb(smk.peakKb)} (${((100 * cli.peakKb) / smk.peakKb).toFixed(0)}%)` : mb(cli.peakKb),
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
if (results.length >= 2) {
  const [a, b] = [results[0], results[results.length - 1]];
  const jobs = jobsOf(b.n) / jobsOf(a.n);
  console.log(
    `\nGrowth from ${jobsOf(a.n).toLocaleString('en-US')} to ${jobsOf(b.n).toLocaleString('en-US')} jobs (${jobs.toFixed(1)}x): ` +
      `wfc CLI ${(b.cli.seconds / a.cli.seconds).toFixed(2)}x, in process ${(b.inProcess / a.inProcess).toFixed(2)}x` +
      (a.smk && b.smk ? `, Snakemake ${(b.smk.seconds / a.smk.seconds).toFixed(2)}x` : ''),
  );
}
