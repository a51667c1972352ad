// The names every Nextflow script sees before its first line: params, workflow and nextflow
// metadata, file(), Channel, and the Groovy/Java helpers pipelines reach for. Those that only talk
// to the user (log, println, mail) do nothing here; a fixed run name and session keep output stable.

import type * as A from './ast.js';
import { channelFactories } from './channel-factories.js';
import { setting, type LoadedConfig } from './config.js';
import { listGlob } from './glob.js';
import type { RunContext } from './run-context.js';
import { WORK_DIR } from './tasks.js';
import type { Topics } from './topics.js';
import { GMap, GObject, NativeFn, NfPath, str, truthy, type Value } from './values.js';

export function installGlobals(ctx: RunContext, params: GMap, topics: Topics): void {
  const g = ctx.globals;
  const fn = (name: string, f: (args: Value[], named: GMap | undefined, pos: A.Pos) => Value) => g.declare(name, new NativeFn(name, f));
  const paramsProxy = params;
  // Script params are defaults: a key given on the command line or in the config keeps its value.
  const fixed = new Set([...params.keys()].map(String));
  const originalSet = paramsProxy.set.bind(paramsProxy);
  paramsProxy.set = (k, v) => (typeof k === 'string' && fixed.has(k) && paramsProxy.has(k) ? paramsProxy : originalSet(k, v));
  g.declare('params', paramsProxy);
  const engine = containerEngine(ctx.config);
  const manifest = setting(ctx.config.settings, 'manifest');
  g.declare(
    'workflow',
    new GObject(
      'WorkflowMetadata',
      new Map<string, Value>([
        ['projectDir', new NfPath(ctx.projectDir)],
        ['launchDir', new NfPath(ctx.launchDir)],
        ['workDir', new NfPath(WORK_DIR)],
        ['containerEngine', engine],
        ['profile', 'standard'],
        ['runName', 'wfc'],
        ['sessionId', '00000000-0000-0000-0000-000000000000'],
        ['manifest', manifest instanceof GMap ? manifest : new GMap()],
        ['stubRun', false],
        ['resume', false],
        ['commandLine', 'nextflow run'],
        ['userName', 'wfc'],
        ['onComplete', new NativeFn('onComplete', () => null)],
        ['onError', new NativeFn('onError', () => null)],
        ['success', true],
      ]),
    ),
  );
  const nextflow = new GObject('Nextflow', new Map<string, Value>([['version', '25.04.0'], ['enable', new GMap()], ['preview', new GMap()]]));
  g.declare('nextflow', nextflow);
  (g.lookup('workflow')!.value as GObject).members.set('nextflow', nextflow);
  g.declare('projectDir', new NfPath(ctx.projectDir));
  g.declare('baseDir', new NfPath(ctx.projectDir));
  g.declare('launchDir', new NfPath(ctx.launchDir));
  g.declare('workDir', new NfPath(WORK_DIR));
  const noop = new NativeFn('log', () => null);
  g.declare('log', new GObject('Logger', new Map<string, Value>([['info', noop], ['warn', noop], ['error', noop], ['debug', noop], ['trace', noop]])));
  for (const name of ['println', 'print', 'printf', 'sleep', 'validateParameters', 'paramsHelp', 'completionEmail', 'completionSummary', 'imNotification']) fn(name, () => null);
  fn('error', (args, _n, pos) => ctx.interp.fail(`the pipeline stops: ${str(args[0] ?? 'error')}`, pos));
  fn('exit', (args, _n, pos) => ctx.interp.fail(`the pipeline exits: ${str(args[1] ?? args[0] ?? '')}`, pos));
  fn('file', (args, named, pos) => file(ctx, args[0] ?? null, named, pos));
  fn('files', (args, named, pos) => {
    const v = file(ctx, args[0] ?? null, named, pos);
    return Array.isArray(v) ? v : [v];
  });
  fn('tuple', (args) => args);
  fn('groupKey', (args) => args[0] ?? null);
  fn('env', () => null);
  fn('paramsSummaryMap', () => new GMap());
  fn('paramsSummaryLog', () => '');
  fn('samplesheetToList', (_a, _n, pos) => ctx.interp.unsupported('samplesheetToList from the nf-schema plugin', pos));
  fn('sendMail', () => null);
  const channel = new GObject('ChannelFactory', channelFactories(ctx, topics));
  g.declare('Channel', channel);
  g.declare('channel', channel);
  g.declare('System', new GObject('System', new Map<string, Value>([['getenv', new NativeFn('getenv', () => null)], ['err', new GObject('PrintStream', new Map([['println', noop]]))], ['out', new GObject('PrintStream', new Map([['println', noop]]))], ['exit', noop], ['currentTimeMillis', new NativeFn('currentTimeMillis', () => 0)]])));
  const math = (f: (...n: number[]) => number) => new NativeFn('Math', (args) => f(...args.map(Number)));
  g.declare('Math', new GObject('Math', new Map<string, Value>([['max', math(Math.max)], ['min', math(Math.min)], ['ceil', math(Math.ceil)], ['floor', math(Math.floor)], ['round', math(Math.round)], ['abs', math(Math.abs)], ['pow', math(Math.pow)], ['sqrt', math(Math.sqrt)]])));
  g.declare('Integer', new GObject('Integer', new Map<string, Value>([['parseInt', new NativeFn('parseInt', (a) => parseInt(str(a[0] ?? null), 10))], ['MAX_VALUE', 2147483647], ['valueOf', new NativeFn('valueOf', (a) => parseInt(str(a[0] ?? null), 10))]])));
  g.declare('Boolean', new GObject('Boolean', new Map<string, Value>([['parseBoolean', new NativeFn('parseBoolean', (a) => str(a[0] ?? null).toLowerCase() === 'true')]])));
  g.declare('String', new GObject('String', new Map<string, Value>([['valueOf', new NativeFn('valueOf', (a) => str(a[0] ?? null))]])));
}

/** The container engine the config enables, as `workflow.containerEngine` names it. */
export function containerEngine(config: LoadedConfig): string | null {
  for (const engine of ['docker', 'singularity', 'apptainer', 'podman', 'charliecloud']) {
    if (truthy(setting(config.settings, `${engine}.enabled`) ?? null)) return engine;
  }
  return null;
}

/** file(): a path, or the files a glob matches. */
function file(ctx: RunContext, arg: Value, named: GMap | undefined, pos: A.Pos): Value {
  if (arg === null) return ctx.interp.fail('file(): the path is null (a param not given?)', pos, 'NF005', 'give the param with --param NAME=VALUE or --params-file');
  if (arg instanceof NfPath) return arg;
  const p = str(arg);
  if (/[*?[{]/.test(p) && named?.get('glob') !== false) return listGlob(p, ctx.files.globHost()).map((f) => new NfPath(f));
  if (named?.get('checkIfExists') === true && ctx.files.stat(p) === undefined) return ctx.interp.fail(`file ${p} does not exist`, pos, 'NF005');
  return new NfPath(p);
}
