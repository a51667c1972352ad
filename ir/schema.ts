// JSON Schema (draft-07) of the IR in types.ts. Any IR read from disk is checked against it.
// Keep it in step with types.ts: test/ir validates every frontend's output with it.

const str = { type: 'string' } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const strList = { type: 'array', items: str } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const dataKind = { enum: ['file', 'dir', 'value'] } as const;

const span = {
  type: 'object',
  required: ['file', 'line', 'column'],
  additionalProperties: false,
  properties: {
    file: str,
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
} as const;

const portRef = {
  type: 'object',
  required: ['step', 'port'],
  additionalProperties: false,
  properties: { step: nonEmpty, port: nonEmpty },
} as const;

const portSource = {
  oneOf: [
    portRef,
    { type: 'object', required: ['input'], additionalProperties: false, properties: { input: nonEmpty } },
  ],
} as const;

const port = {
  type: 'object',
  required: ['name', 'kind', 'cardinality'],
  additionalProperties: false,
  properties: {
    name: nonEmpty,
    kind: dataKind,
    pattern: str,
    cardinality: { enum: ['one', 'many'] },
    from: { type: 'array', items: portSource },
    optional: { type: 'boolean' },
  },
} as const;

const argPart = {
  oneOf: ['text', 'input', 'output', 'domain', 'param'].map((key) => ({
    type: 'object',
    required: [key],
    additionalProperties: false,
    properties: { [key]: str },
  })),
};

const command = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'program', 'args'],
      additionalProperties: false,
      properties: { kind: { const: 'tool' }, program: nonEmpty, args: { type: 'array', items: argPart } },
    },
    {
      type: 'object',
      required: ['kind', 'dialect', 'text'],
      additionalProperties: false,
      properties: { kind: { const: 'script' }, dialect: nonEmpty, text: str },
    },
  ],
};

const resources = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cpus: positive,
    memoryBytes: nonNegative,
    diskBytes: nonNegative,
    gpus: nonNegative,
    gpuType: str,
    walltimeSeconds: nonNegative,
    retryScaling: {
      type: 'object',
      additionalProperties: false,
      properties: { memory: positive, walltime: positive },
    },
  },
} as const;

const environment = {
  type: 'object',
  additionalProperties: false,
  properties: {
    container: {
      type: 'object',
      required: ['image'],
      additionalProperties: false,
      properties: { image: nonEmpty, runtime: { enum: ['docker', 'singularity', 'apptainer', 'podman'] } },
    },
    conda: str,
    modules: strList,
    env: { type: 'object', additionalProperties: str },
    mounts: { type: 'object', additionalProperties: str },
  },
} as const;

const placement = {
  type: 'object',
  required: ['provider'],
  additionalProperties: false,
  properties: { provider: { enum: ['slurm', 'kubernetes', 'fargate'] }, partition: nonEmpty, account: nonEmpty, qos: nonEmpty, node: nonEmpty },
} as const;

const step = {
  type: 'object',
  required: ['id', 'name', 'inputs', 'outputs', 'fanout', 'resources', 'environment', 'labels'],
  additionalProperties: false,
  properties: {
    id: nonEmpty,
    name: str,
    description: str,
    command,
    inputs: { type: 'array', items: port },
    outputs: { type: 'array', items: port },
    fanout: strList,
    resources,
    environment,
    labels: strList,
    when: str,
    retries: { type: 'integer', minimum: 0 },
    resourceClass: nonEmpty,
    placement,
    span,
  },
};

const domain = {
  type: 'object',
  required: ['id', 'origin'],
  additionalProperties: false,
  properties: {
    id: nonEmpty,
    values: strList,
    param: nonEmpty,
    origin: { enum: ['sketch', 'config', 'samplesheet', 'glob', 'trace', 'ir'] },
    span,
  },
} as const;

const dataItem = {
  type: 'object',
  required: ['id', 'name', 'kind'],
  additionalProperties: false,
  properties: { id: nonEmpty, name: str, kind: dataKind, pattern: str, span },
} as const;

const observed = {
  type: 'object',
  additionalProperties: false,
  properties: {
    runtimeSeconds: { type: 'number' },
    executedAt: str,
    coreCount: { type: 'number' },
    avgCPU: { type: 'number' },
    readBytes: { type: 'number' },
    writtenBytes: { type: 'number' },
    memoryBytes: { type: 'number' },
    energyKWh: { type: 'number' },
    avgPowerW: { type: 'number' },
    priority: { type: 'number' },
    machines: strList,
  },
} as const;

