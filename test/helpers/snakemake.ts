// Snakemake itself (Debian's package), as the oracle for the Snakemake frontend: the jobs and edges
// of its dry run, keyed by rule and wildcards.

import { execFileSync, spawnSync } from 'node:child_process';

export interface OracleDag {
  /** `rule` or `rule[name=value,...]`, sorted. */
  jobs: string[];
  /** `from -> to` between job keys, sorted. */
  edges: string[];
}

export function snakemakeAvailable(): boolean {
  return spawnSync('snakemake', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function jobKey(rule: string, wildcards: Record<string, string>): string {
  const w = Object.entries(wildcards).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  return w.length === 0 ? rule : `${rule}[${w.join(',')}]`;
}

/** Runs `snakemake -n --forceall` (jobs with wildcards) and `--d3dag` (edges), joined by job id. */
export function snakemakeDag(cwd: string, args: string[] = []): OracleDag {
  const run = (extra: string[]) => {
    const r = spawnSync('snakemake', ['-n', '--forceall', '--cores', '1', ...args, ...extra], { cwd, encoding: 'utf8', env: { ...process.env, HOME: process.env.HOME ?? '/tmp' } });
    if (r.status !== 0) throw new Error(`snakemake failed in ${cwd}:\n${r.stderr}\n${r.stdout}`);
    return r;
  };
  const dry = run([]);
  const byId = new Map<number, string>();
  const text = `${dry.stdout}\n${dry.stderr}`;
  for (const block of text.split(/\n(?=\[[^\n]*\]\n|(?:local)?(?:rule|checkpoint) )/)) {
    const m = /^(?:\[[^\n]*\]\n)?(?:local)?(?:rule|checkpoint) ([^:\s]+):/m.exec(block);
    const id = /^\s+jobid: (\d+)$/m.exec(block);
    if (!m || !id) continue;
    const w = /^\s+wildcards: (.*)$/m.exec(block);
    const wildcards = Object.fromEntries((w ? w[1]!.split(', ') : []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    byId.set(Number(id[1]), jobKey(m[1]!, wildcards));
  }
  const d3 = JSON.parse(run(['--d3dag']).stdout) as { nodes: { id: number; value: { jobid: number; rule: string } }[]; links: { u: number; v: number }[] };
  for (const n of d3.nodes) {
    const key = byId.get(n.value.jobid);
    if (!key || !key.startsWith(n.value.rule)) throw new Error(`job ${n.value.jobid} (${n.value.rule}) of --d3dag is not in the dry run's list`);
  }
  const keyOf = (id: number) => byId.get(d3.nodes.find((n) => n.id === id)!.value.jobid)!;
  return {
    jobs: d3.nodes.map((n) => byId.get(n.value.jobid)!).sort(),
    edges: d3.links.map((l) => `${keyOf(l.u)} -> ${keyOf(l.v)}`).sort(),
  };
}

/** Runs the workflow for real (local cores), for cases that compare the files it makes. */
export function snakemakeRun(cwd: string, args: string[] = []): void {
  execFileSync('snakemake', ['--cores', '2', '--forceall', ...args], { cwd, stdio: 'pipe' });
}
