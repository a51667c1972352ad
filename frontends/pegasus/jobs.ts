// One Pegasus job as an IR job: its files from `uses`, its command from the transformation's
// executable and `arguments` (file references are logical file names, which are the IR's file ids),
// its own profiles. Sub-workflows stay in the graph as jobs without a command.

import type { DiagnosticBag } from '../../ir/diagnostics.js';
import { shJoin, shq } from '../../ir/shell.js';
import type { FileEntry, Job, JobCommand, Span } from '../../ir/types.js';
import { transformationKey, type Doc, type PegasusJob, type PegasusUse } from './documents.js';
import type { Ledger } from './losses.js';
import { readProfiles, unmappedReason, type ProfileReading } from './profiles.js';
import { programOf, type TransformationInfo } from './transformations.js';

export interface ReadJob {
  job: Job;
  /** The transformation's key, or `pegasusWorkflow:FILE` for a sub-workflow. */
  stepKey: string;
  /** What the step would like to be called: the transformation's name without namespace and version. */
  shortName: string;
  transformation?: TransformationInfo;
  profiles: ProfileReading;
  /** Position in `jobs`. */
  index: number;
}

/** Files as the jobs use them, by logical file name; the first use of each is remembered for positions. */
export class FileTable {
  readonly entries = new Map<string, FileEntry>();
  readonly firstUse = new Map<string, [job: number, use: number]>();

  use(lfn: string, at: [number, number]): FileEntry {
    let f = this.entries.get(lfn);
    if (!f) {
      f = { id: lfn, kind: 'file' };
      this.entries.set(lfn, f);
      this.firstUse.set(lfn, at);
    }
    return f;
  }
}

export interface JobContext {
  doc: Doc;
  bag: DiagnosticBag;
  ledger: Ledger;
  files: FileTable;
  transformations: Map<string, TransformationInfo>;
  /** Transformations by bare name, for jobs that name no namespace or version. */
  byName: Map<string, TransformationInfo[]>;
  /** Whether a transformation catalog was found at all. */
  catalogued: boolean;
}

const NO_OP = /^(?:(?:\/usr)?\/bin\/)?true$/;

export function readJob(p: PegasusJob, index: number, ctx: JobContext): ReadJob {
  const at = (...path: (string | number)[]) => () => ctx.doc.locate(['jobs', index, ...path]);
  const subject = `job "${p.id}"`;
  const job: Job = { id: p.id, step: '', binding: {}, inputs: [], outputs: [], after: [] };
  if (p.nodeLabel !== undefined) job.name = p.nodeLabel;
  readUses(p, index, job, ctx, subject);
  const profiles = readProfiles(p.profiles, (ns, k) => at('profiles', ns, k)(), ctx.bag);
  for (const key of profiles.unmapped) ctx.ledger.add(`profile ${key}`, subject, unmappedReason(key), 'warning', at('profiles', ...profilePath(key)));
  if (p.hooks) ctx.ledger.add('hooks', subject, 'notifications (shell hooks) are not carried: nothing runs when jobs start or end', 'warning', at('hooks'));
  if (p.metadata) ctx.ledger.add('metadata', subject, 'the IR has no metadata', 'info', at('metadata'));
  const args = (p.arguments ?? []).map(String);

  if (p.type !== 'job') {
    ctx.ledger.add(`sub-workflow (${p.type})`, subject, `wfc does not read nested workflows: the job stays in the graph without a command; convert ${p.file} on its own`, 'warning', at('type'));
    const stepKey = `${p.type}:${p.file}`;
    return { job, stepKey, shortName: stepKey, profiles, index };
  }
  const key = transformationKey(p.namespace, p.name!, p.version);
  const transformation = ctx.transformations.get(key) ?? unique(ctx.byName.get(p.name!), p.namespace === undefined && p.version === undefined);
  if (!transformation && ctx.catalogued) {
    ctx.bag.error('PGF004', `job "${p.id}" runs transformation "${key}", which the transformation catalog does not list`, at('name')());
  }
  const argv = commandOf(transformation, profiles.pfn, p.name!, args);
  const command = redirected(argv, p);
  if (command) job.command = command;
  const stepKey = transformation?.key ?? key;
  return { job, stepKey, shortName: transformation?.entry.value.name ?? p.name!, ...(transformation ? { transformation } : {}), profiles, index };
}

function unique<T>(list: T[] | undefined, allowed: boolean): T | undefined {
  return allowed && list?.length === 1 ? list[0] : undefined;
}

