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
    format: 'ir',
    title: 'wfc IR (JSON)',
    extensions: ['.ir.json'],
    // wfc writes keys sorted, so `"wfc": 1` is the last key of the document.
    sniff: (text) => /"wfc"\s*:\s*1\s*}\s*$/.test(text.slice(-256)) || /^\s*{\s*"wfc"\s*:\s*1\b/.test(text),
    load: async () => (await import('./ir/index.js')).parseIr,
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
