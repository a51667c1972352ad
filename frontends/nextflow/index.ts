// The Nextflow frontend: main.nf (+ includes, + nextflow.config) → the pipeline's setup run as
// Nextflow runs it → process graph and, where the data is known, tasks → IR.

import * as posix from 'node:path/posix';
import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { ParseFunction } from '../types.js';
import { loadConfig, setting } from './config.js';
import { Interpreter } from './interp.js';
import { lowerNextflow } from './lower.js';
import { NO_METHOD } from './methods.js';
import { NextflowRuntime } from './runtime.js';
import { fromJson, GMap, GroovyError, Scope, str } from './values.js';
import { LineIndex } from '../common/text.js';

/** The pipeline's name: its directory for main.nf, the manifest's name, or the file's stem. */
function pipelineName(path: string, manifestName: string | undefined): string {
  const base = posix.basename(path);
  if (base !== 'main.nf') return base.replace(/\.nf$/, '') || base;
  const dir = posix.basename(posix.dirname(posix.normalize(path)));
  if (dir !== '.' && dir !== '' && dir !== '..') return dir;
  return manifestName?.split('/').pop() || 'main';
}

export const parseNextflow: ParseFunction = (file, options, host) => {
  const bag = new DiagnosticBag();
  const mainFile = posix.normalize(file.path);
  const projectDir = posix.dirname(mainFile);
  const launchDir = options.directory ?? '.';
  const read = (p: string) => host.readFile(p);
  const cliParams = fromJson(options.params) as GMap;
  // Config is evaluated before the script, with the command line's params in place.
  const configFiles = [...new Set([posix.join(projectDir, 'nextflow.config'), posix.join(launchDir, 'nextflow.config')].map((p) => posix.normalize(p)))].filter((p) => host.stat?.(p) === 'file');
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (f: string) => {
    let l = lineIndexes.get(f);
    if (!l) lineIndexes.set(f, (l = new LineIndex(read(f) ?? '', f)));
    return l;
  };
  const configInterp = new Interpreter(
    linesOf,
    { method: () => NO_METHOD, invoke: (_o, _a, _n, pos) => { throw new GroovyError('processes cannot run in a config file', pos, 'NF002'); }, readText: read },
  );
  const globals = new Scope();
  for (const [k, v] of [['projectDir', projectDir], ['baseDir', projectDir], ['launchDir', launchDir]] as const) globals.declare(k, v);
  const profiles = options.profiles ?? [];
  const config = configFiles.length > 0 ? loadConfig(configFiles[0]!, { readFile: read }, configInterp, bag, cliParams, profiles, globals) : { settings: new GMap(), selectors: [], params: new GMap(cliParams), files: [], profilesDefined: [] };
  for (const extra of configFiles.slice(1)) {
    const more = loadConfig(extra, { readFile: read }, configInterp, bag, config.params, profiles, globals);
    for (const [k, v] of more.settings) config.settings.set(k, v);
    config.selectors.push(...more.selectors);
    config.files.push(...more.files);
    config.profilesDefined.push(...more.profilesDefined);
    config.params = more.params;
  }
  for (const p of profiles) {
    if (!config.profilesDefined.includes(p)) bag.error('NF008', `no config profile named ${p}`, undefined, config.profilesDefined.length > 0 ? `profiles: ${config.profilesDefined.join(', ')}` : 'the config declares no profiles');
  }
  if (bag.hasErrors) return { diagnostics: bag.items };

  const rt = new NextflowRuntime({ readFile: read, stat: (p) => host.stat?.(p), listDir: (p) => host.listDir?.(p) }, bag, config, launchDir, projectDir);
  const ok = rt.runEntry(mainFile, options.targets?.[0]);
  if (!ok || bag.hasErrors) return { diagnostics: bag.items };
  for (const s of rt.steps) {
    if (s.tasks === undefined) bag.warning('NF007', `the tasks of ${s.fqn} depend on the run (${s.unknownBecause ?? 'inputs unknown'}); the step stays symbolic`, s.span);
  }
  const manifest = setting(config.settings, 'manifest.name');
  const sources = [...new Set([...config.files, ...rt.filesRead])].sort();
  const wf = lowerNextflow({ rt, config, name: pipelineName(mainFile, manifest === undefined ? undefined : str(manifest)), sources, exists: (p) => host.stat?.(posix.join(launchDir, p)) !== undefined });
  return { value: wf, diagnostics: bag.items };
};
