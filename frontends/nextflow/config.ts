// nextflow.config: settings as nested maps, `process` selectors in order, profiles applied where
// their block stands (in the order the config defines them, as Nextflow does), includeConfig
// relative to the including file. Values are evaluated as they are read, except closures, which
// stay closures to be evaluated per task (`{ 2.GB * task.attempt }`).

import * as posix from 'node:path/posix';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type * as A from './ast.js';
import type { Interpreter } from './interp.js';
import { parseNextflow } from './parse.js';
import { Closure, GMap, GroovyError, Scope, str, type Value } from './values.js';

export interface Selector {
  kind: 'withLabel' | 'withName';
  pattern: string;
  settings: GMap;
  pos: A.Pos;
  file: string;
}

export interface LoadedConfig {
  /** Every setting, by scope: `process`, `docker`, `executor`, `env`, ... (not params). */
  settings: GMap;
  /** Process selectors in the order they apply. */
  selectors: Selector[];
  params: GMap;
  /** Config files read, in order. */
  files: string[];
  profilesDefined: string[];
}

export interface ConfigHost {
  readFile(path: string): string | undefined;
}

/**
 * Reads `path` (and what it includes) with `cliParams` already in place: they win over the
 * config's own params, and config expressions see them.
 */
export function loadConfig(path: string, host: ConfigHost, interp: Interpreter, bag: DiagnosticBag, cliParams: GMap, profiles: string[], globals: Scope): LoadedConfig {
  const config: LoadedConfig = { settings: new GMap(), selectors: [], params: new GMap(cliParams), files: [], profilesDefined: [] };
  const scope = new Scope(globals);
  scope.declare('params', config.params);
  const reader = new ConfigReader(config, host, interp, bag, new Set(cliParams.keys() as Iterable<string>), profiles, scope);
  reader.readFile(path, undefined);
  return config;
}

class ConfigReader {
  constructor(
    private readonly config: LoadedConfig,
    private readonly host: ConfigHost,
    private readonly interp: Interpreter,
    private readonly bag: DiagnosticBag,
    private readonly fixedParams: Set<string>,
    private readonly profiles: string[],
    private readonly scope: Scope,
  ) {}

  readFile(path: string, from: A.Pos | undefined, fromFile?: string): void {
    const text = this.host.readFile(path);
    if (text === undefined) {
      const span = from && fromFile ? { file: fromFile, line: from.line, column: from.column } : undefined;
      this.bag.error('NF003', `cannot read config file ${path}`, span);
      return;
    }
    if (this.config.files.includes(path)) return;
    this.config.files.push(path);
    const script = parseNextflow(path, text, this.bag);
    this.block(script.body, this.config.settings, path);
  }

  /** Runs the statements of a config block with `target` as the map its settings go to. */
  private block(body: readonly A.Stmt[], target: GMap, file: string, selector?: Selector): void {
    let label: string | undefined;
    for (const s of body) {
      try {
        if (s.k === 'label') {
          label = s.name;
          continue;
        }
        if (label && s.k === 'expr') {
          this.selector(label, s.e, file);
          label = undefined;
          continue;
        }
        label = undefined;
        this.statement(s, target, file, selector);
      } catch (e) {
        if (!(e instanceof GroovyError)) throw e;
        this.bag.error(e.code === 'NF005' ? 'NF005' : e.code, `config: ${e.message}`, e.pos ? { file, line: e.pos.line, column: e.pos.column } : undefined, e.hint);
      }
    }
  }

  private statement(s: A.Stmt, target: GMap, file: string, selector?: Selector): void {
    if (s.k === 'try') {
      // nf-core wraps includes of institutional configs (fetched from the network) in try/catch.
      try {
        this.block(s.body, target, file, selector);
      } catch {
        // ignored, like the pipeline's own catch block would
      }
      return;
    }
    if (s.k === 'if') {
      const branch = this.interp.eval(s.c, this.scope, file) ? s.then : s.else;
      if (branch) this.block(branch, target, file, selector);
      return;
    }
    if (s.k !== 'expr') {
      this.interp.exec([s], this.scope, file);
      return;
    }
    const e = s.e;
    if (e.k === 'assign') {
      const path = dotted(e.target);
      if (!path) {
        this.interp.exec([s], this.scope, file);
        return;
      }
      const value = this.value(e.value, file);
      this.set(path, value, target, file, e.pos, selector);
      return;
    }
    if (e.k === 'call' && e.callee.k === 'name' && e.callee.name === 'includeConfig') {
      const arg = e.args[0] ? str(this.interp.eval(e.args[0].value, this.scope, file)) : '';
      if (/^[a-z]+:\/\//.test(arg)) {
        this.bag.warning('NF003', `config ${arg} is on the network; left out`, { file, line: e.pos.line, column: e.pos.column }, 'wfc reads no network resources; copy the file next to the pipeline to use it');
        return;
      }
      this.readFile(posix.normalize(posix.join(posix.dirname(file), arg)), e.pos, file);
      return;
    }
    if (e.k === 'call' && e.args.length === 1 && e.args[0]!.value.k === 'closure' && dotted(e.callee)) {
      const path = dotted(e.callee)!;
      const body = (e.args[0]!.value as Extract<A.Expr, { k: 'closure' }>).body;
      if (path.length === 1 && path[0] === 'profiles' && target === this.config.settings) return this.profilesBlock(body, file);
      if (path[0] === 'params' && target === this.config.settings) return this.paramsBlock(body, path.slice(1), file);
      this.block(body, child(target, path), file, selector);
      return;
    }
    // Anything else is Groovy run for its effect (def, function definitions, println).
    this.interp.exec([s], this.scope, file);
  }

