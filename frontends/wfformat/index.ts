// The WfFormat frontend: WfCommons execution traces into IR.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import { parseJson } from '../common/json.js';
import type { ParseFunction } from '../types.js';
import { lowerTrace } from './lower.js';
import { readTrace } from './read.js';

export const parseWfFormat: ParseFunction = (file) => {
  const bag = new DiagnosticBag();
  const doc = parseJson(file, bag);
  const trace = doc && readTrace(doc, bag);
  if (!doc || !trace || bag.hasErrors) return { diagnostics: bag.items };
  const wf = lowerTrace(trace, file, doc, bag);
  return bag.hasErrors ? { diagnostics: bag.items } : { value: wf, diagnostics: bag.items };
};
