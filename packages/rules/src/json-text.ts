import { findNodeAtLocation, type Node, type ParseError, parseTree } from "jsonc-parser";
import { lineStarts, type TextRange, textRangeAt } from "./text-position.ts";

/**
 * Strict JSON text with a position tree, so every error about a value can point at it in the
 * editor. jsonc-parser is the scanner VS Code and Monaco use; comments and trailing commas are
 * refused because the stored document is plain JSON.
 */
export interface JsonText {
  text: string;
  root: Node;
  value: unknown;
  starts: number[];
}

const SYNTAX_MESSAGES: Record<number, string> = {
  1: "unexpected character",
  2: "invalid number",
  3: "expected a property name in double quotes",
  4: "expected a value",
  5: "expected ':'",
  6: "expected ','",
  7: "expected '}'",
  8: "expected ']'",
  9: "unexpected content after the document",
  10: "comments are not allowed",
  11: "comments are not allowed",
  12: "unterminated string",
  13: "unterminated number",
  14: "invalid unicode escape",
  15: "invalid escape character",
  16: "invalid character in string",
};

export type ParseJsonTextResult =
  | { ok: true; json: JsonText }
  | { ok: false; errors: { message: string; range: TextRange }[] };

export function parseJsonText(text: string): ParseJsonTextResult {
  const starts = lineStarts(text);
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (!root && parseErrors.length === 0) parseErrors.push({ error: 4, offset: 0, length: 0 });
  if (parseErrors.length > 0 || !root) {
    const seen = new Set<number>();
    const errors = [];
    for (const e of parseErrors) {
      if (seen.has(e.offset)) continue; // one error per spot: the first says what was expected
      seen.add(e.offset);
      errors.push({
        message: SYNTAX_MESSAGES[e.error] ?? "invalid JSON",
        range: textRangeAt(text, e.offset, Math.max(1, e.length), starts),
      });
    }
    return { ok: false, errors };
  }
  const duplicate = findDuplicateKey(root);
  if (duplicate) {
    return {
      ok: false,
      errors: [
        {
          message: `duplicate field "${duplicate.value}"`,
          range: textRangeAt(text, duplicate.offset, duplicate.length, starts),
        },
      ],
    };
  }
  return { ok: true, json: { text, root, value: JSON.parse(text), starts } };
}

function findDuplicateKey(node: Node): Node | undefined {
  if (node.type === "object") {
    const keys = new Set<string>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (key) {
        if (keys.has(key.value)) return key;
        keys.add(key.value);
      }
    }
  }
  for (const child of node.children ?? []) {
    const found = findDuplicateKey(child);
    if (found) return found;
  }
  return undefined;
}

/**
 * The node at a path, or its nearest existing ancestor (a missing required field points at the
 * object that lacks it). `key: true` returns the property name instead of the value.
 */
export function locateJsonPath(json: JsonText, path: (string | number)[], key = false): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(json.root, path.slice(0, n));
    if (!node) continue;
    if (key && n === path.length && node.parent?.type === "property") return node.parent.children?.[0] ?? node;
    if (n < path.length) return { ...node, length: 1 }; // just the opening brace or bracket
    return node;
  }
  return json.root;
}
