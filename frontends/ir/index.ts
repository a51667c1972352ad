// The IR frontend: an IR document written by `wfc convert --to ir` (or by hand), checked against the
// IR schema and for dangling references before anything trusts it.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import { IR_SCHEMA } from '../../ir/schema.js';
import { IR_VERSION, type Workflow } from '../../ir/types.js';
import { checkReferences } from '../../ir/workflow.js';
import { parseJson } from '../common/json.js';
import { checkAgainstSchema } from '../common/schema-check.js';
import type { ParseFunction } from '../types.js';

export const parseIr: ParseFunction = (file, options) => {
  const bag = new DiagnosticBag();
  const doc = parseJson(file, bag);
  if (!doc) return { diagnostics: bag.items };
  const version = (doc.value as { wfc?: unknown } | null)?.wfc;
  if (typeof doc.value === 'object' && doc.value !== null && version !== undefined && version !== IR_VERSION) {
    bag.error('IR005', `IR version ${JSON.stringify(version)} is not supported (this wfc reads version ${IR_VERSION})`, doc.locate(['wfc']));
    return { diagnostics: bag.items };
  }
  if (!checkAgainstSchema(IR_SCHEMA, doc, bag, 'IR001')) return { diagnostics: bag.items };
  const wf = doc.value as Workflow;
  checkReferences(wf, bag, doc.locate, { duplicate: 'IR003', missing: 'IR002' });
  if (bag.hasErrors) return { diagnostics: bag.items };
  // Parameters given on the command line win over those stored in the IR.
  return { value: { ...wf, params: { ...wf.params, ...options.params } }, diagnostics: bag.items };
};
