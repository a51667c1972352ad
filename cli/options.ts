// Parsing option values shared by several commands.

import type { JsonValue } from '../ir/types.js';
import type { FrontendOptions } from '../frontends/types.js';
import { BACKENDS, backendFor, type BackendEntry } from '../backends/registry.js';
import { FRONTENDS } from '../frontends/registry.js';
import { CliError, EXIT } from './io.js';

/** `--param N=4 --param samples=a,b` → { N: 4, samples: "a,b" }. JSON values (numbers, lists) are decoded. */
export function parseParams(list: readonly string[]): Record<string, JsonValue> {
  const params: Record<string, JsonValue> = {};
  for (const item of list) {
    const m = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(item);
    if (!m) throw new CliError(`error[WFC006]: bad NAME=VALUE "${item}"\n   = hint: write e.g. --param N=16 or --config samples=samples.tsv`, EXIT.usage);
    params[m[1]!] = decode(m[2]!);
  }
  return params;
}

function decode(raw: string): JsonValue {
  try {
    const v = JSON.parse(raw) as JsonValue;
    if (typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v)) return v;
  } catch {
    // not JSON: a plain string
  }
  return raw;
}

/** The frontend options every command that reads a workflow takes. */
export interface SourceOptions {
  param: string[];
  config: string[];
  configfile: string[];
  directory?: string;
  target: string[];
}

export function frontendOptions(o: SourceOptions): FrontendOptions {
  const options: FrontendOptions = { params: parseParams(o.param), config: parseParams(o.config), configFiles: o.configfile, targets: o.target };
  if (o.directory !== undefined) options.directory = o.directory;
  return options;
}

export function parseTargets(spec: string): BackendEntry[] {
  const names = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new CliError('error[WFC003]: --to names no target', EXIT.usage);
  return [...new Set(names)].map((name) => {
    const b = backendFor(name);
    if (!b) throw new CliError(`error[WFC003]: unknown target "${name}"\n   = hint: targets are ${BACKENDS.map((x) => x.target).join(', ')}`, EXIT.usage);
    return b;
  });
}

export function checkFrom(format: string | undefined): string | undefined {
  if (format !== undefined && !FRONTENDS.some((f) => f.format === format)) {
    throw new CliError(`error[WFC001]: unknown input format "${format}"\n   = hint: formats are ${FRONTENDS.map((f) => f.format).join(', ')}`, EXIT.usage);
  }
  return format;
}
