// The corpus: one directory per case, holding its input (or a case.json naming it, for cases made
// of several files) and its golden outputs in expected/.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from './paths.js';

export interface CaseSettings {
  /** The main input, relative to the case directory. */
  input: string;
  /** Extra arguments for `wfc convert` (e.g. --config, --directory). */
  args?: string[];
  /** Compare the job DAG with Snakemake's own dry run. */
  oracle?: boolean;
  /** Also execute the workflow with Snakemake and compare the files it makes. */
  run?: boolean;
  /** Submit wfc's Slurm output to a real Slurm and compare the files it makes. */
  slurm?: boolean;
}

export interface CorpusCase extends CaseSettings {
  name: string;
  dir: string;
  text: string;
  args: string[];
}

/** Migrations between providers live apart, in corpus/migrations (see migrationCases). */
const MIGRATIONS = join(CORPUS, 'migrations');

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((name) => name !== 'migrations' && statSync(join(CORPUS, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(CORPUS, name);
      const settingsFile = join(dir, 'case.json');
      let settings: CaseSettings;
      if (existsSync(settingsFile)) settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as CaseSettings;
      else {
        const inputs = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && f !== 'README.md');
        if (inputs.length !== 1) throw new Error(`corpus case ${name} should hold one input file or a case.json, has ${inputs.join(', ')}`);
        settings = { input: inputs[0]! };
      }
      return { ...settings, name, dir, args: settings.args ?? [], text: readFileSync(join(dir, settings.input), 'utf8') };
    });
}

export function corpusCase(name: string): CorpusCase {
  const c = corpusCases().find((x) => x.name === name);
  if (!c) throw new Error(`no corpus case ${name}`);
  return c;
}

export interface MigrationCase {
  name: string;
  dir: string;
  /** The input, relative to the case directory (it may be another case's). */
  input: string;
  /** `--from P --to Q` and whatever else the migration takes. */
  args: string[];
  /** Where it runs from (a pipeline finds its data relative to it): the case directory unless case.json says. */
  cwd: string;
}

/** Each case: a case.json naming the input, the arguments and maybe the directory to run from; expected/ holds the artifacts and both reports. */
export function migrationCases(): MigrationCase[] {
  return readdirSync(MIGRATIONS)
    .filter((name) => statSync(join(MIGRATIONS, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(MIGRATIONS, name);
      const settings = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { input: string; args: string[]; cwd?: string };
      return { name, dir, input: settings.input, args: settings.args, cwd: join(dir, settings.cwd ?? '.') };
    });
}
