// The documents of a Pegasus 5 workflow: workflow.yml and its three catalogs, each inline in the
// workflow or in a file beside it (the names pegasus.properties gives, or Pegasus's defaults
// replicas.yml, transformations.yml, sites.yml). Every document is checked against our schema
// before anything trusts its shape; every entry keeps the document it came from, for positions.

import * as posix from 'node:path/posix';
import type { Code } from '../../ir/codes.js';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { JsonDocument } from '../common/json.js';
import { checkAgainstSchema } from '../common/schema-check.js';
import type { FrontendHost, SourceFile } from '../types.js';
import { readProperties, type Properties } from './properties.js';
import { readYaml } from './read-yaml.js';
import { REPLICA_CATALOG_SCHEMA, SITE_CATALOG_SCHEMA, TRANSFORMATION_CATALOG_SCHEMA, WORKFLOW_SCHEMA } from './schema.js';

export type Scalar = string | number | boolean;
export type Namespace = 'env' | 'condor' | 'globus' | 'dagman' | 'pegasus' | 'hints' | 'selector';
export type Profiles = Partial<Record<Namespace, Record<string, Scalar>>>;
export type Metadata = Record<string, Scalar>;
export interface Hooks {
  shell?: { _on: string; cmd: string }[];
}

export interface PegasusUse {
  lfn: string;
  type: 'none' | 'input' | 'output' | 'inout' | 'checkpoint';
  stageOut?: boolean;
  registerReplica?: boolean;
  optional?: boolean;
  size?: string | number;
  metadata?: Metadata;
  executable?: boolean;
  bypass?: boolean;
  forPlanning?: boolean;
}

export interface PegasusJob {
  type: 'job' | 'pegasusWorkflow' | 'condorWorkflow';
  id: string;
  name?: string;
  namespace?: string;
  version?: string;
  file?: string;
  nodeLabel?: string;
  arguments?: (string | number)[];
  stdin?: string;
  stdout?: string;
  stderr?: string;
  uses?: PegasusUse[];
  profiles?: Profiles;
  hooks?: Hooks;
  metadata?: Metadata;
}

export interface PegasusWorkflow {
  pegasus: string;
  name: string;
  version?: string;
  jobs: PegasusJob[];
  jobDependencies?: { id: string; children?: string[] }[];
  siteCatalog?: SiteCatalog | { $ref: string };
  replicaCatalog?: ReplicaCatalog;
  transformationCatalog?: TransformationCatalog;
  profiles?: Profiles;
  hooks?: Hooks;
  metadata?: Metadata;
}

export interface Replica {
  lfn: string;
  pfns: { site: string; pfn: string }[];
  regex?: boolean;
  checksum?: Record<string, string>;
  metadata?: Metadata;
}
export interface ReplicaCatalog {
  replicas: Replica[];
}

export interface TransformationSite {
  name: string;
  pfn: string;
  type: 'stageable' | 'installed';
  arch?: string;
  'os.type'?: string;
  'os.release'?: string;
  'os.version'?: string;
  container?: string;
  profiles?: Profiles;
  metadata?: Metadata;
  bypass?: boolean;
}
export interface Transformation {
  namespace?: string;
  name: string;
  version?: string;
  sites: TransformationSite[];
  profiles?: Profiles;
  hooks?: Hooks;
  metadata?: Metadata;
  requires?: string[];
  checksum?: Record<string, string>;
}
export interface Container {
  name: string;
  type: 'docker' | 'singularity' | 'shifter';
  image: string;
  'image.site'?: string;
  mounts?: string[];
  bypass?: boolean;
  checksum?: Record<string, string>;
  metadata?: Metadata;
  profiles?: Profiles;
}
export interface TransformationCatalog {
  transformations: Transformation[];
  containers?: Container[];
}

export interface Site {
  name: string;
  arch?: string;
  'os.type'?: string;
  'os.release'?: string;
  'os.version'?: string;
  directories?: object[];
  grids?: { type: string; contact: string; scheduler: string; jobtype?: string }[];
  profiles?: Profiles;
}
export interface SiteCatalog {
  sites: Site[];
}

/** One parsed document, with positions into its file. */
export interface Doc {
  file: string;
  locate(path: JsonPath): Span;
}

/** An entry of a catalog and where it is written. */
export interface Located<T> {
  value: T;
  doc: Doc;
  path: JsonPath;
}

export function spanOf(l: { doc: Doc; path: JsonPath }, ...more: JsonPath): Span {
  return l.doc.locate([...l.path, ...more]);
}

/** A catalog as read: its entries (inline ones first, they take precedence) and whether any was found. */
export interface CatalogEntries<T> {
  found: boolean;
  entries: Located<T>[];
}

export interface Sources {
  workflow: PegasusWorkflow;
  doc: Doc;
  /** Every file read, the workflow first. */
  files: string[];
  properties: Properties;
  replicas: CatalogEntries<Replica>;
  transformations: CatalogEntries<Transformation>;
  containers: CatalogEntries<Container>;
  sites: CatalogEntries<Site>;
}

const CATALOGS = {
  replica: { property: 'pegasus.catalog.replica', fallback: 'replicas.yml', schema: REPLICA_CATALOG_SCHEMA },
  transformation: { property: 'pegasus.catalog.transformation', fallback: 'transformations.yml', schema: TRANSFORMATION_CATALOG_SCHEMA },
  site: { property: 'pegasus.catalog.site', fallback: 'sites.yml', schema: SITE_CATALOG_SCHEMA },
} as const;

