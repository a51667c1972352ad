// What every backend offers: IR in, a virtual file tree out. The CLI writes the tree to disk.

import type { Diagnostic } from '../ir/diagnostics.js';
import type { Loss, Workflow } from '../ir/types.js';

export interface VirtualFile {
  text: string;
  executable?: boolean;
}

/** Paths are relative, with `/` separators. */
export type VirtualTree = Map<string, VirtualFile>;

export interface BackendResult {
  files: VirtualTree;
  diagnostics: Diagnostic[];
  /** What the target cannot express, added to the workflow's loss ledger in reports. */
  losses: Loss[];
}

/**
 * The workflow's raw input files as they are where wfc runs, for targets that can carry small ones
 * with the workflow. Paths are the IR's (relative to the pipeline's working directory). Read only
 * when asked: most targets never ask.
 */
export interface InputFiles {
  /** The size in bytes of a regular file that can be read; undefined for anything else. */
  size(path: string): number | undefined;
  /** Its bytes; undefined when it cannot be read. */
  read(path: string): Uint8Array | undefined;
}

/** What a target needs to know of the site that the workflow itself does not say. */
export interface EmitOptions {
  /** The raw inputs on disk (Kubernetes puts small ones in a ConfigMap). */
  inputs?: InputFiles;
  slurm?: {
    /** Tasks per job array at most (the cluster's MaxArraySize - 1). */
    maxArraySize?: number;
    /** Tasks of one array running at once at most. */
    arrayThrottle?: number;
  };
}

export type EmitFunction = (wf: Workflow, options?: EmitOptions) => BackendResult;
