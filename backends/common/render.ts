// Renders nunjucks templates for script-like output. Every value a template places into a shell
// script goes through the `shq` filter (the one quoting helper in ir/shell.ts).

import nunjucks from 'nunjucks';
import { shJoin, shq } from '../../ir/shell.js';

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
env.addFilter('shq', (v: unknown) => shq(String(v)));
env.addFilter('shjoin', (v: unknown) => shJoin((v as unknown[]).map(String)));

const compiled = new Map<string, nunjucks.Template>();

export function render(source: string, context: object): string {
  let template = compiled.get(source);
  if (!template) {
    template = nunjucks.compile(source, env);
    compiled.set(source, template);
  }
  return template.render(context);
}
