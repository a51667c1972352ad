// Which backends exist. Each loads only when used.

import type { EmitFunction } from './types.js';

export interface BackendEntry {
  target: string;
  title: string;
  /** `concrete` targets get the workflow after `expand`; `any` targets take it as the source gave it. */
  needs: 'concrete' | 'any';
  load(): Promise<EmitFunction>;
}

export const BACKENDS: BackendEntry[] = [
  {
    target: 'pegasus',
    title: 'Pegasus 5: workflow.yml, catalogs, properties, wrappers',
    needs: 'concrete',
    load: async () => (await import('./pegasus/index.js')).emitPegasus,
  },
  {
    target: 'wfformat',
    title: 'WfCommons WfFormat 1.5 JSON',
    needs: 'concrete',
    load: async () => (await import('./wfformat/index.js')).emitWfFormat,
  },
  {
    target: 'ir',
    title: 'the wfc IR as JSON',
    needs: 'any',
    load: async () => (await import('./ir/index.js')).emitIr,
  },
];

export function backendFor(target: string): BackendEntry | undefined {
  return BACKENDS.find((b) => b.target === target);
}
