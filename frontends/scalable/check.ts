// Checks a manifest (after ${VAR} expansion) as Scalable's parser and validator do, and reads it
// into a typed model. Structure: only the keys Scalable knows, with the types it takes. Across
// fields: tasks name existing components, targets existing overlays, memory parses as Dask parses
// it, mounts are absolute, Slurm walltimes are HH:MM:SS. Every problem points at its place in the file.

import type { Code } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import {
  BUILTIN_PROVIDERS,
  COMPONENT_KEYS,
  isObject,
  OVERLAY_KEYS,
  optionProblem,
  PROJECT_KEYS,
  SLURM_WALLTIME,
  TASK_KEYS,
  TOP_KEYS,
} from '../../ir/formats/scalable.js';
import type { JsonValue } from '../../ir/types.js';
import { parseDaskBytes } from '../../ir/units.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';

export interface ComponentModel {
  name: string;
  cpus: number;
  memoryBytes?: number;
  image?: string;
  runtime?: string;
  mounts: Record<string, string>;
  env: Record<string, string>;
  tags: string[];
  preloadScript?: string;
  path: JsonPath;
}

export interface TaskModel {
  name: string;
  component: string;
  cache: boolean;
  outputs: Record<string, string>;
  path: JsonPath;
}

export interface TargetModel {
  name: string;
  provider: string;
  overlay?: string;
  settings: Record<string, JsonValue>;
  path: JsonPath;
}

export interface OverlayModel {
  name: string;
  value: Record<string, unknown>;
  path: JsonPath;
}

export interface Manifest {
  project: { name: string; default_storage?: string; local_cache?: string };
  targets: TargetModel[];
  components: Map<string, ComponentModel>;
  tasks: TaskModel[];
  overlays: OverlayModel[];
}

class Checker {
  constructor(
    readonly doc: JsonDocument,
    readonly bag: DiagnosticBag,
  ) {}

  error(code: Code, path: JsonPath, message: string, hint?: string): void {
    this.bag.error(code, `${where(path)}: ${message}`, this.doc.locate(path), hint);
  }

  warning(code: Code, path: JsonPath, message: string, hint?: string): void {
    this.bag.warning(code, `${where(path)}: ${message}`, this.doc.locate(path), hint);
  }

  /** A mapping (null and absent read as empty, as Scalable reads them), or undefined after an error. */
  mapping(value: unknown, path: JsonPath): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return {};
    if (isObject(value)) return value;
    this.error('SCL001', path, 'must be a mapping');
    return undefined;
  }

  /** The entries of a section of named things (targets, components, tasks, overlays); names are not empty. */
  named(value: unknown, section: string): [string, unknown][] {
    const entries = Object.entries(this.mapping(value, [section]) ?? {});
    for (const [name] of entries) if (name === '') this.error('SCL001', [section, name], 'a name must not be empty');
    return entries.filter(([name]) => name !== '');
  }

  knownKeys(block: Record<string, unknown>, path: JsonPath, known: readonly string[]): void {
    for (const key of Object.keys(block)) {
      if (!known.includes(key)) this.error('SCL001', [...path, key], `unknown key "${key}"`, `known keys here: ${known.join(', ')}`);
    }
  }

  string(value: unknown, path: JsonPath): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.error('SCL001', path, 'must be a string');
    return undefined;
  }
}

function where(path: JsonPath): string {
  return path.length === 0 ? 'the manifest' : path.join('.');
}

export function checkManifest(value: unknown, doc: JsonDocument, bag: DiagnosticBag): Manifest | undefined {
  const c = new Checker(doc, bag);
  if (value === undefined || value === null) {
    c.error('SCL001', [], 'is empty');
    return undefined;
  }
  if (!isObject(value)) {
    c.error('SCL001', [], 'must be a mapping at the top level');
    return undefined;
  }
  c.knownKeys(value, [], TOP_KEYS);
  const version = value.version;
  if (version === undefined) c.error('SCL002', [], 'has no `version`');
  else if (version !== 1) c.error('SCL002', ['version'], `version ${JSON.stringify(version)} is not supported`);

  const project = readProject(c, value.project);
  const components = readComponents(c, value.components);
  const overlays = readOverlays(c, value.overlays, components);
  const targets = readTargets(c, value.targets, new Set(overlays.map((o) => o.name)));
  const tasks = readTasks(c, value.tasks, components);
  if (!project) return undefined;
  return { project, targets, components, tasks, overlays };
}

