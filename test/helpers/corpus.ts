// The corpus: one directory per case, holding one input file and its golden outputs in expected/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from './paths.js';

export interface CorpusCase {
  name: string;
  dir: string;
  /** The input's file name, relative to `dir`. */
  input: string;
  text: string;
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((name) => statSync(join(CORPUS, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(CORPUS, name);
      const inputs = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && f !== 'README.md');
      if (inputs.length !== 1) throw new Error(`corpus case ${name} should hold exactly one input file, has ${inputs.join(', ')}`);
      return { name, dir, input: inputs[0]!, text: readFileSync(join(dir, inputs[0]!), 'utf8') };
    });
}

export function corpusCase(name: string): CorpusCase {
  const c = corpusCases().find((x) => x.name === name);
  if (!c) throw new Error(`no corpus case ${name}`);
  return c;
}
