// The IR backend: the workflow as JSON, keys sorted, so that it can be diffed and read back.

import { toStableJson } from '../../ir/serialize.js';
import type { EmitFunction } from '../types.js';

export const IR_FILE = 'workflow.ir.json';

export const emitIr: EmitFunction = (wf) => ({
  files: new Map([[IR_FILE, { text: toStableJson(wf) }]]),
  diagnostics: [],
  losses: [],
});
