// YAML reading for frontends, loaded on first use: the `yaml` package takes ~50 ms to load, and
// most conversions never read YAML.

import { createRequire } from 'node:module';

type Parse = typeof import('yaml').parse;

let parse: Parse | undefined;

export function parseYaml(text: string): unknown {
  parse ??= (createRequire(import.meta.url)('yaml') as { parse: Parse }).parse;
  return parse(text);
}
