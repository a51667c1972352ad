// The Pegasus frontend: a Pegasus 5 YAML workflow (workflow.yml) and its catalogs, inline or in
// files beside it, into IR. It reads back what wfc's Pegasus backend writes, wrappers included.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { ParseFunction } from '../types.js';
import { readSources } from './documents.js';
import { lowerPegasus } from './lower.js';

export const parsePegasus: ParseFunction = (file, _options, host) => {
  const bag = new DiagnosticBag();
  const sources = readSources(file, host, bag);
  const wf = sources && !bag.hasErrors ? lowerPegasus(sources, host, bag) : undefined;
  return wf && !bag.hasErrors ? { value: wf, diagnostics: bag.items } : { diagnostics: bag.items };
};
