// Parameterized job, file and user-data specs into what Torc creates from them: one record per
// combination of parameter values, with the values put into names, commands and references. Each
// record remembers the spec it came from, for positions and for the step it becomes.

import type { JsonValue } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import { combinations, parseParameter, substitute, type Combination, type ParameterValue } from './parameters.js';

export type JsonObject = { [key: string]: JsonValue };

export interface ExpandProblem {
  path: JsonPath;
  message: string;
}

export interface Expanded {
  /** The spec's own fields with the combination's values put in. */
  fields: JsonObject;
  /** Position of the spec in its list (`['jobs', 3]`). */
  path: JsonPath;
  /** The combination it was made for; empty for a spec without parameters. */
  combo: Combination;
}

/** The parameters a spec expands over, in the order written; those from the workflow's; how they combine. */
export interface SpecParameters {
  names: string[];
  shared: Set<string>;
  mode: 'product' | 'zip';
}

export interface ExpandedList {
  items: Expanded[];
  /** By spec index. */
  parameters: Map<number, SpecParameters>;
}

/** Job fields that Torc fills in with parameter values (strings, or lists of strings). */
const JOB_FIELDS = [
  'name',
  'command',
  'invocation_script',
  'resource_requirements',
  'scheduler',
  'depends_on',
  'depends_on_regexes',
  'input_files',
  'input_file_regexes',
  'output_files',
  'output_file_regexes',
  'input_user_data',
  'input_user_data_regexes',
  'output_user_data',
  'output_user_data_regexes',
  'input_datasets',
  'output_datasets',
  'env',
];
const FILE_FIELDS = ['name', 'path', 'identifier'];
const USER_DATA_FIELDS = ['name', 'data'];

const PARAMETER_KEYS = new Set(['parameters', 'parameter_mode', 'use_parameters']);

/**
 * Expands one list of the spec (`jobs`, `files`, `user_data`). `shared` are the workflow-level
 * parameters, `overrides` the values given on the command line (`--param i=1:10`).
 */
export function expandList(
  list: JsonObject[],
  key: 'jobs' | 'files' | 'user_data',
  shared: JsonObject,
  overrides: Record<string, JsonValue>,
  readFile: (path: string) => string | undefined,
  problems: ExpandProblem[],
): ExpandedList {
  const fields = key === 'jobs' ? JOB_FIELDS : key === 'files' ? FILE_FIELDS : USER_DATA_FIELDS;
  const out: ExpandedList = { items: [], parameters: new Map() };
  list.forEach((spec, index) => {
    const path: JsonPath = [key, index];
    const own = { ...(spec.parameters as JsonObject | null | undefined) };
    const sharedNames = new Set<string>();
    for (const name of (spec.use_parameters as string[] | null | undefined) ?? []) {
      if (name in own) continue;
      if (!(name in shared)) {
        problems.push({ path: [...path, 'use_parameters'], message: `use_parameters names "${name}", which the workflow's parameters do not have` });
        continue;
      }
      own[name] = shared[name]!;
      sharedNames.add(name);
    }
    const base: JsonObject = {};
    for (const [k, v] of Object.entries(spec)) if (!PARAMETER_KEYS.has(k) && v !== null) base[k] = v;
    if (spec.parameters_file != null) problems.push({ path: [...path, 'parameters_file'], message: 'parameters_file (one record per table row) is not read by wfc; write the values under `parameters:`' });
    const names = Object.keys(own);
    if (names.length === 0) {
      out.items.push({ fields: base, path, combo: [] });
      return;
    }
    const values: [string, ParameterValue[]][] = [];
    for (const name of names) {
      const raw = overrides[name] ?? own[name]!;
      const parsed = parseParameter(raw as string | number | (string | number)[], readFile);
      const where = sharedNames.has(name) && overrides[name] === undefined ? ['parameters', name] : [...path, 'parameters', name];
      if ('error' in parsed) problems.push({ path: where, message: `parameter ${name}: ${parsed.error}` });
      else values.push([name, parsed.values]);
    }
    if (values.length < names.length) return;
    const mode = spec.parameter_mode === 'zip' ? 'zip' : 'product';
    const combos = combinations(values, mode);
    if (!Array.isArray(combos)) {
      problems.push({ path: [...path, 'parameters'], message: combos.error });
      return;
    }
    out.parameters.set(index, { names, shared: sharedNames, mode });
    for (const combo of combos) {
      const f: JsonObject = { ...base };
      for (const k of fields) if (f[k] !== undefined) f[k] = put(f[k]!, combo);
      out.items.push({ fields: f, path, combo });
    }
  });
  return out;
}

/** Parameter values into a string, or into every string of a list, map or JSON value. */
function put(v: JsonValue, combo: Combination): JsonValue {
  if (typeof v === 'string') return substitute(v, combo);
  if (Array.isArray(v)) return v.map((x) => put(x, combo));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x, combo)]));
  return v;
}