function readProject(c: Checker, value: unknown): Manifest['project'] | undefined {
  if (value === undefined) {
    c.error('SCL001', [], 'has no `project`', 'add `project: {name: ...}`');
    return undefined;
  }
  const block = c.mapping(value, ['project']);
  if (!block) return undefined;
  c.knownKeys(block, ['project'], PROJECT_KEYS);
  const name = block.name;
  if (typeof name !== 'string' || name.trim() === '') {
    c.error('SCL001', ['project', 'name'], 'must be a non-empty string', 'name the project: `project: {name: my-study}`');
    return undefined;
  }
  const out: Manifest['project'] = { name: name.trim() };
  for (const key of ['default_storage', 'local_cache'] as const) {
    const v = c.string(block[key], ['project', key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function readComponents(c: Checker, value: unknown): Map<string, ComponentModel> {
  const out = new Map<string, ComponentModel>();
  for (const [name, spec] of c.named(value, 'components')) {
    const path = ['components', name];
    const m = c.mapping(spec, path);
    if (!m) continue;
    c.knownKeys(m, path, COMPONENT_KEYS);
    const component: ComponentModel = { name, cpus: 1, mounts: {}, env: {}, tags: [], path };
    if (m.cpus !== undefined) {
      if (Number.isInteger(m.cpus) && (m.cpus as number) >= 1) component.cpus = m.cpus as number;
      else c.error('SCL001', [...path, 'cpus'], `must be a whole number ≥ 1, not ${JSON.stringify(m.cpus)}`);
    }
    const memory = readMemory(c, m.memory, [...path, 'memory']);
    if (memory !== undefined) component.memoryBytes = memory;
    const image = c.string(m.image, [...path, 'image']);
    if (image !== undefined) component.image = image;
    const runtime = c.string(m.runtime, [...path, 'runtime']);
    if (runtime !== undefined) component.runtime = runtime;
    const preload = c.string(m.preload_script, [...path, 'preload_script']);
    if (preload !== undefined) component.preloadScript = preload;
    component.mounts = readMounts(c, m.mounts, [...path, 'mounts']);
    component.env = readEnv(c, m.env, [...path, 'env']);
    if (m.tags !== undefined && m.tags !== null) {
      if (Array.isArray(m.tags) && m.tags.every((t) => typeof t === 'string')) component.tags = m.tags as string[];
      else c.error('SCL001', [...path, 'tags'], 'must be a list of strings');
    }
    out.set(name, component);
  }
  return out;
}

/** Memory as Dask reads it: a string (a bare YAML number is refused), parsed by parse_bytes, positive. */
function readMemory(c: Checker, value: unknown, path: JsonPath): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    c.error('SCL006', path, `must be a string such as '8G', not the ${typeof value} ${JSON.stringify(value)}`);
    return undefined;
  }
  const parsed = parseDaskBytes(value);
  if ('error' in parsed) c.error('SCL006', path, parsed.error);
  else if (parsed.value <= 0) c.error('SCL006', path, `"${value}" is not a positive amount`);
  else return parsed.value;
  return undefined;
}

function readMounts(c: Checker, value: unknown, path: JsonPath): Record<string, string> {
  const out: Record<string, string> = {};
  const block = c.mapping(value, path);
  for (const [host, inside] of Object.entries(block ?? {})) {
    const at = [...path, host];
    if (typeof inside !== 'string') {
      c.error('SCL001', at, 'the container path must be a string');
      continue;
    }
    if (!host.startsWith('/')) c.error('SCL007', at, `host path "${host}" is not absolute`);
    if (!inside.startsWith('/')) c.error('SCL007', at, `container path "${inside}" is not absolute`);
    out[host] = inside;
  }
  return out;
}

/** Scalable turns env values into strings (Python's str: true is "True"). */
function readEnv(c: Checker, value: unknown, path: JsonPath): Record<string, string> {
  const out: Record<string, string> = {};
  const block = c.mapping(value, path);
  for (const [name, v] of Object.entries(block ?? {})) {
    if (typeof v === 'string') out[name] = v;
    else if (typeof v === 'number') out[name] = String(v);
    else if (typeof v === 'boolean') out[name] = v ? 'True' : 'False';
    else c.error('SCL001', [...path, name], 'must be a string, a number or a boolean');
  }
  return out;
}

function readTasks(c: Checker, value: unknown, components: Map<string, ComponentModel>): TaskModel[] {
  const out: TaskModel[] = [];
  const known = [...components.keys()];
  for (const [name, spec] of c.named(value, 'tasks')) {
    const path = ['tasks', name];
    const m = c.mapping(spec, path);
    if (!m) continue;
    c.knownKeys(m, path, TASK_KEYS);
    const component = m.component;
    if (typeof component !== 'string' || component === '') {
      c.error('SCL001', [...path, 'component'], 'is required: the name of a component', `components: ${known.join(', ') || 'none yet'}`);
      continue;
    }
    if (!components.has(component)) {
      c.error('SCL004', [...path, 'component'], `unknown component "${component}"`, known.length > 0 ? `components: ${known.join(', ')}` : 'declare it under `components:`');
      continue;
    }
    let cache = false;
    if (m.cache !== undefined && m.cache !== null) {
      if (typeof m.cache === 'boolean') cache = m.cache;
      else c.error('SCL001', [...path, 'cache'], 'must be true or false');
    }
    const outputs: Record<string, string> = {};
    const declared = c.mapping(m.outputs, [...path, 'outputs']);
    for (const [port, kind] of Object.entries(declared ?? {})) {
      if (typeof kind === 'string' || typeof kind === 'number' || typeof kind === 'boolean') outputs[port] = String(kind);
      else c.error('SCL001', [...path, 'outputs', port], 'must be a string such as `dir`');
    }
    out.push({ name, component, cache, outputs, path });
  }
  return out;
}

function readTargets(c: Checker, value: unknown, overlays: Set<string>): TargetModel[] {
  const out: TargetModel[] = [];
  for (const [name, spec] of c.named(value, 'targets')) {
    const path = ['targets', name];
    const m = c.mapping(spec, path);
    if (!m) continue;
    const provider = m.provider;
    if (typeof provider !== 'string' || provider === '') {
      c.error('SCL001', [...path, 'provider'], 'is required: local, slurm, kubernetes, aws, gcp, or a plug-in');
      continue;
    }
    if (!(BUILTIN_PROVIDERS as readonly string[]).includes(provider)) c.warning('SCL014', [...path, 'provider'], `provider "${provider}" is not built into Scalable`);
    const target: TargetModel = { name, provider, settings: {}, path };
    for (const [key, v] of Object.entries(m)) {
      if (key === 'provider') continue;
      if (key === 'overlay') {
        if (typeof v !== 'string') c.error('SCL001', [...path, key], 'must be the name of an overlay');
        else if (!overlays.has(v)) c.error('SCL005', [...path, key], `unknown overlay "${v}"`, overlays.size > 0 ? `overlays: ${[...overlays].join(', ')}` : 'declare it under `overlays:`');
        else target.overlay = v;
        continue;
      }
      const problem = optionProblem(provider, key, v);
      if (problem) {
        const walltime = provider === 'slurm' && key === 'walltime' && typeof v === 'string' && !SLURM_WALLTIME.test(v);
        c.error(walltime ? 'SCL008' : 'SCL001', [...path, key], walltime ? `"${v}" is not HH:MM:SS` : problem);
      }
      target.settings[key] = v as JsonValue;
    }
    if (provider === 'slurm' && m.comm_port === undefined) c.warning('SCL013', path, 'has no comm_port');
    out.push(target);
  }
  return out;
}

function readOverlays(c: Checker, value: unknown, components: Map<string, ComponentModel>): OverlayModel[] {
  const out: OverlayModel[] = [];
  for (const [name, spec] of c.named(value, 'overlays')) {
    const path = ['overlays', name];
    if (!isObject(spec)) {
      c.error('SCL001', path, 'must be a mapping of changes (project, targets, components, tasks)');
      continue;
    }
    for (const key of Object.keys(spec)) {
      if (!(OVERLAY_KEYS as readonly string[]).includes(key)) c.warning('SCL012', [...path, key], `an overlay of "${key}" is merged, but Scalable reads no such key`, `overlays change ${OVERLAY_KEYS.join(', ')}`);
      else if (!isObject(spec[key]) && spec[key] !== null) c.error('SCL001', [...path, key], 'must be a mapping');
    }
    for (const section of ['components', 'targets', 'tasks'] as const) {
      const entries = spec[section];
      if (!isObject(entries)) continue;
      for (const [entry, delta] of Object.entries(entries)) {
        if (!isObject(delta)) c.error('SCL001', [...path, section, entry], 'must be a mapping');
        else if (section === 'components') {
          if (!components.has(entry)) c.warning('SCL012', [...path, section, entry], `component "${entry}" is not in the manifest: the overlay would add it`);
          readMemory(c, delta.memory, [...path, section, entry, 'memory']);
        }
      }
    }
    out.push({ name, value: spec, path });
  }
  return out;
}
