// pegasus.properties: a Java properties file. wfc reads where the catalogs are and how data moves
// (`pegasus.data.configuration`); the rest configures the planner and is reported as not carried.

export type Properties = Map<string, string>;

/** `key = value`, `key: value` or `key value`; `#` and `!` start comments; a trailing `\` continues a line. */
export function readProperties(text: string): Properties {
  const out: Properties = new Map();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const m = /^((?:[^\s=:\\]|\\.)+)\s*(?:[=:]\s*|\s+|$)(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[1]!.replace(/\\(.)/g, '$1'), m[2]!.trimEnd());
  }
  return out;
}

/** Properties wfc understands; others are listed as not carried. */
export const UNDERSTOOD_PROPERTIES = new Set([
  'pegasus.catalog.replica',
  'pegasus.catalog.replica.file',
  'pegasus.catalog.transformation',
  'pegasus.catalog.transformation.file',
  'pegasus.catalog.site',
  'pegasus.catalog.site.file',
  'pegasus.data.configuration',
]);
