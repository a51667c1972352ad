// Where tests find things: the project, the built CLI, and the shared corpus and schemas beside
// the checkout.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(ROOT, '../shared');
export const CORPUS = join(ROOT, 'corpus');
export const BIN = join(ROOT, 'dist/cli/bin.js');

export function sharedPath(...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (!existsSync(p)) throw new Error(`${p} is missing: the shared corpus and schemas must sit beside the checkout`);
  return p;
}
