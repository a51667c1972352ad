import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/paths.js';
import { runCli } from '../helpers/run.js';
import { listTree, tempDir, withCase } from '../helpers/tmp.js';

const SKETCH = 'sun-image.napkin.json';

describe('wfc convert', () => {
  it('writes the target files for one input and one target straight into --out', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const r = await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'build'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listTree(join(dir, 'build'))).toEqual(['bin/2D-fft', 'bin/make_tiles', 'bin/merge', 'bin/split', 'pegasus.properties', 'plan.sh', 'replicas.yml', 'sites.yml', 'transformations.yml', 'workflow.yml']);
    expect(r.stderr).toMatch(/written: sun-image.napkin.json → 10 files in build/);
  });

  it('puts each target in its own directory when there are several', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const r = await runCli(['convert', SKETCH, '--to', 'pegasus,ir', '--out', 'build', '-q'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'build')).sort()).toEqual(['ir', 'pegasus']);
  });

  it('never overwrites without --force, and overwrites with it', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'build', '-q'], dir);
    const ir = join(dir, 'build/workflow.ir.json');
    writeFileSync(ir, 'mine');
    const refused = await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'build'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/error\[WFC004\]: 1 output file already exists \(build\/workflow.ir.json\)/);
    expect(readFileSync(ir, 'utf8')).toBe('mine');
    const forced = await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'build', '--force', '-q'], dir);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(ir, 'utf8')).name).toBe('sun-image');
  });

  it('refuses an --out that is a file', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    writeFileSync(join(dir, 'taken'), 'x');
    const r = await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'taken'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/taken exists and is not a directory/);
  });

  it('--check writes nothing, passes on a match and shows a unified diff on drift', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'golden', '-q'], dir);
    expect((await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'golden', '--check', '-q'], dir)).code).toBe(0);
    const wf = join(dir, 'golden/workflow.yml');
    writeFileSync(wf, readFileSync(wf, 'utf8').replace('name: merge', 'name: merged'));
    const drift = await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'golden', '--check'], dir);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^--- a\/golden\/workflow.yml/m);
    expect(drift.stdout).toMatch(/^-\s+name: merged$/m);
    expect(drift.stdout).toMatch(/^\+\s+name: merge$/m);
    expect(drift.stderr).toMatch(/WFC005/);
    expect(readFileSync(wf, 'utf8')).toMatch(/name: merged/);
    const missing = await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'elsewhere', '--check', '-q'], dir);
    expect(missing.code).toBe(1);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('reports bad input with file, line, column, code frame and hint, exit 1, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.napkin.json'), '{\n  "napkin": 1,\n  "nodes": [,]\n}\n');
    const r = await runCli(['convert', 'bad.napkin.json', '--to', 'pegasus', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[SYN001]: malformed JSON: a value was expected');
    expect(r.stderr).toContain('--> bad.napkin.json:3:13');
    expect(r.stderr).toContain('3 |   "nodes": [,]');
    expect(r.stderr).toMatch(/\|\s+\^/);
    expect(r.stderr).toContain('= hint:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses outputs that climb out of the working area, for every target that runs jobs, and writes nothing', async () => {
    const dir = tempDir();
    const sketch = {
      napkin: 1,
      nodes: [
        { id: 'a', shape: 'oval', label: 'make\ncmd: echo hi > {output}' },
        { id: 'b', shape: 'box', label: 'out\nfile: notes/../../../escape.txt' },
        { id: 'c', shape: 'oval', label: 'copy\ncmd: cp {input} {output}' },
        { id: 'd', shape: 'box', label: 'abs\nfile: /scratch/results/result.txt' },
      ],
      arrows: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }],
    };
    writeFileSync(join(dir, 's.napkin.json'), JSON.stringify(sketch, null, 2));
    for (const target of ['pegasus', 'slurm', 'kubernetes', 'scalable', 'torc']) {
      const r = await runCli(['convert', 's.napkin.json', '--to', target, '--out', target], dir);
      expect(r.code, target).toBe(1);
      expect(r.stderr).toMatch(/error\[LINT010\]: job "make" writes "notes\/\.\.\/\.\.\/\.\.\/escape\.txt", which lies outside the working area\n --> s\.napkin\.json:4:5/);
      // An absolute output is an error where jobs see only a volume, a warning elsewhere.
      expect(r.stderr).toMatch(target === 'kubernetes' ? /error\[LINT010\]: job "copy" writes to the absolute path/ : /warning\[LINT010\]: job "copy" writes to the absolute path/);
      expect(existsSync(join(dir, target))).toBe(false);
    }
  });

  it('says when it cannot tell the format, or read the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'just some notes\n');
    const unknown = await runCli(['convert', 'notes.txt', '--to', 'ir', '--out', 'o'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error\[WFC001\]: cannot tell the format of notes.txt/);
    expect(unknown.stderr).toMatch(/--from/);
    const missing = await runCli(['convert', 'nope.json', '--to', 'ir', '--out', 'o'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error\[WFC002\]: cannot read nope.json: no such file/);
  });

  it('takes the format from the content, or from --from', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    writeFileSync(join(dir, 'sketch.json'), readFileSync(join(dir, SKETCH)));
    expect((await runCli(['convert', 'sketch.json', '--to', 'ir', '--out', 'a', '-q'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'sketch.txt'), readFileSync(join(dir, SKETCH)));
    expect((await runCli(['convert', 'sketch.txt', '--from', 'napkin', '--to', 'ir', '--out', 'b', '-q'], dir)).code).toBe(0);
    const wrong = await runCli(['convert', 'sketch.txt', '--from', 'wfformat', '--to', 'ir', '--out', 'c'], dir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/WFF001/);
  });

  it('is a usage error (exit 2) to name an unknown target or format, or omit --to', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const target = await runCli(['convert', SKETCH, '--to', 'pegasus,airflow', '--out', 'o'], dir);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/unknown target "airflow"/);
    expect((await runCli(['convert', SKETCH, '--from', 'cwl', '--to', 'ir', '--out', 'o'], dir)).code).toBe(2);
    const noTo = await runCli(['convert', SKETCH, '--out', 'o'], dir);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toMatch(/--to/);
    expect((await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'o', '--param', 'oops'], dir)).code).toBe(2);
  });

  it('sizes fan-outs from --param', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    await runCli(['convert', SKETCH, '--to', 'pegasus', '--out', 'o', '--param', 'N=2', '--param', 'M=2', '-q'], dir);
    const wf = readFileSync(join(dir, 'o/workflow.yml'), 'utf8');
    expect(wf.match(/^ {2}- arguments:/gm)).toHaveLength(2 + 2 + 4 + 1);
  });

  it('takes YAML files in a directory only when they are workflows (Torc, Scalable, Pegasus), not CI files or configs', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'deployments/.github'), { recursive: true });
    cpSync(join(CORPUS, 'migrations/torc-slurm-to-local/workflow.yaml'), join(dir, 'deployments/sweep.yaml'));
    cpSync(join(CORPUS, 'migrations/gke-to-slurm/scalable.yaml'), join(dir, 'deployments/scalable.gke.yaml'));
    cpSync(join(CORPUS, 'migrations/pegasus-htcondor-to-slurm/workflow.yml'), join(dir, 'deployments/wordfreq.yml'));
    writeFileSync(join(dir, 'deployments/config.yaml'), 'samples: [a, b]\njobs: 4\n');
    writeFileSync(join(dir, 'deployments/ci.yml'), 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    const r = await runCli(['convert', 'deployments', '--to', 'ir', '--out', 'all', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'all')).sort()).toEqual(['scalable.gke', 'sweep', 'wordfreq']);
  });

  it('converts many inputs and directories, each to its own directory, with a summary', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'more/broken.napkin.json'), '{"napkin": 1, "nodes": [], "arrows": []}');
    writeFileSync(join(dir, 'more/other.napkin.json'), readFileSync(join(dir, SKETCH)));
    const r = await runCli(['convert', SKETCH, 'more', '--to', 'ir', '--out', 'all'], dir);
    expect(r.code).toBe(1);
    expect(readdirSync(join(dir, 'all')).sort()).toEqual(['other', 'sun-image']);
    expect(r.stderr).toMatch(/more\/broken.napkin.json\s+failed/);
    expect(r.stderr).toMatch(/2 of 3 converted/);
  });

  it('--fail-on-loss turns the loss ledger into an error', async () => {
    const dir = withCase('diamond-ir', 'diamond.ir.json');
    const ok = await runCli(['convert', 'diamond.ir.json', '--to', 'wfformat', '--out', 'a'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/loss ledger \(\d+\):/);
    expect(ok.stderr).toMatch(/resource requests of 3 steps: WfFormat has no resource requests/);
    const strict = await runCli(['convert', 'diamond.ir.json', '--to', 'wfformat', '--out', 'b', '--fail-on-loss'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/WFC007/);
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('reads back the IR it writes and gives the same Pegasus output', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    await runCli(['convert', SKETCH, '--to', 'ir,pegasus', '--out', 'o', '-q'], dir);
    const again = await runCli(['convert', 'o/ir/workflow.ir.json', '--to', 'pegasus', '--out', 'o/pegasus', '--check'], dir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});

describe('wfc convert: passes', () => {
  it('lists the passes of each target without converting', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const r = await runCli(['convert', SKETCH, '--to', 'slurm,ir', '--passes', 'list'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0])).toEqual(['slurm:', 'expand', 'lift-resources', 'infer-staging', 'cluster', 'map-provider', 'lint', 'ir:', 'lint', '']);
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('runs the passes named, checks their order, and rejects unknown ones', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const unknown = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'b', '--passes', 'expand,optimise'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/error\[WFC011\]: unknown pass "optimise"\n   = hint: passes are expand, lift-resources, infer-staging, cluster, map-provider, lint/);
    const order = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'b', '--passes', 'cluster,expand'], dir);
    expect(order.code).toBe(1);
    expect(order.stderr).toMatch(/error\[WFC010\]: pass cluster needs the workflow concrete, and no pass before it makes it so\n {2}= hint: run expand before cluster/);
    const only = await runCli(['convert', SKETCH, '--to', 'ir', '--out', 'b', '--passes', 'expand,lint', '-q'], dir);
    expect(only.code, only.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b/workflow.ir.json'), 'utf8')).jobs).toHaveLength(4 + 4 + 12 + 1);
  });

  it('explains what each pass changed', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    const r = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'b', '--cluster', 'size=2', '--explain-passes'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('passes for sun-image.napkin.json → slurm:\n');
    expect(r.stderr).toMatch(/ {2}expand {10}0 → 21 jobs\n/);
    expect(r.stderr).toMatch(/ {2}infer-staging {3}21 jobs; 2 raw inputs, 20 intermediates \(0 cleaned up\), 1 final outputs; transfer mode: shared\n/);
    expect(r.stderr).toMatch(/ {2}cluster {9}21 jobs; 20 of 21 jobs into 10 clusters \(11 units to run\)\n/);
  });

  it('takes resource defaults and a site profile, and points into them when they are wrong', async () => {
    const dir = withCase('sun-image-napkin', SKETCH);
    writeFileSync(join(dir, 'defaults.yaml'), 'defaults:\n  cpus: 2\n  memory: 4 GB\n  time: 30m\n');
    writeFileSync(join(dir, 'site.yaml'), 'slurm:\n  account: proj\n  partitions:\n    - name: short\n      max_cpus: 4\n      max_time: 1h\n');
    const r = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'b', '--defaults', 'defaults.yaml', '--site', 'site.yaml', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    const script = readFileSync(join(dir, 'b/steps/merge.sh'), 'utf8');
    expect(script).toContain('#SBATCH --cpus-per-task=2\n#SBATCH --mem=4G\n#SBATCH --time=00:30:00\n#SBATCH --partition=short\n#SBATCH --account=proj\n');

    writeFileSync(join(dir, 'site.yaml'), 'slurm:\n  partitions:\n    - name: short\n      max_memory: lots\n      max_cpus: 4\n');
    const bad = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'c', '--site', 'site.yaml'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[UNIT001\]: "lots" is not a memory amount\n +--> site.yaml:4:7/);
    writeFileSync(join(dir, 'site.yaml'), 'slurm:\n  partitions:\n    - name: short\n      max_cpu: 4\n');
    const unknown = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'c', '--site', 'site.yaml'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error\[WFC009\]: slurm.partitions.0: unknown property "max_cpu"\n +--> site.yaml:4:7/);
    writeFileSync(join(dir, 'site.yaml'), 'slurm:\n  partitions:\n    - name: tiny\n      max_cpus: 1\n');
    writeFileSync(join(dir, 'defaults.yaml'), 'defaults: {cpus: 2}\n');
    const fits = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'c', '--site', 'site.yaml', '--defaults', 'defaults.yaml'], dir);
    expect(fits.code).toBe(1);
    expect(fits.stderr).toMatch(/error\[MAP001\]: job "2D-fft_0" \(step "2D-fft"\) fits no partition of site.yaml: tiny: 2 CPUs \(at most 1\)/);
    expect(existsSync(join(dir, 'c'))).toBe(false);
    const cluster = await runCli(['convert', SKETCH, '--to', 'slurm', '--out', 'c', '--cluster', 'size=big'], dir);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toMatch(/error\[WFC009\]: --cluster "size=big" is not understood/);
  });
});
