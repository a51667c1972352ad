// Putting a virtual file tree on disk, or comparing it with what is there.
//
// Writing is atomic per tree: everything goes to a temporary directory beside the destination
// first; only when all of it is written does it move into place. Nothing is overwritten without
// --force. An interrupted run removes its temporary directory.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { VirtualTree } from '../backends/types.js';
import { count } from '../ir/text.js';
import { CliError, EXIT } from './io.js';

const pending = new Set<string>();
let cleanupInstalled = false;

/** Removes unfinished temporary directories when the user interrupts the run. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const clean = (signal: NodeJS.Signals) => {
    for (const dir of pending) rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', clean);
  process.once('SIGTERM', clean);
}

/** Rejects paths that would land outside the destination (`../x`, absolute paths). */
export function unsafePaths(tree: VirtualTree): string[] {
  return [...tree.keys()].filter((p) => p.startsWith('/') || p.split('/').some((s) => s === '..' || s === '') || p.includes('\\'));
}

/** A backend's tree must stay inside --out: a path that does not is a bug in wfc, not in the input. */
export function assertSafe(tree: VirtualTree): void {
  const unsafe = unsafePaths(tree);
  if (unsafe.length > 0) throw new CliError(`error[WFC008]: output path ${unsafe[0]} escapes the output directory`, EXIT.internal);
}

/** Refuses to overwrite `existing` (paths as the user sees them) without --force. */
export function refuseOverwrite(existing: readonly string[]): void {
  if (existing.length === 0) return;
  const list = existing.slice(0, 5).join(', ');
  throw new CliError(
    `error[WFC004]: ${count(existing.length, 'output file')} already ${existing.length === 1 ? 'exists' : 'exist'} (${list}${existing.length > 5 ? ', ...' : ''})\n   = hint: pass --force to overwrite, or choose another --out`,
    EXIT.usage,
  );
}

/** One file's unified diff, `a/LABEL` → `b/LABEL`, with /dev/null for a side that does not exist. */
export function filePatch(label: string, before: string | undefined, after: string | undefined): string {
  return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${label}`, after === undefined ? '/dev/null' : `b/${label}`, before ?? '', after ?? '', undefined, undefined, { context: 3 });
}

/** Files the tree would overwrite in `dest`. */
export function conflicts(tree: VirtualTree, dest: string): string[] {
  return [...tree.keys()].filter((p) => existsSync(join(dest, p)));
}

export function writeTree(tree: VirtualTree, dest: string): void {
  installCleanup();
  const parent = dirname(resolve(dest));
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.wfc-tmp-${process.pid}-${pending.size}-${Date.now()}`);
  pending.add(tmp);
  try {
    for (const [path, file] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const target = join(tmp, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.text);
      if (file.executable) chmodSync(target, 0o755);
    }
    if (!existsSync(dest)) {
      renameSync(tmp, dest);
    } else {
      // The destination exists (with --force, or without clashing files): move file by file.
      for (const path of tree.keys()) {
        const target = join(dest, path);
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(tmp, path), target);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    pending.delete(tmp);
  }
}

export interface Drift {
  path: string;
  diff: string;
}

/** Differences between the tree and the files in `dest`, as unified diffs. Extra files on disk are listed apart. */
export function compareTree(tree: VirtualTree, dest: string, shownAs: string): { drift: Drift[]; extra: string[] } {
  const drift: Drift[] = [];
  for (const [path, file] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = join(dest, path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === file.text) continue;
    const label = join(shownAs, path);
    drift.push({ path: label, diff: filePatch(label, current, file.text) });
  }
  const extra = existsSync(dest) && statSync(dest).isDirectory() ? listFiles(dest).filter((p) => !tree.has(p)) : [];
  return { drift, extra };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
