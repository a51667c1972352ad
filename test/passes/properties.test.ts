// Every pass keeps the workflow's meaning, on random workflows: the same produced files, the same
// dependencies between jobs (clusters may add waiting, never remove it, and never make a cycle),
// every job's command, and running it twice gives what running it once gives.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Resources, Step, Workflow } from '../../ir/types.js';
import { canonicalize, createWorkflow } from '../../ir/workflow.js';
import type { PassContext } from '../../passes/context.js';
import { PASSES } from '../../passes/registry.js';
import type { Pass } from '../../passes/pass.js';

const resources = fc.record(
  { cpus: fc.integer({ min: 1, max: 8 }), memoryBytes: fc.constantFrom(2 ** 30, 4 * 2 ** 30), walltimeSeconds: fc.constantFrom(600, 3600) },
  { requiredKeys: [] },
) as fc.Arbitrary<Resources>;

/** A random concrete workflow: jobs in creation order only read files of earlier jobs (or raw ones). */
const concrete = fc
  .record({
    steps: fc.array(fc.record({ resources, group: fc.constantFrom(undefined, 'g1', 'g2'), script: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    jobs: fc.array(
      fc.record({ step: fc.nat(), reads: fc.array(fc.nat(), { maxLength: 3 }), writes: fc.integer({ min: 0, max: 2 }), raw: fc.boolean(), own: fc.option(resources, { nil: undefined }) }),
      { minLength: 1, maxLength: 25 },
    ),
  })
  .map(({ steps, jobs }) => {
    const wf = createWorkflow('random', 'ir', []);
    wf.steps = steps.map((s, i): Step => ({
      id: `s${i}`,
      name: `s${i}`,
      inputs: [],
      outputs: [],
      fanout: [],
      resources: s.resources,
      environment: {},
      labels: s.group ? [`group:${s.group}`] : [],
    }));
    const produced: string[] = [];
    wf.jobs = jobs.map((j, i) => {
      const inputs = [...new Set(j.reads.filter(() => produced.length > 0).map((r) => produced[r % produced.length]!))];
      if (j.raw) inputs.push(`raw/${i}.txt`);
      const outputs = Array.from({ length: j.writes }, (_, k) => `out/${i}_${k}.txt`);
      produced.push(...outputs);
      const step = wf.steps[j.step % wf.steps.length]!;
      const job: Workflow['jobs'][number] = { id: `j${i}`, step: step.id, binding: {}, inputs, outputs, after: [] };
      if (i % 3 !== 2) job.command = steps[j.step % steps.length]!.script ? { script: `cat ${inputs.join(' ')} > /dev/null` } : { argv: ['tool', ...inputs, ...outputs] };
      if (j.own) job.resources = j.own;
      return job;
    });
    const ids = new Set(wf.jobs.flatMap((j) => [...j.inputs, ...j.outputs]));
    wf.files = [...ids].map((id) => (id.startsWith('raw/') ? { id, kind: 'file', origin: 'disk' } : { id, kind: 'file' }));
    return canonicalize(wf);
  });

const site = {
  file: 'site.yaml',
  slurm: { partitions: [{ name: 'short', maxCpus: 4, maxWalltimeSeconds: 3600 }, { name: 'long', maxCpus: 64 }] },
  kubernetes: { nodes: [{ name: 'big', cpus: 64, memoryBytes: 256 * 2 ** 30 }] },
};

const contexts: fc.Arbitrary<PassContext> = fc.record({
  target: fc.constantFrom('slurm', 'pegasus', 'kubernetes'),
  staging: fc.constantFrom('shared' as const, 'condorio' as const),
  cluster: fc.constantFrom(undefined, { by: 'size' as const, size: 2 }, { by: 'count' as const, count: 2 }, { by: 'label' as const }),
  defaults: fc.constantFrom(undefined, { file: 'd.yaml', defaults: { cpus: 2, walltimeSeconds: 1800 }, labels: { 'group:g1': { memoryBytes: 8 * 2 ** 30 } } }),
}).map((c) => {
  const ctx: PassContext = { target: c.target, staging: c.staging, site };
  if (c.cluster) ctx.cluster = c.cluster;
  if (c.defaults) ctx.defaults = c.defaults;
  return ctx;
});

function run(pass: Pass, wf: Workflow, ctx: PassContext): Workflow {
  const out = pass.run(wf, ctx);
  // Lint only reports (random steps may well form a cycle at the step level); the others must cope.
  if (pass.name === 'lint') expect(out.workflow).toBe(wf);
  else expect(out.diagnostics.filter((d) => d.severity === 'error'), pass.name).toEqual([]);
  // A pass that says it keeps the graph in order must hand back a workflow already in order.
  if (pass.keepsGraph) expect(canonicalize(out.workflow), `${pass.name} keeps the order`).toEqual(out.workflow);
  return out.workflow === wf ? wf : canonicalize(out.workflow);
}

/** Job-level reachability: for every job, the set of jobs it waits for, directly or not. */
function reach(wf: Workflow, unitOf: (job: string) => string = (j) => j): Map<string, Set<string>> {
  const producer = new Map<string, string>();
  for (const j of wf.jobs) for (const f of j.outputs) producer.set(f, unitOf(j.id));
  const preds = new Map<string, Set<string>>();
  for (const j of wf.jobs) {
    const u = unitOf(j.id);
    const set = preds.get(u) ?? new Set<string>();
    for (const f of j.inputs) {
      const p = producer.get(f);
      if (p !== undefined && p !== u) set.add(p);
    }
    preds.set(u, set);
  }
  const memo = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const all = (u: string): Set<string> => {
    const known = memo.get(u);
    if (known) return known;
    if (visiting.has(u)) throw new Error(`cycle through ${u}`);
    visiting.add(u);
    const out = new Set<string>();
    for (const p of preds.get(u) ?? []) {
      out.add(p);
      for (const q of all(p)) out.add(q);
    }
    visiting.delete(u);
    memo.set(u, out);
    return out;
  };
  for (const u of preds.keys()) all(u);
  return memo;
}

const meaning = (wf: Workflow) => wf.jobs.map((j) => ({ id: j.id, inputs: j.inputs, outputs: j.outputs, after: j.after, command: j.command }));

describe('every pass keeps the meaning of random workflows', () => {
  for (const pass of PASSES.filter((p) => p.name !== 'expand')) {
    it(pass.name, () => {
      fc.assert(
        fc.property(concrete, contexts, (wf, ctx) => {
          const once = run(pass, wf, ctx);
          // Same jobs, files, edges and commands.
          expect(meaning(once)).toEqual(meaning(wf));
          expect(once.files.map((f) => f.id)).toEqual(wf.files.map((f) => f.id));
          // Idempotent.
          expect(run(pass, once, ctx)).toEqual(once);
          // Units that run together wait for at least what their jobs waited for, and never in a cycle.
          const unit = new Map<string, string>();
          for (const c of once.clusters ?? []) for (const j of c.jobs) unit.set(j, `cluster:${c.id}`);
          const before = reach(wf);
          const after = reach(once, (j) => unit.get(j) ?? j);
          for (const [job, preds] of before) {
            const u = unit.get(job) ?? job;
            for (const p of preds) {
              const pu = unit.get(p) ?? p;
              if (pu !== u) expect(after.get(u)!.has(pu), `${job} waits for ${p}`).toBe(true);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('expand, on random sketch-like workflows', () => {
    const abstract = fc.record({ items: fc.integer({ min: 1, max: 5 }), gathers: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }) }).map(({ items, gathers }) => {
      const wf = createWorkflow('sketch', 'napkin', []);
      wf.domains = [{ id: 'D', values: Array.from({ length: items }, (_, i) => `v${i}`), origin: 'sketch' }];
      wf.inputs = [{ id: 'raw', name: 'raw', kind: 'file', pattern: 'raw_{D}.txt' }];
      let scattered = true;
      wf.steps = gathers.map((gather, i): Step => {
        const from = i === 0 ? [{ input: 'raw' }] : [{ step: `s${i - 1}`, port: 'out' }];
        const inPattern = i === 0 ? 'raw_{D}.txt' : `s${i - 1}_${scattered ? '{D}' : 'all'}.txt`;
        const fanout = gather || !scattered ? [] : ['D'];
        const step: Step = {
          id: `s${i}`,
          name: `s${i}`,
          command: { kind: 'tool', program: `t${i}`, args: [{ input: 'in' }, { output: 'out' }] },
          inputs: [{ name: 'in', kind: 'file', cardinality: fanout.length === 0 && scattered ? 'many' : 'one', pattern: inPattern, from }],
          outputs: [{ name: 'out', kind: 'file', cardinality: 'one', pattern: fanout.length > 0 ? `s${i}_{D}.txt` : `s${i}_all.txt` }],
          fanout,
          resources: {},
          environment: {},
          labels: [],
        };
        scattered = fanout.length > 0;
        return step;
      });
      return canonicalize(wf);
    });
    const expand = PASSES.find((p) => p.name === 'expand')!;
    fc.assert(
      fc.property(abstract, (wf) => {
        const once = run(expand, wf, { target: '' });
        expect(run(expand, once, { target: '' })).toEqual(once);
        // Every step's command reaches every one of its jobs.
        for (const j of once.jobs) expect(j.command, j.id).toBeDefined();
        // A fanned-out step makes one job per item, a gathering step one job.
        for (const s of once.steps) expect(once.jobs.filter((j) => j.step === s.id)).toHaveLength(s.fanout.length > 0 ? wf.domains[0]!.values!.length : 1);
        reach(once); // no cycle
      }),
      { numRuns: 150 },
    );
  });
});
