// A workflow moved from one provider to another: its deployment target, overlays, resource classes,
// placements, mounts and containers. Pure: IR in, IR plus the rows of the report out.

import { DiagnosticBag } from '../ir/diagnostics.js';
import type { Deployment, DeploymentTarget, JsonValue, Overlay, Placement, Resources, Step, Workflow } from '../ir/types.js';
import { fitFargate, spell } from './resources.js';
import { NICKNAMES, REQUIRED, type Provider } from './providers.js';
import { mapSettings, show, type Decision, type MappedSetting } from './settings.js';

export interface Renamed {
  kind: 'target' | 'overlay';
  from: string;
  to: string;
}

export interface Migration {
  workflow: Workflow;
  /** Each target on the old provider, and the one it became. */
  moves: { source: DeploymentTarget; target: DeploymentTarget }[];
  mapped: MappedSetting[];
  decisions: Decision[];
  renamed: Renamed[];
  diagnostics: DiagnosticBag;
}

/** `format`: the artifact format the migrated workflow is written in (some settings matter only to one). */
export function migrateWorkflow(wf: Workflow, from: Provider, to: Provider, format?: string): Migration {
  const bag = new DiagnosticBag();
  const deployment: Deployment = wf.deployment ?? { targets: [], overlays: [] };
  const found = deployment.targets.filter((t) => t.provider === from);
  if (found.length === 0 && deployment.targets.length > 0) {
    const has = deployment.targets.map((t) => `${t.name} (${t.provider})`).join(', ');
    bag.error('MIG001', `${wf.source.files[0] ?? wf.name} has no ${from} target; it has ${has}`);
  }
  const sources = found.length > 0 ? found : [impliedTarget(wf, from)];
  const mapped: MappedSetting[] = [];
  const decisions: Decision[] = [];
  const renamed: Renamed[] = [];

  const taken = new Set(deployment.targets.filter((t) => !found.includes(t)).map((t) => t.name));
  const moves = sources.map((source) => {
    let name = renameFor(source.name, from, to, source.name);
    if (taken.has(name)) name = `${name}-${to}`;
    taken.add(name);
    if (name !== source.name) renamed.push({ kind: 'target', from: source.name, to: name });
    const scope = `target ${source.name}`;
    const settings = mapSettings(source.settings, from, to, scope, format);
    mapped.push(...settings.mapped);
    decisions.push(...settings.decisions);
    for (const r of REQUIRED[to] ?? []) {
      if (settings.settings[r.key] !== undefined || (r.format !== undefined && r.format !== format)) continue;
      settings.settings[r.key] = r.value;
      decisions.push({ scope, setting: show(r.key, r.value), decision: `${to} needs ${r.why}; wfc wrote "${String(r.value)}": change it to yours` });
    }
    return { source, target: { name, provider: to, settings: settings.settings } as DeploymentTarget };
  });

  const targetNames = new Map(moves.map((m) => [m.source.name, m.target.name]));
  const classes = new Map((wf.resourceClasses ?? []).map((c) => [c.id, c.resources]));
  const overlays = deployment.overlays.map((o) => migrateOverlay(o, targetNames, classes, from, to, format, mapped, decisions, renamed));
  for (const { source, target } of moves) {
    if (source.overlay !== undefined) target.overlay = renamed.find((r) => r.kind === 'overlay' && r.from === source.overlay)?.to ?? source.overlay;
  }

  const resourceClasses = (wf.resourceClasses ?? []).map((c) => ({ ...c, resources: migrateResources(c.resources, `component ${c.id}`, from, to, mapped, decisions, bag) }));
  const steps = wf.steps.map((s) => migrateStep(s, from, to, mapped, decisions, bag));
  const jobs = wf.jobs.map((j) => {
    if (!j.placement && !j.resources) return j;
    const out = { ...j };
    if (out.placement && out.placement.provider !== placementProvider(to)) delete out.placement;
    if (out.resources && to === 'aws') {
      const fit = fitFargate({ ...wf.steps.find((s) => s.id === j.step)?.resources, ...out.resources });
      if ('resources' in fit) out.resources = fit.resources;
    }
    return out;
  });

  const targets = deployment.targets.map((t) => moves.find((m) => m.source === t)?.target ?? t);
  if (found.length === 0) targets.push(...moves.map((m) => m.target));
  const out: Workflow = {
    ...wf,
    steps,
    jobs,
    targets: [...new Set(wf.targets.map((t) => (t === from ? to : t)).concat(to))],
    deployment: { ...deployment, targets, overlays },
  };
  if (wf.resourceClasses) out.resourceClasses = resourceClasses;
  return { workflow: out, moves, mapped: grouped(mapped, (r) => `${r.from}\0${r.to}`), decisions: grouped(decisions, (d) => `${d.setting}\0${d.decision}`), renamed, diagnostics: bag };
}

