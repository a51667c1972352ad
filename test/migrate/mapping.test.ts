// The provider mapping of `wfc migrate`, on its own: settings concept by concept, targets and
// overlays renamed, Fargate sizes, and the promise that no setting disappears without a row.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue, Workflow } from '../../ir/types.js';
import { createWorkflow } from '../../ir/workflow.js';
import { PROVIDERS, type Provider } from '../../migrate/providers.js';
import { flatten, mapSettings } from '../../migrate/settings.js';
import { migrateWorkflow } from '../../migrate/workflow.js';

const GiB = 2 ** 30;

function manifestLike(provider: Provider, settings: Record<string, JsonValue>, overlay?: string): Workflow {
  const wf = createWorkflow('demo', 'scalable', ['scalable.yaml']);
  wf.steps = [{ id: 'run', name: 'run', inputs: [], outputs: [], fanout: [], resources: { cpus: 3, memoryBytes: 10 * GiB }, resourceClass: 'model', environment: {}, labels: [] }];
  wf.resourceClasses = [{ id: 'model', resources: { cpus: 3, memoryBytes: 10 * GiB } }];
  wf.deployment = {
    targets: [
      { name: 'local', provider: 'local', settings: { max_workers: 2 } },
      { name: 'hpc', provider, settings, ...(overlay ? { overlay } : {}) },
    ],
    overlays: overlay ? [{ name: overlay, resources: { model: { memoryBytes: 64 * GiB } }, targets: { hpc: { walltime: '04:00:00' } } }] : [],
  };
  return wf;
}

describe('settings from one provider to another', () => {
  it('maps a Slurm target onto Kubernetes, and lists what has no equivalent with a decision', () => {
    const slurm = { queue: 'short', account: 'GCIMS', walltime: '02:00:00', interface: 'ib0', comm_port: 50051, max_workers: 8 };
    const argo = mapSettings(slurm, 'slurm', 'kubernetes', 'target hpc', 'kubernetes');
    expect(argo.settings).toEqual({ namespace: 'short', active_deadline_seconds: 7200, parallelism: 8 });
    expect(argo.mapped.map((r) => `${r.from} → ${r.to}`)).toEqual(['queue: short → namespace: short', 'walltime: 02:00:00 → active_deadline_seconds: 7200', 'max_workers: 8 → parallelism: 8']);
    expect(argo.decisions.map((d) => d.setting)).toEqual(['account: GCIMS', 'interface: ib0', 'comm_port: 50051']);
    expect(argo.decisions[0]!.decision).toMatch(/ResourceQuota/);
    // A Scalable manifest scales Dask workers and has no deadline for its Kubernetes clusters.
    const scalable = mapSettings(slurm, 'slurm', 'kubernetes', 'target hpc', 'scalable');
    expect(scalable.settings).toEqual({ namespace: 'short', adaptive: { maximum: 8 } });
    expect(scalable.decisions.find((d) => d.setting === 'walltime: 02:00:00')!.decision).toBe('a kubernetes target written as scalable has no walltime: dropped; --format kubernetes can say it, or set it in kubernetes yourself');
  });

  it('maps Kubernetes back onto Slurm', () => {
    const m = mapSettings({ namespace: 'energy-prod', image: 'gcr.io/p/model:7', adaptive: { minimum: 2, maximum: 20 } }, 'kubernetes', 'slurm', 'target gke', 'scalable');
    expect(m.settings).toEqual({ queue: 'energy-prod', max_workers: 20 });
    expect(m.decisions.map((d) => d.setting)).toEqual(['image: gcr.io/p/model:7', 'adaptive.minimum: 2']);
  });

  it('keeps every setting: each one is mapped or has a decision (property)', () => {
    const key = fc.oneof(fc.constantFrom('queue', 'partition', 'account', 'qos', 'walltime', 'max_workers', 'namespace', 'image', 'region', 'interface', 'comm_port', 'n_workers', 'spot'), fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes('.') && k !== 'adaptive' && k !== 'provider' && k !== 'overlay'));
    const value = fc.oneof(fc.string(), fc.integer({ min: 0, max: 10 ** 6 }), fc.constantFrom('01:30:00', '4:00:00'));
    const providers = fc.constantFrom(...PROVIDERS);
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), providers, providers, (settings, from, to) => {
        fc.pre(from !== to);
        const m = mapSettings(settings, from, to, 'target t', 'scalable');
        expect(m.mapped.length + m.decisions.length).toBe(flatten(settings).length);
      }),
    );
  });

  it('maps there and back to the same values where both providers have the concept (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 999 * 3600 }), fc.integer({ min: 1, max: 10_000 }), (queue, seconds, workers) => {
        const walltime = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
        const there = mapSettings({ queue, walltime, max_workers: workers }, 'slurm', 'kubernetes', 't', 'kubernetes');
        const back = mapSettings(there.settings, 'kubernetes', 'slurm', 't', 'scalable');
        expect(back.settings).toEqual({ queue, walltime, max_workers: workers });
      }),
    );
  });
});

