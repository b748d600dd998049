import type { IncomingMessage } from "node:http";

/**
 * Reads and throws away what is left of a refused request body before the answer goes out.
 * Answering while the client is still uploading and then closing makes its next write fail
 * ("Broken pipe", "Connection reset"), so it never reads the 413 meant for it. Bounded: past
 * `maxBytes` or `maxMs` the connection is cut, so a client cannot keep one busy forever.
 */
export function discardRequestBody(raw: IncomingMessage, maxBytes: number, maxMs: number): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off("data", onData);
      raw.off("end", finish);
      raw.off("error", finish);
      raw.off("close", finish);
      resolve();
    };
    const cut = () => {
      raw.socket.destroy();
      finish();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) cut();
    };
    const timer = setTimeout(cut, maxMs);
    raw.on("data", onData);
    raw.once("end", finish);
    raw.once("error", finish);
    raw.once("close", finish);
    raw.resume();
  });
}
