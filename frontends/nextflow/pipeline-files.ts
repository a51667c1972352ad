// The pipeline's files as the host gives them. Scripts name paths relative to the launch directory;
// the host wants them from where wfc runs. Every file a script reads is remembered, so that the
// workflow lists its sources.

import * as posix from 'node:path/posix';
import { LineIndex } from '../common/text.js';
import type { GlobHost } from './glob.js';

export interface RuntimeHost {
  readFile(path: string): string | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
  listDir(path: string): string[] | undefined;
}

export class PipelineFiles {
  /** Files the pipeline read: scripts, and data its setup opened (sample sheets, file()). */
  readonly read = new Set<string>();
  private readonly scripts = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(
    private readonly host: RuntimeHost,
    readonly launchDir: string,
  ) {}

  /** A path as the host sees it: relative to the launch directory. */
  hostPath(p: string): string {
    return posix.normalize(posix.isAbsolute(p) ? p : posix.join(this.launchDir, p));
  }

  /** A data file's text, remembered as read when it exists. */
  readText(p: string): string | undefined {
    const text = this.host.readFile(this.hostPath(p));
    if (text !== undefined) this.read.add(p);
    return text;
  }

  /** A script's text, kept for the line index that positions its diagnostics. */
  readScript(p: string): string | undefined {
    const text = this.host.readFile(this.hostPath(p));
    if (text === undefined) return undefined;
    this.scripts.set(p, text);
    this.read.add(p);
    return text;
  }

  lines(file: string): LineIndex {
    let l = this.lineIndexes.get(file);
    if (!l) this.lineIndexes.set(file, (l = new LineIndex(this.scripts.get(file) ?? this.host.readFile(this.hostPath(file)) ?? '', file)));
    return l;
  }

  stat(p: string): 'file' | 'dir' | undefined {
    return this.host.stat(this.hostPath(p));
  }

  /** The view of the files that glob matching walks. */
  globHost(): GlobHost {
    return { list: (d: string) => this.host.listDir(this.hostPath(d)), stat: (p: string) => this.host.stat(this.hostPath(p)) };
  }
}
