// The sketch frontends: napkin JSON, Excalidraw and draw.io, all lowered by lower.ts.

import { DiagnosticBag } from '../../ir/diagnostics.js';
import type { ParseFunction, SourceFile } from '../types.js';
import { readDrawio } from './drawio.js';
import { readExcalidraw } from './excalidraw.js';
import { lowerSketch } from './lower.js';
import { readNapkinJson } from './napkin-json.js';
import type { Sketch } from './sketch.js';

type Reader = (file: SourceFile, bag: DiagnosticBag) => Sketch | undefined;

function sketchFrontend(format: string, read: Reader): ParseFunction {
  return (file, options) => {
    const bag = new DiagnosticBag();
    const sketch = read(file, bag);
    const wf = sketch && lowerSketch(sketch, file, format, options, bag);
    return bag.hasErrors || !wf ? { diagnostics: bag.items } : { value: wf, diagnostics: bag.items };
  };
}

export const parseNapkin = sketchFrontend('napkin', readNapkinJson);
export const parseExcalidraw = sketchFrontend('excalidraw', readExcalidraw);
export const parseDrawio = sketchFrontend('drawio', readDrawio);
