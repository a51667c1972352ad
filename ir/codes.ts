// Every diagnostic code wfc can emit, with what it means and the usual way out.
// Codes are stable: users grep for them, CI filters on them. Never renumber; retire instead.
// `wfc explain <code>` prints the entry.

export interface CodeInfo {
  title: string;
  hint?: string;
}

export const CODES = {
  // --- command line and input files -------------------------------------------------------------
  WFC001: { title: 'input format not recognised', hint: 'name the format with --from (see `wfc convert --help`)' },
  WFC002: { title: 'input file cannot be read', hint: 'check the path and its permissions' },
  WFC003: { title: 'unknown target', hint: 'targets: see `wfc convert --help`' },
  WFC004: { title: 'output already exists', hint: 'pass --force to overwrite, or choose another --out' },
  WFC005: { title: 'output differs from the files on disk', hint: 'run the same command without --check to update them' },
  WFC006: { title: 'bad --param', hint: 'write --param NAME=VALUE, e.g. --param N=16' },
  WFC007: { title: 'something was lost in translation and --fail-on-loss is set', hint: 'read the loss ledger above; drop --fail-on-loss to accept it' },
  WFC008: { title: 'output path escapes the output directory', hint: 'rename the step or file so its path stays inside --out' },
  WFC009: { title: 'bad --defaults, --site or --cluster', hint: 'see `wfc convert --help` for the shape of these files and options' },
  WFC010: { title: 'a pass needs what no earlier pass provides', hint: 'list the passes in dependency order, e.g. --passes expand,cluster,lint' },
  WFC011: { title: 'unknown pass', hint: 'see `wfc convert --passes list`' },

  // --- migration between providers ------------------------------------------------------------------
  MIG001: { title: 'the input has no target for the provider to migrate from', hint: 'name a provider the input has a target for with --from' },
  MIG002: { title: 'the new provider has no size that holds a resource class', hint: 'lower the class\'s resources, or choose another provider or cluster type' },
  MIG003: { title: 'the artifact format cannot say where the new provider runs a workflow', hint: 'choose another --format' },
  MIG004: { title: 'the report\'s format cannot be told from its name', hint: 'name it *.md for Markdown or *.json for JSON' },
  MIG005: { title: 'unknown provider', hint: 'providers: local, slurm, kubernetes, aws, gcp, htcondor' },

  // --- syntax of the container format -------------------------------------------------------------
  SYN001: { title: 'malformed JSON', hint: 'fix the JSON syntax at the position shown' },
  SYN002: { title: 'malformed XML', hint: 'fix the XML syntax at the position shown' },
  SYN003: { title: 'input is empty', hint: 'the file has no content' },
  SYN004: { title: 'malformed YAML', hint: 'fix the YAML syntax at the position shown' },

  // --- the IR read from disk -----------------------------------------------------------------------
  IR001: { title: 'document does not match the IR schema', hint: 'compare with `wfc convert <input> --to ir` output' },
  IR002: { title: 'reference to something that does not exist' },
  IR003: { title: 'duplicate id', hint: 'ids of steps, jobs, files and domains must be unique' },
  IR004: { title: 'the graph has a cycle', hint: 'a workflow must be acyclic: remove one of the edges named' },
  IR005: { title: 'unsupported IR version', hint: 'regenerate the IR with this version of wfc' },

  // --- sketches: napkin JSON, Excalidraw, draw.io ---------------------------------------------------
  NAP001: { title: 'sketch does not match the napkin schema', hint: 'see `wfc explain NAP001` and the napkin format in the README' },
  NAP002: { title: 'arrow starts nowhere', hint: "attach the arrow's start to a box or an oval" },
  NAP003: { title: 'arrow ends nowhere', hint: "attach the arrow's end to a box or an oval" },
  NAP004: { title: 'arrow joins two data boxes', hint: 'put a task (an oval) between the two boxes' },
  NAP005: { title: 'shape has no label', hint: 'write a name in the shape' },
  NAP006: { title: 'fan-out label not understood', hint: 'write (N), (4), (a, b, c) or (sample = a, b, c) after the name' },
  NAP007: { title: 'data box has more than one producer', hint: 'a file is written by one task; draw one box per task output' },
  NAP008: { title: 'the sketch has a cycle', hint: 'a workflow must be acyclic: remove one of the arrows named' },
  NAP009: { title: 'task gathers its inputs because of its name', hint: 'label the arrow `each` to run once per item instead, or `all` to make it explicit' },
  NAP010: { title: 'arrow label not understood', hint: 'arrow labels: `each`, `all`, `all N`, `gather N, M`' },
  NAP011: { title: 'unknown attribute', hint: 'attributes: cpus, mem, time, disk, gpus, container, cmd, file, retries' },
  NAP012: { title: 'bad attribute value' },
  NAP013: { title: 'shape not supported', hint: 'boxes (rectangles) are data, ovals (ellipses) are tasks, arrows are data flow' },
  NAP014: { title: 'two tasks have the same name', hint: 'give each oval its own name' },
  NAP015: { title: 'arrow from task to task: data between them is implied' },
  NAP016: { title: 'task has no command: it will run its own name with its files as arguments', hint: 'add a line `cmd: ...` to the oval' },
  NAP017: { title: 'sketch has no task', hint: 'draw at least one oval' },
  NAP018: { title: 'arrow end attached by position', hint: 'bind the arrow to the shape in the editor to make it explicit' },
  NAP019: { title: 'arrow gathers a domain the data is not scattered over' },
  NAP020: { title: 'draw.io diagram cannot be decoded', hint: 'save the diagram uncompressed (File > Properties > Compressed off)' },
  NAP021: { title: 'draw.io file has several pages: only the first is read', hint: 'move the workflow to the first page' },
  NAP022: { title: 'text not attached to any shape is ignored' },
  NAP023: { title: 'two nodes have the same id', hint: 'give each node of the napkin document its own id' },
  NAP024: { title: 'a parameter is set twice in the sketch, to different values', hint: 'keep one `NAME = VALUE` text per parameter' },

  // --- WfCommons WfFormat traces ----------------------------------------------------------------------
  WFF001: { title: 'trace does not match WfFormat', hint: 'WfFormat 1.0-1.5 is read; see https://wfcommons.org/format' },
  WFF002: { title: 'schema version not known: read as the nearest known version' },
  WFF003: { title: 'parents and children disagree: both are kept as edges' },
  WFF004: { title: 'file used by a task but not declared in `files`: size unknown' },
  WFF005: { title: 'task refers to a task that does not exist' },
  WFF006: { title: 'duplicate task id' },
  WFF007: { title: 'execution record for a task that the specification does not have' },

  // --- Pegasus 5 YAML workflows and catalogs ---------------------------------------------------------
  PGF001: { title: 'document does not match Pegasus 5 YAML', hint: 'compare with the Pegasus 5 YAML reference (wf-5.0, rc-5.0, tc-5.0, sc-5.0 schemas); quote ids that look like numbers' },
  PGF002: { title: 'workflow is not written for Pegasus 5: read as Pegasus 5 YAML', hint: 'wfc reads Pegasus 5 YAML (`pegasus: "5.0"`), as the Pegasus 5 Python API writes it' },
  PGF003: { title: 'a catalog is missing: what it would say is unknown', hint: 'put the catalog inline in the workflow, or beside it as transformations.yml, replicas.yml, sites.yml (or name the files in pegasus.properties)' },
  PGF004: { title: 'job runs a transformation the catalog does not list', hint: 'add the transformation to the transformation catalog, or correct the job\'s name, namespace or version' },
  PGF005: { title: 'an input that no job writes and the replica catalog does not list', hint: 'add it to the replica catalog (replicas.yml) with the place it is in' },
  PGF006: { title: 'dependency names a job that does not exist', hint: 'jobDependencies refer to job ids; check the spelling' },
  PGF007: { title: 'the jobs form a cycle', hint: 'a workflow must be acyclic: remove one of the dependencies named, or rename a file a job writes and reads back' },
  PGF008: { title: 'duplicate job id', hint: 'give each job its own id' },
  PGF009: { title: 'transformation catalogued for several sites: the first entry is used', hint: 'list the entry for the site the workflow runs on first' },
  PGF010: { title: 'transformation runs in a container the catalog does not define', hint: 'add the container to `containers` in the transformation catalog' },
  PGF011: { title: 'a job profile the transformation catalog overrides', hint: 'Pegasus lets the transformation catalog win: move the value to the catalog, or drop it from one of them' },

  // --- Snakemake -----------------------------------------------------------------------------------------
  SMK001: { title: 'syntax error in a Snakefile' },
  SMK002: { title: 'indentation error in a Snakefile', hint: 'indent blocks consistently, as in Python' },
  SMK003: { title: 'unsupported Python', hint: 'wfc runs the Python subset that workflows use to build their DAG; simplify this construct or report it' },
  SMK004: { title: 'a file the workflow reads cannot be read', hint: 'paths are relative to the working directory (--directory), includes to the including Snakefile' },
  SMK005: { title: 'the workflow raised a Python error while building its DAG' },
  SMK006: { title: 'config has no such key', hint: 'add it to the config file, or pass --config KEY=VALUE' },
  SMK007: { title: 'no such rule' },
  SMK008: { title: 'no rule produces a requested file', hint: 'check the file name against the rules\' output patterns' },
  SMK009: { title: 'missing input files', hint: 'create the files, or add a rule that produces them' },
  SMK010: { title: 'two rules can produce the same file', hint: 'add `ruleorder: a > b`, or make the output patterns distinct' },
  SMK011: { title: 'wildcards in input files cannot be determined from output files', hint: 'every wildcard of an input must appear in the rule\'s output' },
  SMK012: { title: 'the rules form a cycle', hint: 'a rule must not need its own output; give outputs distinct names' },
  SMK013: { title: 'target rule has wildcards', hint: 'request files instead, or give the rule a concrete output' },
  SMK014: { title: 'checkpoint output is not known yet: what depends on it stays symbolic' },
  SMK015: { title: 'directive not understood' },
  SMK016: { title: 'validation against a JSON Schema failed' },
  SMK017: { title: 'construct runs only inside Snakemake' },
  SMK018: { title: 'an input function raised an exception' },
  SMK019: { title: 'two rules have the same name', hint: 'rename one of them' },
  SMK020: { title: 'the DAG is too deep or recursive', hint: 'check for rules that can produce their own input through ever longer file names' },
  SMK021: { title: 'output, log and benchmark files of a rule carry different wildcards', hint: 'give every output, log and benchmark file of the rule the same wildcards' },

  // --- Nextflow --------------------------------------------------------------------------------------
  NF001: { title: 'syntax error in a Nextflow script or config', hint: 'the declaration is left out; compare with the Nextflow language reference' },
  NF002: { title: 'unsupported Groovy or Nextflow construct', hint: 'wfc evaluates the Groovy that pipelines use to set up their dataflow; simplify this construct or report it' },
  NF003: { title: 'an included file cannot be read', hint: 'include paths are relative to the including file; `./x` means `./x.nf` or `./x/main.nf`' },
  NF004: { title: 'no such process, workflow or function', hint: 'include it, or check the spelling' },
  NF005: { title: 'the pipeline raised an error while setting up its dataflow' },
  NF006: { title: 'no entry workflow', hint: 'add an unnamed `workflow { ... }` block, or name the workflow to run with --target' },
  NF007: { title: 'the number of tasks depends on the run: the step stays symbolic', hint: 'give the input data with --param / --params-file so that wfc can expand the tasks' },
  NF008: { title: 'no such config profile', hint: 'profiles are declared in the `profiles { }` block of nextflow.config' },
  NF009: { title: 'a file a channel factory names does not exist', hint: 'check the path and the params that build it; paths are relative to the launch directory' },
  NF010: { title: 'a config selector matches no process' },

  // --- Scalable manifests (scalable.yaml) and wfc's Dask driver beside them ---------------------------------
  SCL001: { title: 'manifest does not match the Scalable manifest schema', hint: 'top-level keys: version, project, targets, components, tasks, overlays; see the Scalable manifest documentation' },
  SCL002: { title: 'unsupported manifest version', hint: 'write `version: 1`, the only schema version Scalable reads' },
  SCL003: { title: 'a ${VAR} reference has no value', hint: 'give it with --param NAME=VALUE, or write a default: ${NAME:-value}' },
  SCL004: { title: 'a task names a component that does not exist', hint: 'add the component under `components:`, or correct the name' },
  SCL005: { title: 'a target names an overlay that does not exist', hint: 'add the overlay under `overlays:`, or correct the name' },
  SCL006: { title: 'memory not understood', hint: "write a quoted amount Dask understands, e.g. '8G' (8e9 bytes), '512MB', '16GiB'" },
  SCL007: { title: 'mount path is not absolute', hint: 'both sides of a mount are absolute paths: /host/data: /data' },
  SCL008: { title: 'Slurm walltime is not HH:MM:SS', hint: 'quote it in YAML: walltime: "02:00:00"' },
  SCL009: { title: 'tasks carry no commands: what they run is Python code the manifest does not hold' },
  SCL010: { title: 'workflow.py beside the manifest cannot be read back', hint: 'only drivers written by `wfc convert --to scalable` are read; regenerate it, or move it away' },
  SCL011: { title: "the driver's job table and the manifest disagree" },
  SCL012: { title: 'an overlay changes something the manifest does not have' },
  SCL013: { title: 'a Slurm target without comm_port', hint: 'Scalable needs comm_port (the port of its communicator) unless COMM_PORT is set where it runs' },
  SCL014: { title: 'provider not built into Scalable', hint: 'built-in providers: local, slurm, kubernetes, aws, gcp; others come from plug-ins' },

  // --- Torc workflow specs -------------------------------------------------------------------------------
  TRC001: { title: 'spec does not match the Torc workflow spec', hint: "compare with Torc's workflow specification reference; unknown fields are refused by Torc too" },
  TRC002: { title: 'a job names a file, dataset or user data the spec does not declare', hint: 'declare it under `files:` (name and path), `datasets:` or `user_data:`' },
  TRC003: { title: 'a job or action names a job the spec does not have', hint: 'jobs are named as they are after parameters are expanded' },
  TRC004: { title: 'a job uses a resource requirement the spec does not define', hint: 'define it under `resource_requirements:`' },
  TRC005: { title: 'the jobs form a cycle', hint: 'remove one of the dependencies named, or the file that closes the loop' },
  TRC006: { title: 'a parameter cannot be expanded', hint: "write a range (1:100, 0:10:2, 0.0:1.0:0.1), a list ([1,5,10], ['a','b']) or @file" },
  TRC007: { title: 'a name is defined twice', hint: 'names of jobs, files, user data, resource requirements, failure handlers and schedulers are unique' },
  TRC008: { title: 'a job or action uses a failure handler or scheduler the spec does not define', hint: 'define it under `failure_handlers:` or `slurm_schedulers:`' },
  TRC009: { title: 'workflow variables cannot be applied', hint: 'variables are identifiers with plain text values; every {name} is a variable or a parameter' },
  TRC010: { title: 'a file is written by two jobs', hint: 'a file has one producer: give each job its own output file' },
  TRC011: { title: 'a regex is invalid or matches nothing', hint: 'regexes are searched in names after parameters are expanded' },

  // --- expansion to concrete jobs ---------------------------------------------------------------------
  EXP001: { title: 'fan-out has no size', hint: 'give the size with --param NAME=COUNT, or write `NAME = COUNT` in the sketch' },
  EXP002: { title: 'parameter cannot size a fan-out', hint: 'give a whole number, or a list of item names' },
  EXP003: { title: 'pattern refers to something unknown' },
  EXP004: { title: 'expansion is too large', hint: 'lower the fan-out sizes; wfc stops at 10,000,000 jobs' },

  // --- lint: the review checklist ---------------------------------------------------------------------
  LINT001: { title: 'duplicate id' },
  LINT002: { title: 'the job graph has a cycle', hint: 'remove one of the dependencies named' },
  LINT003: { title: 'a job reads and writes the same file', hint: 'write to a new file name instead of updating in place' },
  LINT004: { title: 'a file has more than one producer', hint: 'give each job its own output file' },
  LINT005: { title: 'an input is neither produced nor declared' },
  LINT006: { title: 'reference to something that does not exist' },
  LINT007: { title: 'step has no command' },
  LINT008: { title: 'step has no container, and the target runs every step in one', hint: 'give the step a container image (napkin `container:`, Snakemake `container:`, Nextflow `container`)' },
  LINT009: { title: 'a command names a file the job neither reads nor writes', hint: 'add the file to the job\'s inputs or outputs, or the engine will not stage or wait for it' },
  LINT010: { title: 'a job writes outside the working area', hint: 'write outputs under the workflow\'s directory (no `..` climbing out of it, no absolute path); copy results elsewhere in a later step' },

  // --- resources, staging, clustering, providers ---------------------------------------------------------
  LIFT001: { title: 'a label and a step\'s own directive ask for different resources; the directive wins' },
  STG001: { title: 'an input that no job writes and nothing declares', hint: 'declare it as a workflow input, make sure it exists when the workflow is read, or add the job that makes it' },
  STG002: { title: 'a remote input on a target without stage-in', hint: 'download it first and refer to the local copy' },
  CLU001: { title: 'jobs of one group cannot run as one unit without a cycle; they run apart', hint: 'a group must not have a path that leaves it and comes back' },
  MAP001: { title: 'a job fits no partition or node of the site', hint: 'lower the job\'s resources, or add a partition or node size that fits to the site file' },
  MAP002: { title: 'resources rounded up to what the provider accepts' },

  // --- backends ----------------------------------------------------------------------------------------
  PEG001: { title: 'Pegasus output fails a planner check' },
  PEG002: { title: 'construct has no Pegasus equivalent' },
  WFB001: { title: 'ids renamed for WfFormat, which allows fewer characters' },
  K8S001: { title: 'a job\'s command is larger than a ConfigMap can hold (1 MiB)', hint: 'move the script into a file on the shared volume and run that file instead' },
  K8S002: { title: 'the workflow has nothing to run', hint: 'a Kubernetes workflow needs at least one step with a command or outputs' },

  // --- units -------------------------------------------------------------------------------------------
  UNIT001: { title: 'memory amount not understood', hint: 'write e.g. 16 GB, 16G, 16Gi, 16000 MB' },
  UNIT002: { title: 'duration not understood', hint: 'write e.g. 2h, 90m, 02:00:00, PT2H' },
  UNIT003: { title: 'CPU count not understood', hint: 'write a positive number, e.g. 4 or 500m' },

  // --- the compiler itself -----------------------------------------------------------------------------
  INT001: { title: 'internal error in wfc', hint: 'this is a bug in wfc; please report it with the input that caused it' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CODES, s);
}

export function hintOf(code: Code): string | undefined {
  return (CODES[code] as CodeInfo).hint;
}
