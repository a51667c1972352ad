// Official schemas from ../shared/schemas, loaded for ajv the way their READMEs say.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Ajv2020 } from 'ajv/dist/2020.js';
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

let torc: ValidateFunction | undefined;

/** Torc workflow specs: a JSON Schema 2020-12 rebuilt from Torc's serde model (Torc ships none); see its README. */
export function torcSchema(): ValidateFunction {
  if (!torc) {
    const schema = JSON.parse(readFileSync(join(SHARED, 'schemas/torc/torc-workflow-spec.derived.schema.json'), 'utf8')) as Record<string, unknown>;
    torc = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return torc;
}

let scalable: ValidateFunction | undefined;

/** Scalable manifests: a JSON Schema 2020-12 rebuilt from Scalable's parser and providers (Scalable ships none); see its README. */
export function scalableSchema(): ValidateFunction {
  if (!scalable) {
    const schema = JSON.parse(readFileSync(join(SHARED, 'schemas/scalable/scalable-manifest-v1.derived.schema.json'), 'utf8')) as Record<string, unknown>;
    scalable = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return scalable;
}

/** The x-kubernetes-* annotations of the Kubernetes and Argo schemas, as keywords ajv should accept. */
const KUBERNETES_KEYWORDS = ['x-kubernetes-list-type', 'x-kubernetes-patch-strategy', 'x-kubernetes-map-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions', 'x-kubernetes-group-version-kind'];

/** ajv-formats is CommonJS: its default export arrives as the module object or the function, by loader. */
function withFormats<T extends Ajv>(ajv: T): T {
  const plugin = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as unknown as (a: Ajv) => Ajv;
  plugin(ajv);
  return ajv;
}

let argo: ValidateFunction | undefined;

/** Argo Workflows v4.1.2's Workflow: draft 2020-12 (Ajv2020), ajv-formats, and Argo's own uint64 format. */
export function argoWorkflowSchema(): ValidateFunction {
  if (!argo) {
    const ajv = withFormats(new Ajv2020({ allErrors: true }));
    ajv.addVocabulary(KUBERNETES_KEYWORDS);
    ajv.addFormat('uint64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
    const schema = JSON.parse(readFileSync(join(SHARED, 'schemas/argo/v4.1.2/schema.json'), 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    argo = ajv.getSchema(`${schema.$id}#/definitions/io.argoproj.workflow.v1alpha1.Workflow`)!;
  }
  return argo;
}

const kubernetes = new Map<string, ValidateFunction>();

/** Kubernetes v1.30.10 standalone-strict schemas (no $refs, no unknown fields), with ajv-formats. */
export function kubernetesSchema(kind: 'persistentvolumeclaim-v1' | 'configmap-v1' | 'job-batch-v1'): ValidateFunction {
  let v = kubernetes.get(kind);
  if (!v) {
    const ajv = withFormats(new Ajv({ allErrors: true, allowUnionTypes: true }));
    ajv.addVocabulary(KUBERNETES_KEYWORDS);
    v = ajv.compile(JSON.parse(readFileSync(join(SHARED, `schemas/kubernetes/v1.30.10-standalone-strict/${kind}.json`), 'utf8')) as Record<string, unknown>);
    kubernetes.set(kind, v);
  }
  return v;
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 5), null, 2);
}
