// What every frontend offers. Frontends are pure: text and options in, IR and diagnostics out.
// Anything a frontend needs besides its main file (includes, configs) it asks the host for.

import type { Result } from '../ir/diagnostics.js';
import type { JsonValue, Workflow } from '../ir/types.js';

export interface SourceFile {
  /** The path as the user gave it; used in diagnostics and in the IR's source info. */
  path: string;
  text: string;
}

export interface FrontendHost {
  /** Text of another file, by path relative to the main file's directory; undefined if unreadable. */
  readFile(path: string): string | undefined;
}

export interface FrontendOptions {
  /** Parameters given on the command line; they override the source's own defaults. */
  params: Record<string, JsonValue>;
}

export type ParseFunction = (file: SourceFile, options: FrontendOptions, host: FrontendHost) => Result<Workflow>;
