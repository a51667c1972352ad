// The Scalable frontend: a scalable.yaml manifest (JGCRI/scalable, schema version 1) into IR.
// The YAML is read with positions, ${VAR} references are expanded from --param, the manifest is
// checked as Scalable checks it, and components, tasks, targets and overlays are lowered. A manifest
// has no commands: when a driver wfc wrote sits beside it, its job table supplies them.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { ParseFunction } from '../types.js';
import { parseYamlDocument } from '../common/yaml.js';
import { checkManifest } from './check.js';
import { applyTable, readDriver, walltimes } from './driver.js';
import { lowerManifest } from './lower.js';
import { expandVariables } from './variables.js';

export const parseScalable: ParseFunction = (file, options, host) => {
  const bag = new DiagnosticBag();
  const doc = parseYamlDocument(file, bag);
  if (!doc) return { diagnostics: bag.items };
  const expanded = expandVariables(doc, options.params, bag);
  if (bag.hasErrors) return { diagnostics: bag.items };
  const manifest = checkManifest(expanded, doc, bag);
  if (!manifest || bag.hasErrors) return { diagnostics: bag.items };

  const driver = readDriver(file.path, host, bag);
  const { workflow, stepOf } = lowerManifest(manifest, file, doc, walltimes(driver));
  if (driver.kind === 'table') applyTable(workflow, driver, stepOf, bag);
  else if (workflow.steps.length > 0) {
    const why = driver.kind === 'absent' ? `and there is no ${driver.path} that wfc wrote beside it` : `and ${driver.path} is Python that wfc does not read (it reads back only drivers it wrote)`;
    bag.info('SCL009', `the manifest's ${workflow.steps.length} tasks carry no commands, ${why}; the steps have none`, doc.locate(['tasks']));
    workflow.losses.push({
      stage: 'frontend:scalable',
      construct: `commands and dependencies of ${workflow.steps.length === 1 ? 'the task' : `the ${workflow.steps.length} tasks`}`,
      reason: 'Scalable runs Python code that calls the tasks; a manifest does not hold it, and wfc reads only drivers it wrote',
      severity: 'warning',
      span: doc.locate(['tasks']),
    });
  }
  return bag.hasErrors ? { diagnostics: bag.items } : { value: workflow, diagnostics: bag.items };
};
