// Which frontends exist and how to recognise their input. Parsers load only when used, so that
// `wfc --version` and `--help` stay fast.

import type { ParseFunction } from './types.js';

export interface FrontendEntry {
  format: string;
  title: string;
  /** File name endings, most specific first. A generic ending (.json, .xml) only suggests. */
  extensions: string[];
  /** Recognises the format from the text (looking only where its marks usually are). */
  sniff(text: string): boolean;
  load(): Promise<ParseFunction>;
}

/** Keys that identify a format sit near the top of a file. */
const head = (text: string) => text.slice(0, 64 * 1024);

export const FRONTENDS: FrontendEntry[] = [
  {
    format: 'napkin',
    title: 'napkin sketch (wfc JSON)',
    extensions: ['.napkin.json', '.napkin'],
    sniff: (text) => /"napkin"\s*:\s*\d/.test(head(text)),
    load: async () => (await import('./napkin/index.js')).parseNapkin,
  },
  {
    format: 'excalidraw',
    title: 'Excalidraw scene',
    extensions: ['.excalidraw', '.excalidraw.json'],
    sniff: (text) => /"type"\s*:\s*"excalidraw"/.test(head(text)),
    load: async () => (await import('./napkin/index.js')).parseExcalidraw,
  },
  {
    format: 'drawio',
    title: 'draw.io / diagrams.net diagram',
    extensions: ['.drawio', '.drawio.xml', '.dio'],
    sniff: (text) => /<(mxfile|mxGraphModel)[\s>]/.test(head(text)),
    load: async () => (await import('./napkin/index.js')).parseDrawio,
  },
  {
    format: 'wfformat',
    title: 'WfCommons WfFormat trace (1.0-1.5)',
    extensions: ['.wfformat.json'],
    sniff: (text) => /"schemaVersion"\s*:/.test(head(text)) && /"workflow"\s*:/.test(text),
    load: async () => (await import('./wfformat/index.js')).parseWfFormat,
  },
  {
    format: 'snakemake',
    title: 'Snakemake workflow (Snakefile, .smk)',
    extensions: ['snakefile', '.smk', '.snakefile', '.snake'],
    sniff: (text) => /^(rule|checkpoint)\s+\w*\s*:/m.test(head(text)) || /^(configfile|include)\s*:/m.test(head(text)),
    load: async () => (await import('./snakemake/index.js')).parseSnakemake,
  },
  {
    format: 'nextflow',
    title: 'Nextflow pipeline (main.nf, DSL2)',
    extensions: ['.nf'],
    sniff: (text) => /^\s*(process\s+\w+\s*\{|workflow\s*(\w+\s*)?\{|include\s*\{)/m.test(head(text)),
    load: async () => (await import('./nextflow/index.js')).parseNextflow,
  },
  {
    format: 'scalable',
    title: 'Scalable manifest (scalable.yaml, with a wfc-written workflow.py beside it)',
    extensions: ['scalable.yaml', 'scalable.yml'],
    // scalable.<target>.yaml has no ending of its own: recognised by `version: 1` beside components or
    // targets. wfc writes keys sorted, so `version: 1` may be the last line.
    sniff: (text) => /^version:[ \t]*1[ \t]*(#.*)?$/m.test(head(text) + text.slice(-256)) && /^(components|targets):/m.test(head(text)),
    load: async () => (await import('./scalable/index.js')).parseScalable,
  },
  {
    format: 'ir',
    title: 'wfc IR (JSON)',
    extensions: ['.ir.json'],
    // wfc writes keys sorted, so `"wfc": 1` is the last key of the document.
    sniff: (text) => /"wfc"\s*:\s*1\s*}\s*$/.test(text.slice(-256)) || /^\s*{\s*"wfc"\s*:\s*1\b/.test(text),
    load: async () => (await import('./ir/index.js')).parseIr,
  },
  {
    format: 'pegasus',
    title: 'Pegasus 5 YAML workflow (workflow.yml) with its catalogs',
    // workflow.yml, *.yml, *.yaml are too generic to claim: only the content says (YAML, or the JSON
    // the Python API can also write). wfc writes keys sorted, so `pegasus:` may come last.
    extensions: [],
    sniff: (text) =>
      (/^pegasus:[ \t]*["']?5(\.\d+){0,2}["']?[ \t]*(#.*)?$/m.test(text) && /^jobs:/m.test(text)) ||
      (/"pegasus"\s*:\s*"5(\.\d+){0,2}"/.test(text) && /"jobs"\s*:\s*\[/.test(text)),
    load: async () => (await import('./pegasus/index.js')).parsePegasus,
  },
  {
    format: 'torc',
    title: 'Torc workflow spec (YAML or JSON)',
    extensions: ['.torc.yaml', '.torc.yml', '.torc.json'],
    // A list of jobs with commands and something only Torc writes beside them. The whole text is
    // searched: wfc writes keys sorted, so `jobs:` follows a long `files:` list.
    sniff: (text) =>
      (/^jobs[ \t]*:[ \t]*(#.*)?\r?\n(([ \t]*#.*)?\r?\n)*[ \t]*- /m.test(text) &&
        /^[ \t]*(- )?command[ \t]*:/m.test(text) &&
        (/^(files|resource_requirements|slurm_schedulers|user_data|failure_handlers|actions|slurm_defaults|execution_config|resource_monitor|variables|datasets)[ \t]*:/m.test(text) ||
          /^[ \t]+(- )?(depends_on|input_files|output_files|invocation_script|resource_requirements)[ \t]*:|\$\{files\.(input|output)\./m.test(text))) ||
      (/"jobs"\s*:\s*\[/.test(text) && /"command"\s*:\s*"/.test(text) && /"(resource_requirements|slurm_schedulers|depends_on|input_files|output_files|invocation_script|failure_handlers|user_data)"\s*:/.test(text) && !/"wfc"\s*:\s*1\b/.test(text)),
    load: async () => (await import('./torc/index.js')).parseTorc,
  },
];

export function frontendFor(format: string): FrontendEntry | undefined {
  return FRONTENDS.find((f) => f.format === format);
}


/**
 * The format of a file: by a specific file ending first, then by content. Returns undefined when
 * nothing matches; the caller reports WFC001.
 */
export function detectFormat(path: string, text: string): FrontendEntry | undefined {
  const lower = path.toLowerCase();
  const byExtension = FRONTENDS.find((f) => f.extensions.some((e) => lower.endsWith(e)));
  if (byExtension) return byExtension;
  return FRONTENDS.find((f) => f.sniff(text));
}