/**
 * A source that names no targets (a Snakefile, a Nextflow pipeline) still ran somewhere: the
 * partition, account and QOS its steps were placed on say where.
 */
function impliedTarget(wf: Workflow, provider: Provider): DeploymentTarget {
  const settings: Record<string, JsonValue> = {};
  const placements = wf.steps.map((s) => s.placement).filter((p) => p !== undefined);
  const common = (key: 'partition' | 'account' | 'qos') => {
    const values = new Set(placements.map((p) => p[key]));
    return values.size === 1 ? [...values][0] : undefined;
  };
  if (provider === 'slurm') {
    const partition = common('partition');
    const account = common('account');
    const qos = common('qos');
    if (partition) settings.queue = partition;
    if (account) settings.account = account;
    if (qos) settings.qos = qos;
  }
  return { name: provider, provider, settings };
}

/** `hpc` → `kubernetes`, `slurm-fine` → `kubernetes-fine`: a name that says the provider says the new one. */
function renameFor(name: string, from: Provider, to: Provider, targetName: string, replacement: string = to): string {
  const words = [targetName, ...NICKNAMES[from]].map((w) => w.toLowerCase());
  const parts = name.split(/([-_.])/);
  let changed = false;
  const out = parts.map((p) => {
    if (words.includes(p.toLowerCase())) {
      changed = true;
      return replacement;
    }
    return p;
  });
  return changed ? out.join('') : name;
}

function migrateOverlay(
  o: Overlay,
  targetNames: ReadonlyMap<string, string>,
  classes: ReadonlyMap<string, Resources>,
  from: Provider,
  to: Provider,
  format: string | undefined,
  mapped: MappedSetting[],
  decisions: Decision[],
  renamed: Renamed[],
): Overlay {
  // An overlay named after the target it serves is renamed with it (`hpc-large` → `kubernetes-large`).
  let name = o.name;
  for (const [was, now] of targetNames) {
    name = renameFor(name, from, to, was, now);
    if (name !== o.name) break;
  }
  if (name !== o.name) renamed.push({ kind: 'overlay', from: o.name, to: name });
  const targets: Overlay['targets'] = {};
  for (const [t, s] of Object.entries(o.targets)) {
    const now = targetNames.get(t);
    if (now === undefined) {
      targets[t] = s;
      continue;
    }
    const m = mapSettings(s, from, to, `overlay ${o.name}, target ${t}`, format);
    mapped.push(...m.mapped);
    decisions.push(...m.decisions);
    targets[now] = m.settings;
  }
  const resources: Overlay['resources'] = {};
  for (const [c, r] of Object.entries(o.resources)) {
    const scope = `overlay ${o.name}, component ${c}`;
    let delta = r;
    if (to === 'aws') {
      // Fargate must hold the component as the overlay leaves it, not only the keys it changes.
      const fit = fitFargate({ ...classes.get(c), ...r });
      if ('error' in fit) decisions.push({ scope, setting: spell(r, from), decision: `no Fargate size holds ${fit.error}` });
      else if (fit.note) {
        delta = { ...r, cpus: fit.resources.cpus!, memoryBytes: fit.resources.memoryBytes! };
        decisions.push({ scope, setting: spell(r, from), decision: `rounded up to ${spell(delta, to)}: ${fit.note}` });
      }
    }
    resources[c] = delta;
    const before = spell(r, from);
    const after = spell(delta, to);
    if (before !== '' && before !== after) mapped.push({ scope, from: before, to: after });
  }
  const out: Overlay = { ...o, name, resources, targets };
  return out;
}

function migrateResources(r: Resources, scope: string, from: Provider, to: Provider, mapped: MappedSetting[], decisions: Decision[], bag: DiagnosticBag): Resources {
  let resources = r;
  if (to === 'aws') {
    const fit = fitFargate(r);
    if ('error' in fit) {
      decisions.push({ scope, setting: spell(r, from), decision: `no Fargate size holds ${fit.error}` });
      bag.warning('MIG002', `${scope} asks for ${fit.error}`);
    } else {
      resources = fit.resources;
      if (fit.note) decisions.push({ scope, setting: spell(r, from), decision: `rounded up to ${spell(resources, to)}: ${fit.note}` });
    }
  }
  const before = spell(r, from);
  const after = spell(resources, to);
  if (before !== '' && before !== after) mapped.push({ scope, from: before, to: after });
  if ((r.gpus ?? 0) > 0 && r.gpuType !== undefined && to === 'kubernetes') {
    decisions.push({ scope, setting: `GPU type ${r.gpuType}`, decision: 'nvidia.com/gpu counts GPUs of any type: pick nodes with this type through a nodeSelector or node affinity' });
  }
  return resources;
}