function profilePath(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/** The argument vector: the wfc wrapper's program or the job's own dispatched command, else the executable. */
function commandOf(t: TransformationInfo | undefined, pfn: string | undefined, name: string, args: string[]): string[] | JobCommand {
  if (pfn !== undefined) return [programOf(pfn), ...args];
  const w = t?.wrapper;
  if (w?.kind === 'program') return [w.program, ...args];
  if (w?.kind === 'dispatch' && args.length === 1) {
    const c = w.commands.get(args[0]!);
    if (c) return c;
  }
  return [t ? programOf(t.pfn) : name, ...args];
}

/** stdin, stdout and stderr files make the command a shell line with redirections. */
function redirected(command: string[] | JobCommand, p: PegasusJob): JobCommand | undefined {
  const c: JobCommand = Array.isArray(command) ? { argv: command } : command;
  if ('argv' in c && c.argv.length === 1 && NO_OP.test(c.argv[0]!)) {
    // `true` with no arguments does nothing: the job only orders others (Snakemake's `rule all`).
    if (p.stdin === undefined && p.stdout === undefined && p.stderr === undefined) return undefined;
  }
  if (p.stdin === undefined && p.stdout === undefined && p.stderr === undefined) return c;
  let line = 'argv' in c ? shJoin(c.argv) : `bash -c ${shq(c.script)}`;
  if (p.stdin !== undefined) line += ` < ${shq(p.stdin)}`;
  if (p.stdout !== undefined) line += ` > ${shq(p.stdout)}`;
  if (p.stderr !== undefined) line += ` 2> ${shq(p.stderr)}`;
  return { script: line };
}

function readUses(p: PegasusJob, index: number, job: Job, ctx: JobContext, subject: string): void {
  const uses: PegasusUse[] = [...(p.uses ?? [])];
  // stdin is read and stdout/stderr written even when `uses` forgets to say so (the Python API adds them).
  const named = new Set(uses.map((u) => u.lfn));
  if (p.stdin !== undefined && !named.has(p.stdin)) uses.push({ lfn: p.stdin, type: 'input' });
  for (const out of [p.stdout, p.stderr]) if (out !== undefined && !named.has(out)) uses.push({ lfn: out, type: 'output' });
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  uses.forEach((u, k) => {
    const at = (...path: (string | number)[]) => (): Span => ctx.doc.locate(['jobs', index, ...(k < (p.uses?.length ?? 0) ? ['uses', k, ...path] : [])]);
    const file = ctx.files.use(u.lfn, [index, k]);
    const size = sizeOf(u);
    if (size !== undefined && file.sizeBytes === undefined) file.sizeBytes = size;
    const extra = Object.keys(u.metadata ?? {}).filter((m) => m !== 'size');
    if (extra.length > 0) ctx.ledger.add('file metadata', `"${u.lfn}"`, 'the IR has no metadata', 'info', at('metadata'));
    for (const flag of ['optional', 'bypass', 'executable', 'forPlanning'] as const) {
      if (u[flag]) ctx.ledger.add(`use flag ${flag}`, `"${u.lfn}" of ${subject}`, USE_FLAG_REASON[flag], flag === 'optional' ? 'warning' : 'info', at(flag));
    }
    switch (u.type) {
      case 'input':
        inputs.add(u.lfn);
        return;
      case 'inout':
        ctx.ledger.add('inout file', `"${u.lfn}" of ${subject}`, 'the IR has no file a job both reads and writes: it is kept as an output only', 'warning', at('type'));
        break;
      case 'checkpoint':
        ctx.ledger.add('checkpoint file', `"${u.lfn}" of ${subject}`, 'restarting from checkpoints is not carried: it is kept as an output', 'info', at('type'));
        break;
      case 'none':
        ctx.ledger.add('file of link type none', `"${u.lfn}" of ${subject}`, 'a file the job neither reads nor writes is left out', 'info', at('type'));
        return;
      case 'output':
        break;
    }
    outputs.add(u.lfn);
    // Unless the workflow says otherwise, Pegasus stages outputs out (the Python API's default too).
    if (u.stageOut !== false) file.stageOut = true;
    else if (file.stageOut === undefined) file.stageOut = false;
    if (u.registerReplica === true) ctx.ledger.add('replica registration', `"${u.lfn}"`, "registering outputs in Pegasus's output replica catalog is not carried", 'info', at('registerReplica'));
  });
  job.inputs = [...inputs];
  job.outputs = [...outputs];
}

const USE_FLAG_REASON = {
  optional: 'the IR has no optional files: the job waits for it as for any input',
  bypass: 'fetching the file directly, bypassing the staging site, is not carried',
  executable: 'the file is staged as data; making it executable is not carried',
  forPlanning: 'a file the planner reads while planning is read by the job like any input',
} as const;

/** The size in bytes: `metadata.size` (what the Pegasus Python API writes) or the `size` field. */
function sizeOf(u: PegasusUse): number | undefined {
  for (const v of [u.metadata?.size, u.size]) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
    if (n !== undefined && Number.isFinite(n) && n >= 0) return n;
  }
  return undefined;
}
