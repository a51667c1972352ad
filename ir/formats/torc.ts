// Torc's conventions shared by its reader (frontends/torc) and its writer (backends/torc): the
// reference syntax in commands, the top-level keys that configure a run, and where the IR keeps
// what a Torc spec says that the IR has no field for, so that a spec read and written back keeps it.

import type { JsonValue, Workflow } from '../types.js';

/**
 * `${files.input.NAME}`, `${files.output.NAME}`, `${user_data.input.NAME}`, `${user_data.output.NAME}`
 * in a command: Torc puts the file's path (or the user data) there and adds the job's edge. The name
 * is anything but `}`. Torc knows no escape for it: text of this shape is always substituted.
 */
export const REFERENCE = /\$\{(files|user_data)\.(input|output)\.([^}]+)\}/g;

export interface Reference {
  kind: 'files' | 'user_data';
  side: 'input' | 'output';
  name: string;
  /** Offset of `$` in the command. */
  at: number;
  text: string;
}

export function referencesIn(command: string): Reference[] {
  const out: Reference[] = [];
  for (const m of command.matchAll(REFERENCE)) {
    out.push({ kind: m[1] as Reference['kind'], side: m[2] as Reference['side'], name: m[3]!, at: m.index, text: m[0] });
  }
  return out;
}

/** The command as it runs: every file reference replaced by the file's path (user data stays as written). */
export function resolveFileReferences(command: string, pathOf: (name: string) => string | undefined): string {
  return command.replace(REFERENCE, (text, kind: string, _side: string, name: string) => (kind === 'files' ? (pathOf(name) ?? text) : text));
}

/**
 * Torc runs `invocation_script` and the command as one line: the script, a space, the command
 * (through `bash -c` inside Slurm allocations).
 */
export function effectiveCommand(command: string, invocationScript: string | undefined): string {
  return invocationScript === undefined ? command : `${invocationScript} ${command}`;
}

/**
 * Top-level keys that configure how Torc runs the workflow rather than what it runs. The reader
 * keeps them as the deployment's project settings, as written; the writer writes them back.
 */
export const RUN_SETTINGS = [
  'slurm_defaults',
  'execution_config',
  'resource_monitor',
  'use_pending_failed',
  'compute_node_expiration_buffer_seconds',
  'compute_node_wait_for_new_jobs_seconds',
  'compute_node_ignore_workflow_completion',
  'compute_node_wait_for_healthy_database_minutes',
  'jobs_sort_method',
] as const;

/** Fields of a Slurm scheduler, besides its name. */
export const SCHEDULER_FIELDS = ['account', 'partition', 'nodes', 'walltime', 'mem', 'gres', 'qos', 'ntasks_per_node', 'tmp', 'extra', 'serialize_allocations'] as const;

/**
 * What a Torc spec says that the IR has no field for, kept under `provenance.extra.torc` so that the
 * writer can give it back. Values are as the spec writes them, after parameters and variables.
 */
export interface TorcKept {
  /** Top-level fields: user, project, metadata, user_data, actions, failure_handlers, access_groups, ... */
  spec?: Record<string, JsonValue>;
  /** Per job, by name: its command as written (with references), scheduler, failure handler, priority, ... */
  jobs?: Record<string, Record<string, JsonValue>>;
  /** Per file or dataset, by path: its Torc name and other fields. */
  files?: Record<string, Record<string, JsonValue>>;
  /** Per resource requirement, by name: fields the IR's resources lack (num_nodes). */
  resources?: Record<string, Record<string, JsonValue>>;
}

export const KEPT_KEY = 'torc';

export function keptOf(wf: Workflow): TorcKept {
  const kept = wf.provenance?.extra?.[KEPT_KEY];
  return kept !== null && typeof kept === 'object' && !Array.isArray(kept) ? (kept as TorcKept) : {};
}
