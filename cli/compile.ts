// One input through the whole compiler: read, detect, parse, run the passes each target needs, emit.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendEntry } from '../backends/registry.js';
import type { BackendResult, EmitOptions, InputFiles } from '../backends/types.js';
import type { Diagnostic } from '../ir/diagnostics.js';
import { hasErrors } from '../ir/diagnostics.js';
import type { Loss, Workflow } from '../ir/types.js';
import type { FrontendHost, FrontendOptions } from '../frontends/types.js';
import { canonicalize } from '../ir/workflow.js';
import { detectFormat, frontendFor, FRONTENDS, type FrontendEntry } from '../frontends/registry.js';
import type { ClusterSpec, PassContext, ResourceDefaults, SiteProfile } from '../passes/context.js';
import type { Pass, PassReport, PassRun } from '../passes/pass.js';
import type { Io } from './io.js';

export interface Source {
  /** As the user wrote it; diagnostics and the IR use this. */
  path: string;
  text: string;
  format: FrontendEntry;
}

export interface Compiled {
  source?: Source;
  workflow?: Workflow;
  /** Per target, what its backend emitted. */
  outputs: Map<string, BackendResult>;
  diagnostics: Diagnostic[];
  losses: Loss[];
  /** Per target, what each pass did (`--explain-passes`). */
  reports: Map<string, PassReport[]>;
}

/** Reads a file and decides its format. */
export function loadSource(path: string, io: Io, from: string | undefined, diagnostics: Diagnostic[]): Source | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    diagnostics.push({ severity: 'error', code: 'WFC002', message: `cannot read ${path}: ${reason}`, hint: 'check the path and its permissions' });
    return undefined;
  }
  const format = from ? frontendFor(from) : detectFormat(path, text);
  if (!format) {
    const known = FRONTENDS.map((f) => f.format).join(', ');
    diagnostics.push({
      severity: 'error',
      code: 'WFC001',
      message: `cannot tell the format of ${path}`,
      span: { file: path, line: 1, column: 1 },
      hint: `name it with --from (${known})`,
    });
    return undefined;
  }
  return { path, text, format };
}

/** The file system, read-only, for frontends that read more than their main file. */
export function fileHost(io: Io): FrontendHost {
  const at = (path: string) => resolve(io.cwd, path);
  return {
    readFile(path) {
      try {
        return readFileSync(at(path), 'utf8');
      } catch {
        return undefined;
      }
    },
    stat(path) {
      try {
        const st = statSync(at(path));
        return st.isDirectory() ? 'dir' : 'file';
      } catch {
        return undefined;
      }
    },
    listDir(path) {
      try {
        return readdirSync(at(path));
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The workflow's raw inputs as the jobs will look for them: relative to the pipeline's working
 * directory (Snakemake `--directory`, else the current one). Nothing is read until a backend asks.
 */
export function inputFiles(io: Io, directory: string | undefined): InputFiles {
  const base = resolve(io.cwd, directory ?? '.');
  return {
    size(path) {
      try {
        const st = statSync(resolve(base, path));
        return st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
    read(path) {
      try {
        return readFileSync(resolve(base, path));
      } catch {
        return undefined;
      }
    },
  };
}

export async function parseSource(source: Source, io: Io, options: FrontendOptions, diagnostics: Diagnostic[]): Promise<Workflow | undefined> {
  const parse = await source.format.load();
  const result = parse({ path: source.path, text: source.text }, options, fileHost(io));
  diagnostics.push(...result.diagnostics);
  return result.value && canonicalize(result.value);
}

/** The passes a target needs, in order (`override`: the user's `--passes`, names already checked). */
export async function passesFor(target: BackendEntry, override?: readonly string[]): Promise<Pass[]> {
  const { passNamed } = await import('../passes/registry.js');
  return (override ?? target.passes).map((name) => passNamed(name)!);
}

/** What the user tells passes: `--passes`, `--defaults`, `--site`, `--cluster`. */
export interface PassOptions {
  passes?: string[];
  defaults?: ResourceDefaults;
  site?: SiteProfile;
  cluster?: ClusterSpec;
}

export function contextFor(target: BackendEntry, options: PassOptions = {}): PassContext {
  const ctx: PassContext = { target: target.target };
  if (target.staging) ctx.staging = target.staging;
  if (target.needsContainers) ctx.needsContainers = true;
  if (options.defaults) ctx.defaults = options.defaults;
  if (options.site) ctx.site = options.site;
  if (options.cluster) ctx.cluster = options.cluster;
  return ctx;
}

export async function compile(
  path: string,
  io: Io,
  options: { from?: string; frontend: FrontendOptions; targets: BackendEntry[]; passes?: PassOptions; emit?: EmitOptions },
): Promise<Compiled> {
  const out: Compiled = { outputs: new Map(), diagnostics: [], losses: [], reports: new Map() };
  const source = loadSource(path, io, options.from, out.diagnostics);
  if (!source) return out;
  out.source = source;
  const wf = await parseSource(source, io, options.frontend, out.diagnostics);
  if (!wf) return out;
  out.workflow = wf;
  out.losses.push(...wf.losses);
  const { runPasses } = await import('../passes/pass.js');
  const emitOptions: EmitOptions = { inputs: inputFiles(io, options.frontend.directory), ...options.emit };
  // Targets that need the same passes with the same context share their result.
  const passed = new Map<string, PassRun>();
  for (const target of options.targets) {
    const passes = await passesFor(target, options.passes?.passes);
    const key = passes.map((p) => p.name).join(',') + (passes.some((p) => p.perTarget) ? `|${target.target}` : '');
    let result = passed.get(key);
    if (!result) {
      result = runPasses(wf, passes, contextFor(target, options.passes));
      out.diagnostics.push(...result.diagnostics);
      passed.set(key, result);
    }
    out.reports.set(target.target, result.reports);
    if (!result.value) continue;
    const emitted = (await target.load())(result.value, emitOptions);
    out.diagnostics.push(...emitted.diagnostics);
    out.losses.push(...emitted.losses);
    out.outputs.set(target.target, emitted);
  }
  return out;
}

export function failed(c: Compiled): boolean {
  return hasErrors(c.diagnostics) || !c.workflow;
}