const job = {
  type: 'object',
  required: ['id', 'step', 'binding', 'inputs', 'outputs', 'after'],
  additionalProperties: false,
  properties: {
    id: nonEmpty,
    step: nonEmpty,
    name: str,
    binding: { type: 'object', additionalProperties: str },
    inputs: strList,
    outputs: strList,
    after: strList,
    command: {
      oneOf: [
        { type: 'object', required: ['argv'], additionalProperties: false, properties: { argv: { type: 'array', items: str, minItems: 1 } } },
        { type: 'object', required: ['script'], additionalProperties: false, properties: { script: str } },
      ],
    },
    resources,
    resourceClass: nonEmpty,
    placement,
    observed,
  },
};

const fileEntry = {
  type: 'object',
  required: ['id', 'kind'],
  additionalProperties: false,
  properties: {
    id: nonEmpty,
    kind: dataKind,
    sizeBytes: nonNegative,
    temporary: { type: 'boolean' },
    protected: { type: 'boolean' },
    origin: { enum: ['disk', 'declared', 'trace'] },
    role: { enum: ['input', 'intermediate', 'output'] },
    stageIn: { type: 'boolean' },
    stageOut: { type: 'boolean' },
    cleanup: { type: 'boolean' },
  },
} as const;

const resourceClass = {
  type: 'object',
  required: ['id', 'resources'],
  additionalProperties: false,
  properties: { id: nonEmpty, resources },
} as const;

const cluster = {
  type: 'object',
  required: ['id', 'kind', 'jobs'],
  additionalProperties: false,
  properties: { id: nonEmpty, kind: { enum: ['horizontal', 'label'] }, jobs: { type: 'array', items: nonEmpty, minItems: 1 } },
} as const;

const machine = {
  type: 'object',
  required: ['nodeName'],
  additionalProperties: false,
  properties: {
    nodeName: str,
    system: str,
    architecture: str,
    release: str,
    memoryBytes: { type: 'number' },
    cpu: {
      type: 'object',
      additionalProperties: false,
      properties: { coreCount: { type: 'number' }, speedMHz: { type: 'number' }, vendor: str },
    },
  },
} as const;

const provenance = {
  type: 'object',
  additionalProperties: false,
  properties: {
    createdAt: str,
    executedAt: str,
    makespanSeconds: { type: 'number' },
    author: {
      type: 'object',
      required: ['name', 'email'],
      additionalProperties: false,
      properties: { name: str, email: str, institution: str, country: str },
    },
    runtimeSystem: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: str, version: str, url: str },
    },
    machines: { type: 'array', items: machine },
    extra: { type: 'object' },
  },
} as const;

const settings = { type: 'object' } as const;

const deployment = {
  type: 'object',
  required: ['targets', 'overlays'],
  additionalProperties: false,
  properties: {
    targets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'provider', 'settings'],
        additionalProperties: false,
        properties: { name: nonEmpty, provider: nonEmpty, overlay: nonEmpty, settings },
      },
    },
    overlays: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'resources', 'targets'],
        additionalProperties: false,
        properties: {
          name: nonEmpty,
          resources: { type: 'object', additionalProperties: resources },
          targets: { type: 'object', additionalProperties: settings },
          extra: settings,
        },
      },
    },
    settings,
  },
} as const;

const loss = {
  type: 'object',
  required: ['stage', 'construct', 'reason', 'severity'],
  additionalProperties: false,
  properties: { stage: str, construct: str, reason: str, severity: { enum: ['info', 'warning', 'error'] }, span },
} as const;

export const IR_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://wfc.dev/schema/ir-1.json',
  title: 'wfc intermediate representation, version 1',
  type: 'object',
  required: ['wfc', 'name', 'params', 'domains', 'steps', 'inputs', 'outputs', 'jobs', 'files', 'targets', 'source', 'losses'],
  additionalProperties: false,
  properties: {
    wfc: { const: 1 },
    name: nonEmpty,
    description: str,
    params: { type: 'object' },
    domains: { type: 'array', items: domain },
    steps: { type: 'array', items: step },
    inputs: { type: 'array', items: dataItem },
    outputs: { type: 'array', items: portRef },
    jobs: { type: 'array', items: job },
    files: { type: 'array', items: fileEntry },
    targets: strList,
    source: {
      type: 'object',
      required: ['format', 'files'],
      additionalProperties: false,
      properties: { format: nonEmpty, files: strList },
    },
    provenance,
    resourceClasses: { type: 'array', items: resourceClass },
    staging: {
      type: 'object',
      required: ['mode'],
      additionalProperties: false,
      properties: { mode: { enum: ['shared', 'condorio', 'nonsharedfs', 'pvc'] } },
    },
    clusters: { type: 'array', items: cluster },
    deployment,
    losses: { type: 'array', items: loss },
  },
};
