// A job's command as a Torc command string. Torc runs it with bash after replacing each
// `${files.input.NAME}` / `${files.output.NAME}` by the file's path, unquoted. So a file argument
// becomes a reference only where its path is one plain shell word; any other argument is quoted.
// Torc substitutes its reference syntax wherever it appears, quotes or not, so quoted text that
// contains `${` is split there (`'a$''{b'` is the word `a${b}`) to keep Torc's hands off it.

import { effectiveCommand, referencesIn, resolveFileReferences } from '../../ir/formats/torc.js';
import { shq } from '../../ir/shell.js';
import type { Job, JsonValue } from '../../ir/types.js';

export interface TorcCommand {
  command: string;
  /** Kept from the source: Torc runs it before the command. */
  invocationScript?: string;
  /** Files the command refers to, by side: these need no `input_files` / `output_files` entry. */
  referenced: { input: Set<string>; output: Set<string> };
  /** The job's script holds Torc's reference syntax and had to be run through `bash -c`. */
  wrapped?: boolean;
}

/** One shell word that bash reads back as `word` and in which Torc finds nothing to substitute. */
export function torcWord(word: string): string {
  // A function, not a string: in a replacement string `$'` means the text after the match.
  return shq(word).replace(/\$\{/g, () => "$''{");
}

/** A plain shell word needs no quotes, so Torc's unquoted path is the same word. */
function plainWord(path: string): boolean {
  return shq(path) === path;
}

export function torcCommand(
  job: Job,
  fileName: Map<string, string>,
  keptJob: Record<string, JsonValue> | undefined,
): TorcCommand {
  const referenced = { input: new Set<string>(), output: new Set<string>() };
  const c = job.command;
  if (!c) return { command: 'true', referenced };
  if ('script' in c) {
    const kept = keptCommand(job, c.script, fileName, keptJob, referenced);
    if (kept) return kept;
    if (referencesIn(c.script).length > 0) {
      return { command: `bash -c ${torcWord(c.script)}`, referenced, wrapped: true };
    }
    return { command: c.script, referenced };
  }
  const reads = new Set(job.inputs);
  const writes = new Set(job.outputs);
  const words = c.argv.map((word, i) => {
    // The program itself stays a word: a reference there would make Torc's edge the program.
    const name = i > 0 ? fileName.get(word) : undefined;
    if (name === undefined || name.includes('}') || !plainWord(word)) return torcWord(word);
    if (writes.has(word)) {
      referenced.output.add(word);
      return `\${files.output.${name}}`;
    }
    if (reads.has(word)) {
      referenced.input.add(word);
      return `\${files.input.${name}}`;
    }
    return torcWord(word);
  });
  return { command: words.join(' '), referenced };
}

/**
 * The command as the Torc source wrote it (with its references and invocation script), when it
 * still runs exactly what the job runs: a pass may have changed the command since.
 */
function keptCommand(
  job: Job,
  script: string,
  fileName: Map<string, string>,
  keptJob: Record<string, JsonValue> | undefined,
  referenced: TorcCommand['referenced'],
): TorcCommand | undefined {
  const command = keptJob?.command;
  const invocation = keptJob?.invocation_script;
  if (typeof command !== 'string') return undefined;
  const invocationScript = typeof invocation === 'string' ? invocation : undefined;
  const pathOf = new Map<string, string>();
  const ids = new Set([...job.inputs, ...job.outputs]);
  for (const id of ids) {
    const name = fileName.get(id);
    if (name !== undefined) pathOf.set(name, id);
  }
  const refs = referencesIn(command).filter((r) => r.kind === 'files');
  // Every reference must name one of the job's files under the name it has now.
  if (refs.some((r) => !pathOf.has(r.name))) return undefined;
  if (effectiveCommand(resolveFileReferences(command, (n) => pathOf.get(n)), invocationScript) !== script) return undefined;
  for (const r of refs) referenced[r.side].add(pathOf.get(r.name)!);
  const out: TorcCommand = { command, referenced };
  if (invocationScript !== undefined) out.invocationScript = invocationScript;
  return out;
}
