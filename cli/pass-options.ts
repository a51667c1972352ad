// The options that steer passes: --passes, --explain-passes, --defaults, --site, --cluster. Reads
// the files they name, and prints what `--passes list` and `--explain-passes` show.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendEntry } from '../backends/registry.js';
import type { EmitOptions } from '../backends/types.js';
import { DiagnosticBag } from '../ir/diagnostics.js';
import type { PassReport } from '../passes/pass.js';
import type { PassOptions } from './compile.js';
import { CliError, EXIT, type Io } from './io.js';
import { reporter } from './report.js';

export interface PassFlags {
  passes?: string;
  explainPasses?: boolean;
  defaults?: string;
  site?: string;
  cluster?: string;
}

export interface Steering {
  passes: PassOptions;
  emit: EmitOptions;
}

/** Reads and checks everything the flags name; a bad file is reported at its line (exit 1). */
export async function readSteering(flags: PassFlags, io: Io): Promise<Steering> {
  const { passNamed, PASSES } = await import('../passes/registry.js');
  const passes: PassOptions = {};
  const emit: EmitOptions = {};
  if (flags.passes !== undefined && flags.passes !== 'list') {
    const names = flags.passes.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const unknown = names.find((n) => !passNamed(n));
    if (unknown !== undefined) throw new CliError(`error[WFC011]: unknown pass "${unknown}"\n   = hint: passes are ${PASSES.map((p) => p.name).join(', ')}`, EXIT.usage);
    passes.passes = names;
  }
  if (flags.cluster !== undefined) {
    const { parseClusterSpec } = await import('./profiles.js');
    const spec = parseClusterSpec(flags.cluster);
    if ('error' in spec) throw new CliError(`error[WFC009]: ${spec.error}\n   = hint: write --cluster size=20, --cluster count=8 or --cluster label`, EXIT.usage);
    passes.cluster = spec;
  }
  const bag = new DiagnosticBag();
  const sources = new Map<string, string>();
  const read = (path: string): string => {
    try {
      const text = readFileSync(resolve(io.cwd, path), 'utf8');
      sources.set(path, text);
      return text;
    } catch {
      throw new CliError(`error[WFC002]: cannot read ${path}\n   = hint: check the path and its permissions`, EXIT.usage);
    }
  };
  if (flags.defaults !== undefined) {
    const { readDefaults } = await import('./profiles.js');
    const d = readDefaults(flags.defaults, read(flags.defaults), bag);
    if (d) passes.defaults = d;
  }
  if (flags.site !== undefined) {
    const { readSite } = await import('./profiles.js');
    const site = readSite(flags.site, read(flags.site), bag);
    if (site) {
      passes.site = site;
      if (site.slurm) {
        emit.slurm = {};
        if (site.slurm.maxArraySize !== undefined) emit.slurm.maxArraySize = site.slurm.maxArraySize;
        if (site.slurm.arrayThrottle !== undefined) emit.slurm.arrayThrottle = site.slurm.arrayThrottle;
      }
    }
  }
  if (bag.hasErrors) {
    reporter(io).diagnostics(bag.items, sources);
    throw new CliError(`error: ${flags.defaults ?? ''}${flags.defaults && flags.site ? ' or ' : ''}${flags.site ?? ''} has errors (see above)`, EXIT.input);
  }
  return { passes, emit };
}

/** `--passes list`: the passes each target runs, in order. */
export async function listPasses(targets: BackendEntry[], override: string[] | undefined, io: Io): Promise<void> {
  const { passNamed } = await import('../passes/registry.js');
  for (const t of targets) {
    io.stdout(`${t.target}:\n`);
    for (const name of override ?? t.passes) {
      const p = passNamed(name)!;
      io.stdout(`  ${p.name.padEnd(15)} ${p.description}\n`);
    }
  }
}

/** `--explain-passes`: what each pass did, per target. */
export function explainPasses(path: string, reports: ReadonlyMap<string, PassReport[]>, io: Io): void {
  for (const [target, list] of reports) {
    io.stderr(`passes for ${path} → ${target}:\n`);
    for (const r of list) {
      const jobs = r.jobsBefore === r.jobsAfter ? `${r.jobsAfter} jobs` : `${r.jobsBefore} → ${r.jobsAfter} jobs`;
      io.stderr(`  ${r.pass.padEnd(15)} ${jobs}${r.changes.length > 0 ? `; ${r.changes.join('; ')}` : ''}\n`);
    }
    io.stderr('\n');
  }
}
