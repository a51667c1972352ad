// Python for the Scalable tests: any python3 to check that drivers parse, and one that has Dask's
// `distributed` (Debian's python3-distributed) to run them.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** CI sets this: a Python without `distributed` is then a failure, not a reason to skip. */
export const DASK_REQUIRED = process.env.WFC_REQUIRE_DASK === '1';

/** Every python3 on PATH (a pyenv shim may hide the system's, which has Debian's packages), WFC_PYTHON first. */
function candidates(): string[] {
  const found = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'python3')).filter((p) => existsSync(p));
  return [...new Set([...(process.env.WFC_PYTHON ? [process.env.WFC_PYTHON] : []), ...found])];
}

let dask: string | null | undefined;

/** A python3 that can import distributed, or undefined. */
export function daskPython(): string | undefined {
  if (dask === undefined) {
    dask = candidates().find((p) => spawnSync(p, ['-c', 'import distributed'], { stdio: 'ignore' }).status === 0) ?? null;
  }
  return dask ?? undefined;
}

/** Runs Python code with the first python3 found; returns stdout, throws with stderr on failure. */
export function python(code: string, args: string[] = [], input?: string): string {
  const exe = candidates()[0] ?? 'python3';
  const r = spawnSync(exe, ['-c', code, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
