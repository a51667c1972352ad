// What every frontend offers. Frontends are pure: text and options in, IR and diagnostics out.
// Anything a frontend needs besides its main file (includes, configs) it asks the host for.

import type { Result } from '../ir/diagnostics.js';
import type { JsonValue, Workflow } from '../ir/types.js';

export interface SourceFile {
  /** The path as the user gave it; used in diagnostics and in the IR's source info. */
  path: string;
  text: string;
}

/**
 * The file system as a frontend may see it: read-only, with paths relative to the current
 * directory (or absolute). Frontends that read more than their main file (includes, configs,
 * sample sheets) use it; the CLI provides it.
 */
export interface FrontendHost {
  readFile(path: string): string | undefined;
  stat?(path: string): 'file' | 'dir' | undefined;
  /** Names in a directory; undefined when it is not one. */
  listDir?(path: string): string[] | undefined;
}

export interface FrontendOptions {
  /** Parameters given on the command line; they override the source's own defaults. */
  params: Record<string, JsonValue>;
  /** Pipeline configuration given on the command line (Snakemake `--config`). */
  config?: Record<string, JsonValue>;
  /** Extra configuration files (Snakemake `--configfile`), relative to the current directory. */
  configFiles?: string[];
  /** Working directory of the pipeline (Snakemake `--directory`), relative to the current directory. */
  directory?: string;
  /** Targets to build instead of the default one (rule names or files; Nextflow: the entry workflow). */
  targets?: string[];
  /** Config profiles to apply (Nextflow `-profile`). */
  profiles?: string[];
}

export type ParseFunction = (file: SourceFile, options: FrontendOptions, host: FrontendHost) => Result<Workflow>;
