// Running wfc in-process, as a user would from a shell, and the compiler stages on text.

import { run } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';
import { backendFor } from '../../backends/registry.js';
import type { VirtualTree } from '../../backends/types.js';
import { hasErrors, type Diagnostic } from '../../ir/diagnostics.js';
import type { JsonValue, Workflow } from '../../ir/types.js';
import { canonicalize } from '../../ir/workflow.js';
import { frontendFor } from '../../frontends/registry.js';
import { contextFor, fileHost, passesFor } from '../../cli/compile.js';
import { detectFormat } from '../../frontends/registry.js';
import type { FrontendOptions } from '../../frontends/types.js';
import type { CorpusCase } from './corpus.js';
import { runPasses } from '../../passes/pass.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Parses text with a named frontend; never touches the disk. */
export async function parseText(format: string, path: string, text: string, params: Record<string, JsonValue> = {}) {
  const parse = await frontendFor(format)!.load();
  const result = parse({ path, text }, { params }, { readFile: () => undefined });
  return { workflow: result.value && canonicalize(result.value), diagnostics: result.diagnostics };
}

/** Parses, runs the target's passes, emits. Throws on errors: for inputs known to be good. */
export async function emitText(format: string, path: string, text: string, target: string): Promise<VirtualTree> {
  const { workflow, diagnostics } = await parseText(format, path, text);
  return emitWorkflow(workflow, diagnostics, target);
}

export async function emitWorkflow(workflow: Workflow | undefined, diagnostics: Diagnostic[], target: string): Promise<VirtualTree> {
  if (!workflow) throw new Error(`parse failed: ${JSON.stringify(diagnostics)}`);
  const backend = backendFor(target)!;
  const passed = runPasses(workflow, await passesFor(backend), contextFor(backend));
  if (!passed.value || hasErrors(passed.diagnostics)) throw new Error(`passes failed: ${JSON.stringify(passed.diagnostics)}`);
  const emitted = (await backend.load())(passed.value);
  if (hasErrors(emitted.diagnostics)) throw new Error(`emit failed: ${JSON.stringify(emitted.diagnostics)}`);
  return emitted.files;
}

/** FrontendOptions from a corpus case's extra `wfc convert` arguments. */
function caseOptions(args: string[], dir: string): FrontendOptions {
  const o: FrontendOptions = { params: {}, config: {}, configFiles: [], targets: [] };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]!];
    const [k, ...v] = value.split('=');
    if (flag === '--params-file') Object.assign(o.params, JSON.parse(readFileSync(join(dir, value), 'utf8')) as Record<string, JsonValue>);
    else if (flag === '--profile') o.profiles = value.split(',');
    else if (flag === '--param' || flag === '-p') o.params[k!] = v.join('=');
    else if (flag === '--config' || flag === '-C') o.config![k!] = v.join('=');
    else if (flag === '--configfile') o.configFiles!.push(value);
    else if (flag === '--directory' || flag === '-d') o.directory = value;
    else if (flag === '--target') o.targets!.push(value);
    else throw new Error(`case argument ${flag} is not understood by the test helper`);
  }
  return o;
}

/** Parses a corpus case as `wfc convert` would from inside its directory. */
export async function parseCase(c: CorpusCase) {
  const format = detectFormat(c.input, c.text)!;
  const parse = await format.load();
  const io = { cwd: c.dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} };
  const result = parse({ path: c.input, text: c.text }, caseOptions(c.args, c.dir), fileHost(io));
  return { workflow: result.value && canonicalize(result.value), diagnostics: result.diagnostics, format: format.format };
}

export async function emitCase(c: CorpusCase, target: string): Promise<VirtualTree> {
  const { workflow, diagnostics } = await parseCase(c);
  return emitWorkflow(workflow, diagnostics, target);
}

export function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}
