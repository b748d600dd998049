/** A span of text: 0-based UTF-16 offset; 1-based line and column (what Monaco markers take). */
export interface TextRange {
  offset: number;
  line: number;
  column: number;
  length: number;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function textRangeAt(text: string, offset: number, length: number, starts = lineStarts(text)): TextRange {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { offset: clamped, line: lo + 1, column: clamped - (starts[lo] ?? 0) + 1, length: Math.max(0, length) };
}

/**
 * Maps an offset inside a decoded JSON string to the offset in the document text. `rawStart` is
 * the offset of the string's opening quote; escapes (`\n`, `\"`, `\u00b0`) are one decoded unit
 * but several raw characters, so the mapping walks the raw text.
 */
export function jsonStringOffsetToDocument(text: string, rawStart: number, decodedOffset: number): number {
  let raw = rawStart + 1;
  let decoded = 0;
  while (decoded < decodedOffset && raw < text.length && text[raw] !== '"') {
    raw += text[raw] === "\\" ? (text[raw + 1] === "u" ? 6 : 2) : 1;
    decoded += 1;
  }
  return raw;
}
