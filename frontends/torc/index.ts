// The Torc frontend: a Torc workflow spec (YAML, or JSON by its name) into IR, as `torc create`
// reads it: shape checked, workflow variables put in, parameters expanded, names resolved, edges
// derived from files, user data and depends_on. `--param NAME=VALUE` replaces the values of every
// parameter NAME (`--param i=1:10`).

import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { JsonValue } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import { parseJson, type JsonDocument } from '../common/json.js';
import { checkAgainstSchema } from '../common/schema-check.js';
import { stripBom } from '../common/text.js';
import { parseYamlDocument } from '../common/yaml.js';
import type { ParseFunction } from '../types.js';
import { expandList, type JsonObject } from './expand.js';
import { Locator } from './locate.js';
import { lowerSpec } from './lower.js';
import { resolveSpec } from './resolve.js';
import { fieldsOf, kindAt, TORC_SPEC_SCHEMA } from './schema.js';
import { didYouMean } from './suggest.js';
import { applyVariables } from './variables.js';

export const parseTorc: ParseFunction = (file, options, host) => {
  const bag = new DiagnosticBag();
  const doc = /\.json$/i.test(file.path) ? parseJson(file, bag) : parseYamlDocument(file, bag);
  if (!doc) return { diagnostics: bag.items };
  if (!checkShape(doc, bag)) return { diagnostics: bag.items };
  const loc = new Locator(doc, stripBom(file.text));
  const withVariables = applyVariables(doc.value as JsonObject);
  for (const p of withVariables.problems) bag.error('TRC009', p.message, p.token ? loc.within(p.path, p.token) : loc.at(p.path), p.hint);
  if (bag.hasErrors) return { diagnostics: bag.items };
  const spec = withVariables.value as JsonObject;

  const problems: { path: JsonPath; message: string }[] = [];
  const shared = (spec.parameters as JsonObject | null | undefined) ?? {};
  const readFile = (path: string) => host.readFile(path);
  const list = (key: string) => (spec[key] as JsonObject[] | null | undefined) ?? [];
  const overrides = parameterOverrides(options.params);
  const jobs = expandList(list('jobs'), 'jobs', shared, overrides, readFile, problems);
  const files = expandList(list('files'), 'files', shared, overrides, readFile, problems);
  const userData = expandList(list('user_data'), 'user_data', shared, overrides, readFile, problems);
  for (const p of problems) bag.error('TRC006', p.message, loc.at(p.path));
  if (bag.hasErrors) return { diagnostics: bag.items };

  const resolved = resolveSpec(spec, jobs.items, files.items, userData.items, loc, bag);
  if (bag.hasErrors) return { diagnostics: bag.items };
  const wf = lowerSpec(spec, resolved, jobs, userData.items.map((u) => u.fields), file, loc, bag, overrides);
  return bag.hasErrors ? { diagnostics: bag.items } : { value: wf, diagnostics: bag.items };
};

/** Checks the spec's shape; an unknown field gets the known field it most looks like as its hint. */
function checkShape(doc: JsonDocument, bag: DiagnosticBag): boolean {
  const found = new DiagnosticBag();
  const ok = checkAgainstSchema(TORC_SPEC_SCHEMA, doc, found, 'TRC001');
  for (const d of found.items) {
    const m = /^(.*): unknown property "(.*)"$/.exec(d.message);
    if (m) {
      const path = m[1] === 'the document' ? [] : m[1]!.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const kind = kindAt(path);
      if (kind) d.hint = didYouMean(m[2]!, fieldsOf(kind), `known fields here: ${fieldsOf(kind).join(', ')}`);
    }
    bag.push(d);
  }
  return ok;
}

/** `--param` values: a string is a parameter value as Torc writes it (`1:10`, `[a,b]`). */
function parameterOverrides(params: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number' || Array.isArray(v)) out[k] = v;
  return out;
}
