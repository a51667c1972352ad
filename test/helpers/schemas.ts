// Official schemas from ../shared/schemas, loaded for ajv the way their READMEs say.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { SHARED } from './paths.js';

let pegasus: Ajv | undefined;

/** Pegasus 5: YAML schemas that refer to each other by file name; ajv needs unicodeRegExp off. */
function pegasusAjv(): Ajv {
  if (!pegasus) {
    pegasus = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true, validateFormats: false });
    for (const file of ['common.yml', 'wf-5.0.yml', 'rc-5.0.yml', 'tc-5.0.yml', 'sc-5.0.yml']) {
      const schema = parseYaml(readFileSync(join(SHARED, 'schemas/pegasus', file), 'utf8')) as Record<string, unknown>;
      pegasus.addSchema({ ...schema, $id: file });
    }
  }
  return pegasus;
}

export function pegasusSchema(file: 'wf-5.0.yml' | 'rc-5.0.yml' | 'tc-5.0.yml' | 'sc-5.0.yml'): ValidateFunction {
  return pegasusAjv().getSchema(file)!;
}

const wfformat = new Map<string, ValidateFunction>();

export function wfformatSchema(version: '1.4' | '1.5'): ValidateFunction {
  let v = wfformat.get(version);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(SHARED, `schemas/wfformat/wfcommons-schema-${version}.json`), 'utf8')) as Record<string, unknown>;
    delete schema.$schema; // "http://json-schema.org/schema#" is not a dialect ajv knows; the keywords are draft-04/07 alike
    v = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    wfformat.set(version, v);
  }
  return v;
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 5), null, 2);
}
