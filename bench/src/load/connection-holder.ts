/**
 * A child process that opens idle MQTT sessions over mutual TLS and holds them (the connection
 * benchmark). A process of its own because a process's open-file limit bounds its sockets; the
 * parent spreads the sessions over several of these. Talks to the parent over IPC:
 *   in:  { type: "open", spec }  then  { type: "close" }
 *   out: { type: "progress" | "opened" | "closed", ... }
 * MQTT is written by hand (a 3.1.1 CONNECT, keep-alive 10 minutes): an MQTT.js client per idle
 * session would cost the load generator more memory than the broker.
 */
import tls from "node:tls";

interface OpenSpec {
  host: string;
  port: number;
  caPem: string;
  keyPem: string;
  certs: string[];
  names: string[];
  localAddresses: string[];
  concurrency: number;
  timeoutMs: number;
}

const sockets: tls.TLSSocket[] = [];
let closedByPeer = 0;

function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x02, 0x58]); // MQTT 3.1.1, clean, 600 s
  const body = Buffer.concat([variable, Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

function openOne(spec: OpenSpec, index: number, ca: Buffer, key: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    // localAddress reaches net.connect at run time; @types/node leaves it out of tls.ConnectionOptions.
    const socket = tls.connect({
      host: spec.host,
      port: spec.port,
      ...({ localAddress: spec.localAddresses[index % spec.localAddresses.length] } as tls.ConnectionOptions),
      ca,
      key,
      cert: spec.certs[index],
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("timeout"));
    }, spec.timeoutMs);
    let acked = false;
    socket.once("secureConnect", () => socket.write(connectPacket(spec.names[index] as string)));
    socket.on("data", (data: Buffer) => {
      if (acked) return;
      if (data[0] === 0x20 && data[3] === 0x00) {
        acked = true;
        clearTimeout(timer);
        sockets.push(socket);
        resolve();
      } else {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`CONNACK 0x${(data[3] ?? 0xff).toString(16)}`));
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      if (!acked) reject(error);
    });
    socket.on("close", () => {
      if (acked) closedByPeer += 1;
    });
  });
}

async function open(spec: OpenSpec) {
  const ca = Buffer.from(spec.caPem);
  const key = Buffer.from(spec.keyPem);
  const errors: Record<string, number> = {};
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < spec.certs.length) {
      const index = next++;
      await openOne(spec, index, ca, key).catch((error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        errors[code] = (errors[code] ?? 0) + 1;
      });
      done += 1;
      if (done % 1000 === 0) process.send?.({ type: "progress", done, open: sockets.length });
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  process.send?.({ type: "opened", open: sockets.length, errors, seconds: (performance.now() - started) / 1000 });
}

process.on("message", (message: { type: string; spec?: OpenSpec }) => {
  if (message.type === "open" && message.spec) void open(message.spec);
  if (message.type === "close") {
    const stillOpen = sockets.filter((s) => !s.destroyed).length;
    for (const s of sockets) s.destroy();
    process.send?.({ type: "closed", stillOpen, closedByPeer }, () => process.exit(0));
  }
});
process.send?.({ type: "ready" });
