// The shape of Pegasus 5 YAML documents, as wfc reads them: the workflow (with optional inline
// catalogs) and the three catalogs in their own files. Written for wfc from the Pegasus 5 reference;
// it is a little more lenient than the official schemas where the Pegasus Python API itself writes
// documents they reject (inline catalogs without `pegasus`, boolean profile values) and where the
// planner fills in defaults (`arguments` and `uses` may be left out).

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;
const version = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+(\\.[0-9]+)?)?$' } as const;
/** The planner's rule for job ids; a YAML number (an unquoted `0000008`) is not one. */
const nodeId = { type: 'string', pattern: '^[-0-9a-zA-Z_]+$' } as const;
const vendor = { '^x-': {} } as const;

/** An object with these properties, nothing else but `x-` vendor extensions. */
function closed(properties: Record<string, object>, required: string[] = []): object {
  return { type: 'object', required, additionalProperties: false, properties, patternProperties: vendor };
}

const metadata = { type: 'object', additionalProperties: scalar } as const;
const checksum = closed({ sha256: str });
const namespace = { type: 'object', additionalProperties: scalar } as const;
const profiles = closed({ env: namespace, condor: namespace, globus: namespace, dagman: namespace, pegasus: namespace, hints: namespace, selector: namespace });
const hooks = closed({ shell: { type: 'array', items: closed({ _on: { enum: ['never', 'start', 'error', 'success', 'end', 'all'] }, cmd: str }, ['_on', 'cmd']) } });
const arch = { enum: ['x86', 'x86_64', 'ppc', 'ppc_64', 'ppc64le', 'ia64', 'sparcv7', 'sparcv9', 'amd64', 'aarch64'] } as const;
const osType = { enum: ['linux', 'sunos', 'macosx', 'aix', 'windows'] } as const;

const use = closed(
  {
    lfn: str,
    type: { enum: ['none', 'input', 'output', 'inout', 'checkpoint'] },
    stageOut: bool,
    registerReplica: bool,
    optional: bool,
    size: { type: ['string', 'number'] },
    metadata,
    namespace: str,
    version,
    executable: bool,
    bypass: bool,
    forPlanning: bool,
  },
  ['lfn', 'type'],
);

const job = {
  ...closed(
    {
      type: { enum: ['job', 'pegasusWorkflow', 'condorWorkflow'] },
      id: nodeId,
      name: str,
      namespace: str,
      version,
      file: str,
      nodeLabel: str,
      arguments: { type: 'array', items: { type: ['string', 'number'] } },
      stdin: str,
      stdout: str,
      stderr: str,
      uses: { type: 'array', items: use },
      profiles,
      hooks,
      metadata,
    },
    ['id', 'type'],
  ),
  allOf: [
    { if: { properties: { type: { const: 'job' } } }, then: { required: ['name'] } },
    { if: { properties: { type: { enum: ['pegasusWorkflow', 'condorWorkflow'] } } }, then: { required: ['file'] } },
  ],
};

const replica = closed(
  {
    lfn: str,
    pfns: { type: 'array', items: closed({ site: str, pfn: str }, ['site', 'pfn']) },
    regex: bool,
    checksum,
    metadata,
  },
  ['lfn', 'pfns'],
);

const transformationSite = closed(
  {
    name: str,
    pfn: str,
    type: { enum: ['stageable', 'installed'] },
    arch,
    'os.type': osType,
    'os.release': str,
    'os.version': version,
    container: str,
    bypass: bool,
    profiles,
    metadata,
  },
  ['name', 'pfn', 'type'],
);

const transformation = closed(
  {
    namespace: str,
    name: str,
    version: str,
    sites: { type: 'array', minItems: 1, items: transformationSite },
    profiles,
    hooks,
    metadata,
    requires: { type: 'array', items: str },
    checksum,
  },
  ['name', 'sites'],
);

const container = closed(
  {
    name: str,
    type: { enum: ['docker', 'singularity', 'shifter'] },
    image: str,
    'image.site': str,
    mounts: { type: 'array', items: str },
    bypass: bool,
    checksum,
    metadata,
    profiles,
  },
  ['name', 'type', 'image'],
);

const site = closed(
  {
    name: str,
    arch,
    'os.type': osType,
    'os.release': str,
    'os.version': version,
    directories: {
      type: 'array',
      items: closed(
        {
          type: { enum: ['sharedScratch', 'sharedStorage', 'localScratch', 'localStorage'] },
          path: str,
          sharedFileSystem: bool,
          freeSize: str,
          totalSize: str,
          fileServers: { type: 'array', items: closed({ url: str, operation: { enum: ['all', 'put', 'get'] }, profiles }, ['url']) },
        },
        ['type', 'fileServers'],
      ),
    },
    grids: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'contact', 'scheduler'],
        properties: {
          type: { enum: ['gt5', 'condor', 'cream', 'batch', 'nordugrid', 'unicore', 'ec2', 'deltacloud', 'sfapi'] },
          contact: str,
          scheduler: { enum: ['fork', 'pbs', 'lsf', 'condor', 'sge', 'slurm', 'flux', 'unknown'] },
          jobtype: { enum: ['compute', 'auxillary', 'transfer', 'register', 'cleanup'] },
        },
      },
    },
    profiles,
  },
  ['name'],
);

/** A catalog, inline in the workflow (`pegasus` optional) or in its own file (`pegasus` required). */
function catalog(properties: Record<string, object>, required: string[], standalone: boolean): object {
  return closed({ pegasus: version, ...properties }, standalone ? ['pegasus', ...required] : required);
}

const replicas = (standalone: boolean) => catalog({ replicas: { type: 'array', items: replica } }, ['replicas'], standalone);
const transformations = (standalone: boolean) =>
  catalog({ transformations: { type: 'array', items: transformation }, containers: { type: 'array', items: container } }, ['transformations'], standalone);
const sites = (standalone: boolean) => catalog({ sites: { type: 'array', items: site } }, ['sites'], standalone);

export const WORKFLOW_SCHEMA = closed(
  {
    pegasus: version,
    name: str,
    version,
    jobs: { type: 'array', minItems: 1, items: job },
    jobDependencies: { type: 'array', items: closed({ id: nodeId, children: { type: 'array', items: nodeId } }, ['id']) },
    // Inline, or a reference to a site catalog file.
    siteCatalog: { if: { type: 'object', required: ['$ref'] }, then: closed({ $ref: str }, ['$ref']), else: sites(false) },
    replicaCatalog: replicas(false),
    transformationCatalog: transformations(false),
    profiles,
    hooks,
    metadata,
  },
  ['pegasus', 'name', 'jobs'],
);

export const REPLICA_CATALOG_SCHEMA = replicas(true);
export const TRANSFORMATION_CATALOG_SCHEMA = transformations(true);
export const SITE_CATALOG_SCHEMA = sites(true);
