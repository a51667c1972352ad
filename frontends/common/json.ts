// JSON with positions. The fast path is JSON.parse; positions are computed only when a diagnostic
// needs one, from a syntax tree built on first use (jsonc-parser, the parser behind VS Code).

import { findNodeAtLocation, parse as parseLenient, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { DiagnosticBag } from '../../ir/diagnostics.js';
import type { Span } from '../../ir/types.js';
import type { JsonPath } from '../../ir/workflow.js';
import type { SourceFile } from '../types.js';
import { LineIndex, stripBom } from './text.js';

export interface JsonDocument {
  value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: JsonPath): Span;
}

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace } was expected',
  CloseBracketExpected: 'a closing bracket ] was expected',
  EndOfFileExpected: 'the document should end here',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is not complete',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

export function parseJson(file: SourceFile, bag: DiagnosticBag): JsonDocument | undefined {
  const text = stripBom(file.text);
  const lines = new LineIndex(text, file.path);
  if (text.trim() === '') {
    bag.error('SYN003', `${file.path} is empty`, lines.span(0));
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const errors: ParseError[] = [];
    parseLenient(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
    const first = errors[0];
    if (first) {
      const what = ERROR_TEXT[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error);
      bag.error('SYN001', `malformed JSON: ${what}`, lines.span(first.offset, Math.max(1, first.length)));
    } else {
      const at = /position (\d+)/.exec(String(e));
      bag.error('SYN001', `malformed JSON: ${(e as Error).message}`, lines.span(at ? Number(at[1]) : 0));
    }
    return undefined;
  }
  let tree: Node | undefined;
  const locate = (path: JsonPath): Span => {
    tree ??= parseTree(text);
    if (!tree) return lines.span(0);
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(tree, path.slice(0, n));
      if (node) {
        // Point at `"key": value` rather than at the value alone.
        const at = node.parent?.type === 'property' ? node.parent : node;
        return lines.span(at.offset, at.length);
      }
    }
    return lines.span(0);
  };
  return { value, locate };
}
