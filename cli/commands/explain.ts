// wfc explain [code]: what a diagnostic code means and what to do about it.

import type { Command } from 'commander';
import type { CodeInfo } from '../../ir/codes.js';
import { EXIT, type Io } from '../io.js';

export function registerExplain(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('explain')
    .summary('explain a diagnostic code')
    .description('Explain a diagnostic code (e.g. NAP003), or list every code.')
    .argument('[code]', 'a diagnostic code')
    .action(async (code: string | undefined) => done(explain(await import('../../ir/codes.js'), code, io)));
}

function explain({ CODES, isCode }: typeof import('../../ir/codes.js'), code: string | undefined, io: Io): number {
  const line = (c: string, info: CodeInfo) => `${c.padEnd(8)} ${info.title}${info.hint ? `\n         hint: ${info.hint}` : ''}\n`;
  if (code === undefined) {
    for (const [c, info] of Object.entries(CODES)) io.stdout(line(c, info));
    return EXIT.ok;
  }
  const upper = code.toUpperCase();
  if (!isCode(upper)) {
    io.stderr(`error: no diagnostic code ${code}\n   = hint: \`wfc explain\` lists them all\n`);
    return EXIT.usage;
  }
  io.stdout(line(upper, CODES[upper]));
  return EXIT.ok;
}
