// Every pass, in the order a full pipeline runs them. Targets name the ones they need
// (backends/registry.ts); `--passes` overrides that list.

import { clusterPass } from './cluster.js';
import { expandPass } from './expand.js';
import { inferStagingPass } from './infer-staging.js';
import { liftResourcesPass } from './lift-resources.js';
import { lintPass } from './lint.js';
import { mapProviderPass } from './map-provider.js';
import type { Pass } from './pass.js';

export const PASSES: readonly Pass[] = [expandPass, liftResourcesPass, inferStagingPass, clusterPass, mapProviderPass, lintPass];

export function passNamed(name: string): Pass | undefined {
  return PASSES.find((p) => p.name === name);
}
