// chevrotain, from its single-file bundle. The package's entry point pulls in lodash-es as hundreds
// of small modules and takes ~450 ms to load; the bundle it ships beside it loads in ~25 ms.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

async function load(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain'); // .../chevrotain/lib/src/api.js
    return (await import(new URL('../chevrotain.mjs', pathToFileURL(entry)).href)) as Chevrotain;
  } catch {
    return import('chevrotain');
  }
}

const chevrotain = await load();

export const { createToken, createTokenInstance, CstParser, EmbeddedActionsParser, Lexer, EOF } = chevrotain;