function placementProvider(to: Provider): string {
  return to === 'aws' ? 'fargate' : to;
}

function migrateStep(s: Step, from: Provider, to: Provider, mapped: MappedSetting[], decisions: Decision[], bag: DiagnosticBag): Step {
  const scope = `step ${s.name}`;
  let out = s;
  if (s.placement && s.placement.provider !== placementProvider(to)) {
    const was = describePlacement(s.placement);
    const decision = to === 'local' ? 'a local run places nothing: dropped' : to === 'kubernetes' || to === 'aws' ? `${to} places jobs by its own sizes: give --site a ${to === 'kubernetes' ? 'kubernetes node list' : 'fargate section'} to place them` : `${to} places jobs its own way: dropped`;
    decisions.push({ scope, setting: `${s.placement.provider} placement: ${was}`, decision });
    out = { ...out };
    delete out.placement;
  }
  if (!s.resourceClass && Object.keys(s.resources).length > 0) {
    const resources = migrateResources(s.resources, scope, from, to, mapped, decisions, bag);
    if (resources !== s.resources) out = { ...out, resources };
  } else if (s.resourceClass && to === 'aws') {
    const fit = fitFargate(s.resources);
    if ('resources' in fit) out = { ...out, resources: fit.resources };
  }
  for (const [host, inside] of Object.entries(s.environment.mounts ?? {})) {
    if (to === 'kubernetes' || to === 'aws' || to === 'gcp') {
      decisions.push({ scope, setting: `mount ${host} → ${inside}`, decision: `${host} is a directory of the ${from} machines; on ${to} it must live in a volume (a PersistentVolumeClaim mounted at ${inside}): copy the data into it before the run` });
    } else if (from !== 'slurm' && from !== 'local') {
      mapped.push({ scope, from: `volume at ${inside}`, to: `mount ${host} → ${inside}` });
    }
  }
  if (!s.environment.container && (to === 'kubernetes' || to === 'aws' || to === 'gcp') && (s.command !== undefined || s.outputs.length > 0)) {
    decisions.push({ scope, setting: 'no container', decision: `every ${to} job runs in a container: give the step an image (it runs in the default image otherwise)` });
  }
  if (s.environment.modules?.length && to !== 'slurm') {
    decisions.push({ scope, setting: `modules ${s.environment.modules.join(', ')}`, decision: `${to} has no environment modules: build them into the step's image` });
  }
  return out;
}

/** `partition short, account lab`; the provider alone when it says nothing more. */
function describePlacement(p: Placement | undefined): string {
  if (!p) return 'not placed';
  const parts = [p.partition && `partition ${p.partition}`, p.node && `node ${p.node}`, p.account && `account ${p.account}`, p.qos && `qos ${p.qos}`];
  return parts.filter(Boolean).join(', ') || p.provider;
}

/** Where `--site` placed each step on the new provider (`after`: the migrated workflow after its passes), beside where it ran before. */
export function placementRows(before: Workflow, after: Workflow): MappedSetting[] {
  const was = new Map(before.steps.map((s) => [s.id, s.placement]));
  const rows = after.steps.filter((s) => s.placement).map((s) => ({ scope: `step ${s.name}`, from: describePlacement(was.get(s.id)), to: describePlacement(s.placement) }));
  return grouped(rows, (r) => `${r.from}\0${r.to}`).map((r) => ({ ...r, scope: `${r.scope} (--site)` }));
}

/**
 * Rows that say the same of several steps (or components) become one row naming them all, in the
 * order they came: a report that repeats one decision forty times hides the others.
 */
function grouped<T extends { scope: string }>(rows: T[], key: (row: T) => string): T[] {
  const out: T[] = [];
  const kinds = new Map<string, { row: T; names: string[] }>();
  for (const row of rows) {
    const m = /^(step|component) (.*)$/s.exec(row.scope);
    if (!m) {
      out.push(row);
      continue;
    }
    const k = `${m[1]}\0${key(row)}`;
    const seen = kinds.get(k);
    if (seen) {
      seen.names.push(m[2]!);
      continue;
    }
    const entry = { row: { ...row }, names: [m[2]!] };
    kinds.set(k, entry);
    out.push(entry.row);
  }
  for (const [k, { row, names }] of kinds) {
    if (names.length > 1) row.scope = `${k.slice(0, k.indexOf('\0'))}s ${names.join(', ')}`;
  }
  return out;
}