describe('a workflow from one provider to another', () => {
  it('renames the target and its overlay for the new provider and maps the overlay\'s settings', () => {
    const m = migrateWorkflow(manifestLike('slurm', { queue: 'batch', walltime: '04:00:00' }, 'hpc-large'), 'slurm', 'kubernetes', 'kubernetes');
    expect(m.diagnostics.items).toEqual([]);
    expect(m.renamed).toEqual([
      { kind: 'target', from: 'hpc', to: 'kubernetes' },
      { kind: 'overlay', from: 'hpc-large', to: 'kubernetes-large' },
    ]);
    const d = m.workflow.deployment!;
    expect(d.targets.map((t) => [t.name, t.provider, t.overlay])).toEqual([['local', 'local', undefined], ['kubernetes', 'kubernetes', 'kubernetes-large']]);
    expect(d.overlays[0]).toEqual({ name: 'kubernetes-large', resources: { model: { memoryBytes: 64 * GiB } }, targets: { kubernetes: { active_deadline_seconds: 14400 } } });
    expect(m.mapped.find((r) => r.scope === 'component model')).toEqual({ scope: 'component model', from: '--cpus-per-task=3 --mem=10G', to: 'cpu: 3 memory: 10Gi' });
  });

  it('rounds resource classes up to Fargate sizes, with the cost, when moving to AWS', () => {
    const m = migrateWorkflow(manifestLike('slurm', { queue: 'batch' }), 'slurm', 'aws');
    expect(m.workflow.resourceClasses).toEqual([{ id: 'model', resources: { cpus: 4, memoryBytes: 10 * GiB } }]);
    expect(m.workflow.steps[0]!.resources).toEqual({ cpus: 4, memoryBytes: 10 * GiB });
    const rounded = m.decisions.find((d) => d.scope === 'component model')!;
    expect(rounded.decision).toMatch(/^rounded up to 4 vCPU 10 GiB: Fargate's nearest size: \$0\.2064\/h instead of \$0\.1659\/h \(\+24%\)$/);
    expect(m.workflow.deployment!.targets[1]).toEqual({ name: 'aws', provider: 'aws', settings: { cluster_type: 'fargate' } });
  });

  it('says which targets the input has when none is on the provider named', () => {
    const m = migrateWorkflow(manifestLike('slurm', {}), 'kubernetes', 'slurm');
    expect(m.diagnostics.items.map((d) => [d.code, d.message])).toEqual([['MIG001', 'scalable.yaml has no kubernetes target; it has local (local), hpc (slurm)']]);
  });

  it('reads where a pipeline ran from its steps\' placements when it names no targets', () => {
    const wf = createWorkflow('p', 'snakemake', ['Snakefile']);
    wf.steps = [{ id: 'a', name: 'a', command: { kind: 'tool', program: 'true', args: [] }, inputs: [], outputs: [], fanout: [], resources: { cpus: 2 }, environment: { mounts: { '/data/ref': '/ref' } }, labels: [], placement: { provider: 'slurm', partition: 'short', account: 'lab' } }];
    const m = migrateWorkflow(wf, 'slurm', 'kubernetes');
    expect(m.moves.map((x) => x.source)).toEqual([{ name: 'slurm', provider: 'slurm', settings: { queue: 'short', account: 'lab' } }]);
    expect(m.moves[0]!.target.settings).toEqual({ namespace: 'short' });
    expect(m.workflow.steps[0]!.placement).toBeUndefined();
    expect(m.decisions.map((d) => d.setting)).toEqual(['account: lab', 'slurm placement: partition short, account lab', 'mount /data/ref → /ref', 'no container']);
  });
});