/** A path the workflow names, relative to the workflow file's directory (where the planner runs). */
export function beside(workflowPath: string, path: string): string {
  const p = path.replace(/^file:\/\//, '').replace(/^\$\{PWD\}\/|^\$PWD\//, '');
  if (p.startsWith('/')) return p;
  const dir = posix.dirname(workflowPath.replace(/\\/g, '/'));
  return dir === '.' ? p : posix.join(dir, p);
}

function parseChecked(file: SourceFile, schema: object, code: Code, bag: DiagnosticBag): JsonDocument | undefined {
  const doc = readYaml(file, bag);
  if (!doc) return undefined;
  if (doc.value === null || doc.value === undefined) {
    bag.error('SYN003', `${file.path} is empty`, { file: file.path, line: 1, column: 1 });
    return undefined;
  }
  return checkAgainstSchema(schema, doc, bag, code) ? doc : undefined;
}

export function readSources(file: SourceFile, host: FrontendHost, bag: DiagnosticBag): Sources | undefined {
  const doc = parseChecked(file, WORKFLOW_SCHEMA, 'PGF001', bag);
  if (!doc) return undefined;
  const workflow = doc.value as PegasusWorkflow;
  const wfDoc: Doc = { file: file.path, locate: doc.locate };
  if (!/^5(\.|$)/.test(workflow.pegasus)) {
    bag.warning('PGF002', `the workflow is written for Pegasus ${workflow.pegasus}; wfc reads Pegasus 5 YAML`, doc.locate(['pegasus']));
  }
  const files = [file.path];
  const propertiesPath = beside(file.path, 'pegasus.properties');
  const propertiesText = host.readFile(propertiesPath);
  const properties = propertiesText === undefined ? new Map<string, string>() : readProperties(propertiesText);
  if (propertiesText !== undefined) files.push(propertiesPath);

  /** A catalog's documents: inline in the workflow, and the file beside it. */
  const documents = (kind: keyof typeof CATALOGS, inline: unknown, inlineKey: string): CatalogDocs => {
    const docs: CatalogDocs = [];
    if (inline && typeof inline === 'object' && !isRef(inline)) docs.push({ value: inline as Record<string, unknown>, doc: wfDoc, path: [inlineKey] });
    const spec = CATALOGS[kind];
    // Pegasus also keeps catalogs in older text formats and databases; wfc reads the YAML ones.
    const type = properties.get(spec.property);
    if (type !== undefined && type.toUpperCase() !== 'YAML') {
      bag.warning('PGF003', `the ${kind} catalog is of type ${type}, which wfc does not read; only YAML catalogs are`, propertySpan(propertiesPath, propertiesText!, spec.property));
      return docs;
    }
    const named = properties.get(`${spec.property}.file`);
    const path = beside(file.path, named ?? (isRef(inline) ? inline.$ref : spec.fallback));
    const text = host.readFile(path);
    if (text === undefined) {
      if (named !== undefined) bag.warning('PGF003', `pegasus.properties names ${named} as the ${kind} catalog, but ${path} cannot be read`, propertySpan(propertiesPath, propertiesText!, `${spec.property}.file`));
      return docs;
    }
    if (!files.includes(path)) files.push(path);
    const parsed = parseChecked({ path, text }, spec.schema, 'PGF001', bag);
    if (parsed) docs.push({ value: parsed.value as Record<string, unknown>, doc: { file: path, locate: parsed.locate }, path: [] });
    return docs;
  };
  const tc = documents('transformation', workflow.transformationCatalog, 'transformationCatalog');
  const rc = documents('replica', workflow.replicaCatalog, 'replicaCatalog');
  const sc = documents('site', workflow.siteCatalog, 'siteCatalog');
  return {
    workflow,
    doc: wfDoc,
    files,
    properties,
    replicas: entriesOf<Replica>(rc, 'replicas', (r) => r.lfn),
    transformations: entriesOf<Transformation>(tc, 'transformations', (t) => transformationKey(t.namespace, t.name, t.version)),
    containers: entriesOf<Container>(tc, 'containers', (c) => c.name),
    sites: entriesOf<Site>(sc, 'sites', (s) => s.name),
  };
}

type CatalogDocs = { value: Record<string, unknown>; doc: Doc; path: JsonPath }[];

/** The entries of a list in a catalog's documents; an entry of the first document wins over a later one with the same key. */
function entriesOf<T>(docs: CatalogDocs, list: string, key: (t: T) => string): CatalogEntries<T> {
  const entries: Located<T>[] = [];
  const taken = new Set<string>();
  for (const d of docs) {
    const items = d.value[list];
    if (!Array.isArray(items)) continue;
    (items as T[]).forEach((value, i) => {
      const k = key(value);
      if (taken.has(k)) return;
      taken.add(k);
      entries.push({ value, doc: d.doc, path: [...d.path, list, i] });
    });
  }
  return { found: docs.length > 0, entries };
}

/** The line of pegasus.properties that sets `key`. */
function propertySpan(file: string, text: string, key: string): Span {
  const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(key));
  return { file, line: line + 1 || 1, column: 1 };
}

function isRef(v: unknown): v is { $ref: string } {
  return typeof v === 'object' && v !== null && typeof (v as { $ref?: unknown }).$ref === 'string';
}

/** Pegasus's own notation for a transformation: `namespace::name:version`, parts optional. */
export function transformationKey(namespace: string | undefined, name: string, version: string | undefined): string {
  return `${namespace ? `${namespace}::` : ''}${name}${version ? `:${version}` : ''}`;
}
