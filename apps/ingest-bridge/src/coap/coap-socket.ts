import dgram from "node:dgram";
import { generate, type ParsedPacket, parse } from "coap-packet";

/**
 * The CoAP server's UDP socket. It answers some datagrams itself before the `coap` library sees
 * them, and hands the library a block-wise upload only once it is complete:
 *
 * - A CoAP ping (an empty Confirmable message, RFC 7252 §4.3) gets a Reset with the same message
 *   id. The library would treat it as a request; `fleetctl status` relies on the Reset.
 * - Block-wise uploads (Block1, RFC 7959) are reassembled here, matched by client endpoint and
 *   request URI as §2.5 says. The library matches blocks by token, but libcoap (and RFC-conformant
 *   clients) use a new token per block, so the library's own reassembly fails with them. A
 *   transfer that goes past the payload limit gets 4.13 with Size1 at its first excess block.
 */
export function createCoapSocket(type: "udp4" | "udp6", maxPayloadBytes: number): dgram.Socket {
  const socket = dgram.createSocket({ type, reuseAddr: true });
  const assembler = new Block1Assembler(maxPayloadBytes);
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== "message") return emit(event, ...args);
    const [datagram, remote] = args as [Buffer, dgram.RemoteInfo];
    const handled = preprocess(datagram, remote, assembler);
    if (handled.reply) socket.send(handled.reply, remote.port, remote.address);
    return handled.forward ? emit("message", handled.forward, remote) : true;
  }) as typeof socket.emit;
  return socket;
}

type Preprocessed = { reply?: Buffer; forward?: Buffer };

function preprocess(datagram: Buffer, remote: dgram.RemoteInfo, assembler: Block1Assembler): Preprocessed {
  const first = datagram[0] ?? 0;
  if (datagram.length === 4 && first === 0x40 && datagram[1] === 0) {
    // Version 1, type Reset, no token, code 0.00, the ping's message id.
    return { reply: Buffer.from([0x70, 0x00, datagram[2] ?? 0, datagram[3] ?? 0]) };
  }
  let packet: ParsedPacket;
  try {
    packet = parse(datagram);
  } catch {
    return { forward: datagram }; // the library answers (or ignores) malformed datagrams itself
  }
  const block1 = packet.options.find((o) => o.name === "Block1")?.value;
  const isRequest = !packet.ack && !packet.reset && packet.code.startsWith("0.") && packet.code !== "0.00";
  if (!block1 || !isRequest) return { forward: datagram };
  return assembler.add(packet, block1, `${remote.address}|${remote.port}`);
}

interface Transfer {
  parts: Buffer[];
  next: number;
  expiresAt: number;
}

const TRANSFER_LIFETIME_MS = 60_000;
const MAX_TRANSFERS = 256;

class Block1Assembler {
  private readonly transfers = new Map<string, Transfer>();

  constructor(private readonly maxPayloadBytes: number) {}

  add(packet: ParsedPacket, block1: Buffer, endpoint: string): Preprocessed {
    const value = block1.reduce((n, byte) => n * 256 + byte, 0);
    const size = 2 ** ((value & 0x7) + 4);
    const more = (value & 0x8) !== 0;
    const num = Math.floor(value / 16);
    const offset = num * size;
    const uri = packet.options
      .filter((o) => o.name === "Uri-Path" || o.name === "Uri-Query")
      .map((o) => `${String(o.name)}=${o.value.toString("hex")}`)
      .join("&");
    const key = `${endpoint} ${packet.code} ${uri}`;

    if (offset + packet.payload.length > this.maxPayloadBytes) {
      this.transfers.delete(key);
      return {
        reply: answer(
          packet,
          "4.13",
          [{ name: "Size1", value: uint(this.maxPayloadBytes) }],
          `the limit is ${this.maxPayloadBytes} bytes`,
        ),
      };
    }
    this.sweep();
    let transfer = this.transfers.get(key);
    if (num === 0) {
      transfer = { parts: [], next: 0, expiresAt: 0 };
      this.transfers.set(key, transfer);
    }
    if (!transfer || transfer.next !== offset) {
      return { reply: answer(packet, "4.08", [], "block out of sequence; start again from block 0") };
    }
    transfer.parts.push(packet.payload);
    transfer.next += packet.payload.length;
    transfer.expiresAt = Date.now() + TRANSFER_LIFETIME_MS;
    if (more) return { reply: answer(packet, "2.31", [{ name: "Block1", value: block1 }]) };

    this.transfers.delete(key);
    const payload = Buffer.concat(transfer.parts);
    const whole = generate(
      {
        confirmable: packet.confirmable,
        messageId: packet.messageId,
        token: packet.token,
        code: packet.code,
        options: packet.options.filter((o) => o.name !== "Block1" && o.name !== "Size1") as {
          name: string;
          value: Buffer;
        }[],
        payload,
      },
      payload.length + 4096,
    );
    return { forward: whole };
  }

  private sweep() {
    const now = Date.now();
    for (const [key, t] of this.transfers) if (t.expiresAt <= now && t.expiresAt !== 0) this.transfers.delete(key);
    // Still too many concurrent uploads: forget the oldest (their senders get 4.08 and restart).
    for (const key of this.transfers.keys()) {
      if (this.transfers.size < MAX_TRANSFERS) break;
      this.transfers.delete(key);
    }
  }
}

function answer(
  request: ParsedPacket,
  code: string,
  options: { name: string; value: Buffer }[],
  text?: string,
): Buffer {
  return generate({
    ack: request.confirmable,
    messageId: request.messageId,
    token: request.token,
    code,
    options: options as { name: "Block1"; value: Buffer }[],
    ...(text ? { payload: Buffer.from(text) } : {}),
  });
}

function uint(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from(bytes);
}