  private selector(label: string, e: A.Expr, file: string): void {
    if ((label !== 'withLabel' && label !== 'withName') || e.k !== 'call' || e.args.length !== 1 || e.args[0]!.value.k !== 'closure') {
      this.interp.unsupported(`config label ${label}:`, e.pos);
    }
    const pattern = e.callee.k === 'name' ? e.callee.name : str(this.interp.eval(e.callee, this.scope, file));
    const sel: Selector = { kind: label, pattern, settings: new GMap(), pos: e.pos, file };
    this.config.selectors.push(sel);
    this.block((e.args[0]!.value as Extract<A.Expr, { k: 'closure' }>).body, sel.settings, file, sel);
  }

  private profilesBlock(body: readonly A.Stmt[], file: string): void {
    for (const s of body) {
      if (s.k !== 'expr' || s.e.k !== 'call' || s.e.callee.k !== 'name' || s.e.args.length !== 1 || s.e.args[0]!.value.k !== 'closure') continue;
      const name = s.e.callee.name;
      this.config.profilesDefined.push(name);
      if (this.profiles.includes(name)) this.block((s.e.args[0]!.value as Extract<A.Expr, { k: 'closure' }>).body, this.config.settings, file);
    }
  }

  private paramsBlock(body: readonly A.Stmt[], prefix: string[], file: string): void {
    for (const s of body) {
      if (s.k === 'expr' && s.e.k === 'assign') {
        const path = dotted(s.e.target);
        if (path) {
          this.setParam([...prefix, ...path], this.interp.eval(s.e.value, this.scope, file));
          continue;
        }
      }
      this.statement(s, this.config.settings, file);
    }
  }

  private setParam(path: string[], value: Value): void {
    if (this.fixedParams.has(path[0]!)) return;
    child(this.config.params, path.slice(0, -1)).set(path[path.length - 1]!, value);
  }

  /** Closures stay closures (evaluated per task); anything else is evaluated now. */
  private value(e: A.Expr, file: string): Value {
    if (e.k === 'closure') return new Closure(e, this.scope, file);
    return this.interp.eval(e, this.scope, file);
  }

  private set(path: string[], value: Value, target: GMap, file: string, pos: A.Pos, selector?: Selector): void {
    if (target === this.config.settings && path[0] === 'params') return this.setParam(path.slice(1), value);
    // `process.withName:FOO.cpus = 2` in dotted form.
    const sel = path.findIndex((p) => /^with(Label|Name):/.test(p));
    if (sel >= 0 && !selector) {
      const [kind, pattern] = path[sel]!.split(/:(.*)/s) as ['withLabel' | 'withName', string];
      const s: Selector = { kind, pattern, settings: new GMap(), pos, file };
      this.config.selectors.push(s);
      child(s.settings, path.slice(sel + 1, -1)).set(path[path.length - 1]!, value);
      return;
    }
    child(target, path.slice(0, -1)).set(path[path.length - 1]!, value);
  }
}

/** `a.b.c` as ['a', 'b', 'c']; undefined for anything that is not a plain dotted name. */
export function dotted(e: A.Expr): string[] | undefined {
  if (e.k === 'name') return [e.name];
  if (e.k === 'prop') {
    const base = dotted(e.obj);
    return base ? [...base, e.name] : undefined;
  }
  if (e.k === 'lit' && typeof e.v === 'string') return [e.v];
  return undefined;
}

/** The map at `path` under `root`, made on the way. */
export function child(root: GMap, path: readonly string[]): GMap {
  let m = root;
  for (const p of path) {
    let next = m.get(p);
    if (!(next instanceof GMap)) {
      next = new GMap();
      m.set(p, next);
    }
    m = next;
  }
  return m;
}

/** Reads a setting by dotted path. */
export function setting(root: GMap, path: string): Value | undefined {
  let v: Value | undefined = root;
  for (const p of path.split('.')) {
    if (!(v instanceof GMap)) return undefined;
    v = v.get(p);
  }
  return v;
}

/** Does a selector pattern select a process by its simple and its fully qualified name (or labels)? */
export function selects(sel: Selector, names: readonly string[], labels: readonly string[]): boolean {
  const negated = sel.pattern.startsWith('!');
  const pattern = negated ? sel.pattern.slice(1) : sel.pattern;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    return false;
  }
  const candidates = sel.kind === 'withName' ? names : labels;
  const hit = candidates.some((c) => re.test(c));
  return negated ? !hit : hit;
}
