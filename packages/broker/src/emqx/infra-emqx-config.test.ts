import { readFileSync } from "node:fs";
import path from "node:path";
import { loadPlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ZEmqxAuthnRequest, ZEmqxAuthzRequest } from "./emqx-access-decisions.ts";

/**
 * infra/emqx/ cannot be started here (no EMQX, no Docker engine), so these check what can be
 * checked without it: the compose file's shape and the parts of emqx.conf Fleetwire relies on,
 * against emqx-5.8.md (section numbers). No HOCON parser is at hand: the checks read the text.
 */
const dir = path.join(REPO_ROOT, "infra", "emqx");
const conf = readFileSync(path.join(dir, "emqx.conf"), "utf8");
const withoutComments = conf.replace(/^\s*#.*$/gm, "").replace(/\s+#.*$/gm, "");

/** The `body { ... }` of the block that posts to the given control-plane path. */
function hookBody(endpoint: string): Record<string, string> {
  const at = withoutComments.indexOf(endpoint);
  const match = /body\s*\{([\s\S]*?)\n\s*\}/.exec(withoutComments.slice(at));
  if (at < 0 || !match?.[1]) throw new Error(`no body for ${endpoint}`);
  return Object.fromEntries([...match[1].matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function bytes(size: string): number {
  const m = /^(\d+)(KB|MB)?$/.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  return Number(m[1]) * (m[2] === "MB" ? 1024 * 1024 : m[2] === "KB" ? 1024 : 1);
}

describe("infra/emqx/docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(dir, "docker-compose.yml"), "utf8"), { merge: true });

  it("is three emqx/emqx:5.8.9 nodes, each with its own data volume and node name", () => {
    const services = Object.entries(compose.services as Record<string, Record<string, unknown>>);
    expect(services).toHaveLength(3);
    const names = new Set<string>();
    const dataVolumes = new Set<string>();
    for (const [, service] of services) {
      expect(service.image).toBe("emqx/emqx:5.8.9");
      names.add((service.environment as Record<string, string>).EMQX_NODE__NAME ?? "");
      const data = (service.volumes as string[]).find((v) => v.endsWith(":/opt/emqx/data"));
      dataVolumes.add(data ?? "");
    }
    expect([...names].sort()).toEqual(["emqx@node1.emqx.local", "emqx@node2.emqx.local", "emqx@node3.emqx.local"]);
    expect(dataVolumes.size).toBe(3);
    expect(Object.keys(compose.volumes)).toHaveLength(3);
  });
});

describe("infra/emqx/emqx.conf", () => {
  it("keeps the braces balanced", () => {
    const stripped = withoutComments.replace(/"[^"]*"/g, '""');
    expect(stripped.split("{").length).toBe(stripped.split("}").length);
    expect(stripped.split("[").length).toBe(stripped.split("]").length);
  });

  it("mTLS listener: verify_peer, no certificate no connection, CRL check, CN as client id and username (§4, §2.3)", () => {
    expect(withoutComments).toMatch(/verify = verify_peer/);
    expect(withoutComments).toMatch(/fail_if_no_peer_cert = true/);
    expect(withoutComments).toMatch(/enable_crl_check = true/);
    expect(withoutComments).toMatch(/peer_cert_as_username = cn/);
    expect(withoutComments).toMatch(/peer_cert_as_clientid = cn/);
  });

  it("PSK listener is TLS 1.2 with PSK suites (§5)", () => {
    expect(withoutComments).toMatch(/versions = \["tlsv1.2"\]/);
    expect(withoutComments).toMatch(/PSK-AES128-GCM-SHA256/);
    expect(withoutComments).toMatch(/init_file = "\/opt\/emqx\/etc\/psk.txt"/);
  });

  it("authorization denies what no source allowed (§3)", () => {
    expect(withoutComments).toMatch(/no_match = deny/);
    expect(withoutComments).not.toMatch(/type = file/);
  });

  it("hook bodies send only placeholders EMQX 5.8 renders, under the names the control plane reads (§2.1, §3)", () => {
    const authnAllowed = [
      "username",
      "clientid",
      "password",
      "peerhost",
      "cert_subject",
      "cert_common_name",
      "cert_pem",
      "zone",
    ];
    const authzAllowed = [
      "username",
      "clientid",
      "peerhost",
      "proto_name",
      "mountpoint",
      "topic",
      "action",
      "cert_subject",
      "cert_common_name",
      "cert_pem",
      "access",
      "qos",
      "retain",
    ];
    const authn = hookBody("/emqx/authn");
    const authz = hookBody("/emqx/authz");
    for (const [key, value] of Object.entries(authn)) {
      expect(authnAllowed).toContain(/^\$\{(\w+)\}$/.exec(value)?.[1]);
      expect(Object.keys(ZEmqxAuthnRequest.shape)).toContain(key);
    }
    for (const [key, value] of Object.entries(authz)) {
      expect(authzAllowed).toContain(/^\$\{(\w+)\}$/.exec(value)?.[1]);
      expect(Object.keys(ZEmqxAuthzRequest.shape)).toContain(key);
    }
    expect(Object.keys(authn)).toEqual(
      expect.arrayContaining(["clientid", "username", "password", "cert_common_name", "zone"]),
    );
    expect(Object.keys(authz)).toEqual(expect.arrayContaining(["clientid", "username", "topic", "action"]));
    expect(conf.match(/"x-emqx-token"/g)).toHaveLength(3);
  });

  it("presence: rules for client connected / disconnected and refused CONNACKs post every column to /emqx/events (§8)", () => {
    const sqls = [...withoutComments.matchAll(/sql = """([^]*?)"""/g)].map((m) => m[1]?.trim());
    expect(sqls).toEqual([
      'SELECT * FROM "$events/client_connected", "$events/client_disconnected"',
      "SELECT * FROM \"$events/client_connack\" WHERE reason_code != 'success'",
    ]);
    expect(withoutComments.match(/actions = \["http:fleetwire_presence"\]/g)).toHaveLength(2);
    const action = /actions\.http\.fleetwire_presence \{([^]*?)\n\}/.exec(withoutComments)?.[1] ?? "";
    expect(action).toMatch(/connector = fleetwire_control_plane/);
    expect(action).toMatch(/path = "\/emqx\/events"/);
    expect(action).toMatch(/body = "\$\{\.\}"/);
    const connector = /connectors\.http\.fleetwire_control_plane \{([^]*?)\n\}/.exec(withoutComments)?.[1] ?? "";
    expect(connector).toMatch(/"x-emqx-token" = /);
  });

  it("max_packet_size leaves headroom above FLEETWIRE_MAX_PAYLOAD_BYTES and stays under 2 MB", () => {
    const size = bytes(/max_packet_size = (\w+)/.exec(withoutComments)?.[1] ?? "");
    const payload = loadPlatformConfig({}).limits.maxPayloadBytes;
    expect(size).toBeGreaterThanOrEqual(payload + 16 * 1024);
    expect(size).toBeLessThan(2 * 1024 * 1024);
  });
});
