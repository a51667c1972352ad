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

/** What a target needs to know of the site that the workflow itself does not say. */
export interface EmitOptions {
  slurm?: {
    /** Tasks per job array at most (the cluster's MaxArraySize - 1). */
    maxArraySize?: number;
    /** Tasks of one array running at once at most. */
    arrayThrottle?: number;
  };
}

export type EmitFunction = (wf: Workflow, options?: EmitOptions) => BackendResult;
