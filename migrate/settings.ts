// One target's settings from one provider to another, concept by concept (see providers.ts).
// Every setting ends up either mapped (a row: from → to) or without equivalent (a row with the
// decision a person must make). Nothing is dropped without a row.

import type { JsonValue } from '../ir/types.js';
import { CONCEPTS, PROVIDER_ONLY, type Provider } from './providers.js';

export interface MappedSetting {
  /** What the setting belongs to: `target hpc`, `overlay slurm-fine`, `component demeter`. */
  scope: string;
  from: string;
  to: string;
}

export interface Decision {
  scope: string;
  setting: string;
  /** The decision a person must make, or what wfc decided and why. */
  decision: string;
}

export interface SettingsMapping {
  settings: Record<string, JsonValue>;
  mapped: MappedSetting[];
  decisions: Decision[];
}

/** Settings that group others, named with dots: Scalable's `adaptive`, the HTCondor profiles of a Pegasus site. */
const GROUPS = new Set(['adaptive', 'condor']);

/** Settings as dotted names: `{adaptive: {maximum: 10}}` → `adaptive.maximum: 10`. */
export function flatten(settings: Record<string, JsonValue>): [string, JsonValue][] {
  const out: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (GROUPS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out.push([`${key}.${k}`, v]);
    } else out.push([key, value]);
  }
  return out;
}

function setDotted(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0 || !GROUPS.has(head!)) {
    target[key] = value;
    return;
  }
  const inner = (target[head!] ??= {}) as Record<string, JsonValue>;
  setDotted(inner, rest.join('.'), value);
}

export function show(key: string, value: JsonValue): string {
  return `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/** `format`: the artifact format the new target is written in; some concepts exist only in some. */
export function mapSettings(settings: Record<string, JsonValue>, from: Provider, to: Provider, scope: string, format?: string): SettingsMapping {
  const out: SettingsMapping = { settings: {}, mapped: [], decisions: [] };
  for (const [key, value] of flatten(settings)) {
    if (key === 'provider' || key === 'overlay') continue;
    const concept = CONCEPTS.find((c) => c.spelling[from]?.keys.includes(key));
    if (concept) {
      const source = concept.spelling[from]!;
      const neutral = source.read ? source.read(value, key) : value;
      const dest = concept.spelling[to];
      if (neutral === undefined) {
        out.decisions.push({ scope, setting: show(key, value), decision: `not a valid ${concept.title} for ${from}; set ${dest ? dest.keys[0] : 'it'} by hand` });
        continue;
      }
      if (!dest) {
        out.decisions.push({ scope, setting: show(key, value), decision: concept.decision(to, value) });
        continue;
      }
      const name = dest.formats ? (format === undefined ? undefined : dest.formats[format]) : dest.keys[0]!;
      if (name === undefined) {
        const can = Object.keys(dest.formats ?? {}).join(' or ');
        out.decisions.push({ scope, setting: show(key, value), decision: `a ${to} target written as ${format ?? 'this format'} has no ${concept.title}: dropped; ${can ? `--format ${can} can say it, or ` : ''}set it in ${to} yourself` });
        continue;
      }
      const written = dest.write ? dest.write(neutral) : neutral;
      setDotted(out.settings, name, written);
      out.mapped.push({ scope, from: show(key, value), to: show(name, written) });
      continue;
    }
    if (from === to) {
      setDotted(out.settings, key, value);
      continue;
    }
    const what = PROVIDER_ONLY[from]?.[key.split('.')[0]!];
    out.decisions.push({
      scope,
      setting: show(key, value),
      decision: what ? `${to} has no equivalent of ${what}: dropped; check whether ${to} needs something in its place` : `wfc does not know this ${from} setting: dropped; carry it over by hand if ${to} has a counterpart`,
    });
  }
  return out;
}
