import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import type { ProbeResult } from "./probes.ts";

/**
 * CoAP ping (RFC 7252 §4.3): an empty Confirmable message, which a live CoAP endpoint answers
 * with a Reset carrying the same message id. Proves the UDP endpoint is served, not just bound.
 */
export function probeCoapPing(host: string, port: number, timeoutMs = 2000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    const messageId = randomInt(0, 0xffff);
    const ping = Buffer.from([0x40, 0x00, messageId >> 8, messageId & 0xff]);
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, detail: `coap://${host}:${port} did not answer a CoAP ping` }),
      timeoutMs,
    );
    socket.on("message", (reply) => {
      const type = ((reply[0] ?? 0) >> 4) & 0x3;
      const id = ((reply[2] ?? 0) << 8) | (reply[3] ?? 0);
      if (type === 3 && id === messageId) done({ ok: true, detail: `coap://${host}:${port} answered a CoAP ping` });
    });
    socket.on("error", (error) => done({ ok: false, detail: `coap://${host}:${port} (${error.message})` }));
    socket.send(ping, port, host);
  });
}
