// Temporary working directories for tests that write files.

import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from './paths.js';

export function tempDir(prefix = 'wfc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh directory holding a copy of one corpus case's input (without its golden files). */
export function withCase(name: string, file: string): string {
  const dir = tempDir();
  cpSync(join(CORPUS, name, file), join(dir, file));
  return dir;
}

/** Every file under `root`, relative, sorted. */
export function listTree(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}
