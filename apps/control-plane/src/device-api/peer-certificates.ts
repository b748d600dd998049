import type { TLSSocket } from "node:tls";
import { X509Certificate } from "@fleetwire/pki";

/**
 * The client certificate of a mutual-TLS request and the further certificates the client sent.
 * The server accepts any certificate at the TLS layer (rejectUnauthorized: false): which CA is
 * trusted depends on the request (a model's manufacturer CAs, or the platform CA for renewal), so
 * the domain functions verify the chain themselves and answer a precise JSON error.
 */
export function peerCertificates(socket: TLSSocket): {
  certificate?: X509Certificate;
  intermediates: X509Certificate[];
} {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return { intermediates: [] };
  const certificate = new X509Certificate(new Uint8Array(peer.raw));
  const intermediates: X509Certificate[] = [];
  let next = peer.issuerCertificate;
  const seen = new Set([peer.fingerprint256]);
  while (next?.raw && !seen.has(next.fingerprint256) && intermediates.length < 5) {
    seen.add(next.fingerprint256);
    intermediates.push(new X509Certificate(new Uint8Array(next.raw)));
    next = next.issuerCertificate;
  }
  return { certificate, intermediates };
}
