// Workflow `variables`: constants Torc puts into every string of the spec (`{data_root}`) before it
// expands parameters. As Torc: names are identifiers that no parameter also has, values are plain
// text, `${...}` is never touched, and a `{name}` that is neither a variable nor a parameter is a
// typo. Parameter names (keys of `parameters`) and `use_parameters` entries are identifiers, not
// text, and stay as they are.

import type { JsonPath } from '../../ir/workflow.js';

export interface VariableProblem {
  path: JsonPath;
  message: string;
  hint?: string;
  /** The text within the value that is wrong, when it is a token of it. */
  token?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Every `{name}` / `{name:fmt}` token outside `${...}`: its inner text and where it starts. */
function tokens(s: string): { inner: string; name: string; start: number; end: number }[] {
  const out: { inner: string; name: string; start: number; end: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '{' || (i > 0 && s[i - 1] === '$')) continue;
    let j = i + 1;
    while (j < s.length && s[j] !== '}' && s[j] !== '{') j++;
    if (j >= s.length || s[j] !== '}') continue;
    const inner = s.slice(i + 1, j);
    out.push({ inner, name: inner.split(':')[0]!, start: i, end: j + 1 });
    i = j;
  }
  return out;
}

function parameterNames(spec: { [key: string]: Plain }): Set<string> {
  const names = new Set<string>();
  const add = (p: Plain | undefined) => {
    if (p && typeof p === 'object' && !Array.isArray(p)) for (const k of Object.keys(p)) names.add(k);
  };
  add(spec.parameters);
  for (const list of ['jobs', 'files', 'user_data']) {
    const items = spec[list];
    if (Array.isArray(items)) for (const item of items) if (item && typeof item === 'object' && !Array.isArray(item)) add(item.parameters);
  }
  return names;
}

/** The spec with its variables put in (the `variables` map itself kept), or the problems found. */
export function applyVariables(spec: { [key: string]: Plain }): { value: { [key: string]: Plain }; problems: VariableProblem[] } {
  const vars = spec.variables;
  const problems: VariableProblem[] = [];
  if (!vars || typeof vars !== 'object' || Array.isArray(vars) || Object.keys(vars).length === 0) return { value: spec, problems };
  const params = parameterNames(spec);
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(vars)) {
    const path = ['variables', name];
    if (!IDENTIFIER.test(name)) problems.push({ path, message: `variable name "${name}" is not an identifier`, hint: 'variable names are letters, digits and _, not starting with a digit' });
    else if (params.has(name)) problems.push({ path, message: `variable "${name}" has the name of a parameter`, hint: 'rename the variable or the parameter: a name belongs to one of them' });
    else if (typeof value === 'string') {
      const inner = tokens(value).find((t) => IDENTIFIER.test(t.name));
      if (inner) problems.push({ path, message: `variable "${name}" refers to {${inner.inner}}`, hint: 'variable values are plain text; compose them where they are used' });
      else values.set(name, value);
    }
  }
  if (problems.length > 0) return { value: spec, problems };
  const known = new Set([...values.keys(), ...params]);
  const put = (s: string, path: JsonPath): string => {
    let out = '';
    let last = 0;
    for (const t of tokens(s)) {
      if (!IDENTIFIER.test(t.name)) continue;
      if (!known.has(t.name)) {
        problems.push({ path, message: `{${t.inner}} names no variable or parameter`, hint: 'declare it under `variables:`, or correct the name', token: s.slice(t.start, t.end) });
        continue;
      }
      const value = values.get(t.name);
      if (value === undefined) continue;
      out += s.slice(last, t.start) + value;
      last = t.end;
    }
    return out + s.slice(last);
  };
  const walk = (v: Plain, path: JsonPath): Plain => {
    if (typeof v === 'string') return put(v, path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') {
      const out: { [key: string]: Plain } = {};
      for (const [k, x] of Object.entries(v)) {
        const at = [...path, k];
        if (path.length === 0 && k === 'variables') out[k] = x;
        else if (k === 'use_parameters') out[k] = x;
        else out[k] = walk(x, at);
      }
      return out;
    }
    return v;
  };
  const value = walk(spec, []) as { [key: string]: Plain };
  return { value, problems };
}
