import { fromJsonPointer, lineStarts, type TextRange, textRangeAt } from "@fleetwire/rules/client";
import { findNodeAtLocation, type Node, parseTree } from "jsonc-parser";

/**
 * Where a JSON Pointer (`/properties/t/type`) sits in the editor's text, for a marker. Falls back
 * to the nearest existing parent, then to the whole document.
 */
export function jsonPointerRange(text: string, pointer: string): TextRange {
  const starts = lineStarts(text);
  const root = parseTree(text);
  if (!root) return textRangeAt(text, 0, text.length, starts);
  const path = fromJsonPointer(pointer === "/" ? "" : pointer);
  let node: Node | undefined;
  for (let depth = path.length; depth >= 0 && !node; depth--) node = findNodeAtLocation(root, path.slice(0, depth));
  // A property's value: mark its key too, so the squiggle lands where people look.
  const target = node?.parent?.type === "property" ? node.parent : (node ?? root);
  return textRangeAt(text, target.offset, target.length, starts);
}
