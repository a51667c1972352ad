// `wfc migrate` as a user meets it: usage errors, the input's own errors, nothing overwritten
// without --force, --check for CI, and the report written where asked.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { CORPUS } from '../helpers/paths.js';
import { listTree, withCase } from '../helpers/tmp.js';

/** The Snakemake case with per-rule resources (GPUs, walltimes), and the input file it reads. */
function resourcesCase(): string {
  const dir = withCase('smk-resources', 'Snakefile');
  cpSync(join(CORPUS, 'smk-resources', 'genome.fa'), join(dir, 'genome.fa'));
  return dir;
}

describe('wfc migrate', () => {
  it('explains itself and refuses what it cannot do, with exit code 2', async () => {
    const help = await runCli(['migrate', '--help'], '.');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--from <provider>[\s\S]*--to <provider>[\s\S]*--report <file>[\s\S]*Providers: local, slurm, kubernetes, aws, gcp, htcondor/);
    const dir = resourcesCase();
    const unknown = await runCli(['migrate', 'Snakefile', '--from', 'slurm', '--to', 'mainframe', '--out', 'o'], dir);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'error[MIG005]: unknown provider "mainframe" for --to\n   = hint: providers are local, slurm, kubernetes, aws, gcp, htcondor\n']);
    const report = await runCli(['migrate', 'Snakefile', '--from', 'slurm', '--to', 'htcondor', '--out', 'o', '--report', 'r.txt'], dir);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/^error\[MIG004\]/);
    const format = await runCli(['migrate', 'Snakefile', '--from', 'local', '--to', 'htcondor', '--out', 'o', '--format', 'slurm'], dir);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^error\[MIG003\]: the slurm format cannot say where htcondor runs a workflow\n   = hint: choose another --format, e.g. --format pegasus/);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('reports the input\'s errors at their place, with exit code 1', async () => {
    const dir = resourcesCase();
    writeFileSync(join(dir, 'Snakefile'), 'rule a:\n    output: "x"\n    shell "true"\n');
    const r = await runCli(['migrate', 'Snakefile', '--from', 'slurm', '--to', 'kubernetes', '--out', 'o'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--> Snakefile:3:\d+/);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('writes the artifacts and the report, overwrites nothing without --force, and checks with --check', async () => {
    const dir = resourcesCase();
    const args = ['migrate', 'Snakefile', '--from', 'slurm', '--to', 'htcondor', '--out', 'o', '--report', 'report.json'];
    const first = await runCli(args, dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^migrated: Snakefile \(slurm: slurm\) → o \(htcondor: htcondor; pegasus\): 4 settings mapped, 0 decisions to make; report in report.json\n$/);
    expect(listTree(join(dir, 'o'))).toContain('workflow.yml');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { from: { provider: string }; to: { format: string }; mapped: { scope: string; from: string; to: string }[] };
    expect(report.to.format).toBe('pegasus');
    expect(report.mapped).toContainEqual({ scope: 'step train', from: '--cpus-per-task=16 --mem=15259M --time=01:00:00 --gres=gpu:2', to: 'request_cpus = 16 request_memory = 15259 request_gpus = 2 allowed_job_duration = 3600' });
    const again = await runCli(args, dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error\[WFC004\]: \d+ output files already exist \(report\.json, o\//);
    expect((await runCli([...args, '--check'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'report.json'), '{}\n');
    const drift = await runCli([...args, '--check'], dir);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^--- a\/report\.json\n\+\+\+ b\/report\.json/m);
    expect((await runCli([...args, '--force'], dir)).code).toBe(0);
    expect((await runCli([...args, '--check'], dir)).code).toBe(0);
  });

  it('prints the Markdown report when no --report is named', async () => {
    const dir = resourcesCase();
    const r = await runCli(['migrate', 'Snakefile', '--from', 'slurm', '--to', 'htcondor', '--out', 'o', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# Migration of Snakefile: slurm → htcondor\n[\s\S]*## Mapped settings\n\n\| where \| slurm \| htcondor \|/);
  });
});
