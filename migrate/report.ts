// The migration report, as data and as Markdown. Built from the rows of migrateWorkflow, the loss
// ledger and the unified diff of the artifacts before and after.

import type { Loss } from '../ir/types.js';
import type { Decision, MappedSetting } from './settings.js';
import type { Renamed } from './workflow.js';

export interface MigrationReport {
  input: string;
  from: { provider: string; targets: string[]; format: string };
  to: { provider: string; targets: string[]; format: string };
  mapped: MappedSetting[];
  noEquivalent: Decision[];
  renamed: Renamed[];
  losses: Loss[];
  /** Artifact paths, each with its status. */
  artifacts: { path: string; status: 'added' | 'removed' | 'changed' | 'unchanged' }[];
  /** Unified diff of the artifacts, before → after. */
  diff: string;
}

/** Markdown table cells: pipes escaped, line breaks folded, code spans where values are literal. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const t = cell(text);
  const ticks = t.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${t}${ticks === '``' ? ' ' : ''}${ticks}`;
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_none_\n';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

export function renderMarkdown(r: MigrationReport): string {
  const fence = '`'.repeat(Math.max(3, ...[...r.diff.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const parts = [
    `# Migration of ${cell(r.input)}: ${r.from.provider} → ${r.to.provider}`,
    '',
    `${r.from.targets.length === 1 ? 'Target' : 'Targets'} ${r.from.targets.map(code).join(', ')} (${r.from.provider}, written as ${r.from.format}) ${r.from.targets.length === 1 ? 'becomes' : 'become'} ${r.to.targets.map(code).join(', ')} (${r.to.provider}, written as ${r.to.format}).`,
    `${r.mapped.length} settings mapped, ${r.noEquivalent.length} without equivalent, ${r.losses.length} losses, ${r.artifacts.filter((a) => a.status !== 'unchanged').length} of ${r.artifacts.length} artifacts changed.`,
    '',
    '## Mapped settings',
    '',
    table(['where', r.from.provider, r.to.provider], r.mapped.map((m) => [cell(m.scope), code(m.from), code(m.to)])),
    '## No equivalent: decisions to make',
    '',
    table(['where', 'setting', 'decision'], r.noEquivalent.map((d) => [cell(d.scope), code(d.setting), cell(d.decision)])),
    '## Renamed',
    '',
    table(['kind', 'from', 'to'], r.renamed.map((x) => [x.kind, code(x.from), code(x.to)])),
    '## Loss ledger',
    '',
    table(['severity', 'stage', 'construct', 'reason'], r.losses.map((l) => [l.severity, l.stage, cell(l.construct), cell(l.reason)])),
    '## Artifacts',
    '',
    table(['file', 'status'], r.artifacts.map((a) => [code(a.path), a.status])),
    '## Diff',
    '',
    r.diff === '' ? '_no differences_\n' : `${fence}diff\n${r.diff}${r.diff.endsWith('\n') ? '' : '\n'}${fence}\n`,
  ];
  return parts.join('\n');
}

export function renderJson(r: MigrationReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
