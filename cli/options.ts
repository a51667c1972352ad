// Parsing option values shared by several commands.

import type { JsonValue } from '../ir/types.js';
import type { FrontendOptions } from '../frontends/types.js';
import { BACKENDS, backendFor, type BackendEntry } from '../backends/registry.js';
import { FRONTENDS } from '../frontends/registry.js';
import { CliError, EXIT } from './io.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseYaml } from '../frontends/common/yaml.js';

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
  paramsFile?: string;
  profile?: string;
}

export function frontendOptions(o: SourceOptions, cwd = '.'): FrontendOptions {
  const params = o.paramsFile === undefined ? {} : readParamsFile(o.paramsFile, cwd);
  const options: FrontendOptions = { params: { ...params, ...parseParams(o.param) }, config: parseParams(o.config), configFiles: o.configfile, targets: o.target };
  if (o.directory !== undefined) options.directory = o.directory;
  if (o.profile !== undefined) options.profiles = o.profile.split(',').map((p) => p.trim()).filter((p) => p !== '');
  return options;
}

/** A params file (JSON or YAML, a mapping at the top) as Nextflow's -params-file reads it. */
function readParamsFile(path: string, cwd: string): Record<string, JsonValue> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError(`error[WFC002]: cannot read params file ${path}\n   = hint: check the path and its permissions`, EXIT.input);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CliError(`error[SYN004]: ${path}: ${(e as Error).message.split('\n')[0]}\n   = hint: the params file must be JSON or YAML`, EXIT.input);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`error[WFC006]: ${path} must hold a mapping of parameter names to values`, EXIT.input);
  return value as Record<string, JsonValue>;
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
