import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import { ensurePlatformCa } from "@fleetwire/pki";
import { afterAll, describe, expect, it } from "vitest";
import { renderMosquittoAcl } from "./mosquitto-acl.ts";
import { MQTT_PACKET_HEADROOM_BYTES, writeMosquittoConfig } from "./mosquitto-config.ts";
import { readMosquittoPskFile, writeMosquittoPskFile } from "./mosquitto-psk.ts";
import { readServiceCredentials } from "./mosquitto-service-credentials.ts";

const stateDir = mkdtempSync(path.join(tmpdir(), "fleetwire-mosquitto-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
const config = loadPlatformConfig({ FLEETWIRE_PROFILE: "test", FLEETWIRE_STATE_DIR: stateDir });

describe("writeMosquittoConfig", () => {
  it("writes the three listeners, limits and persistence, with secrets private", async () => {
    const ca = await ensurePlatformCa(config);
    const { paths, service } = await writeMosquittoConfig(config, ca);
    const conf = readFileSync(paths.conf, "utf8");
    expect(conf).toContain("per_listener_settings false");
    expect(conf).toContain(`listener ${config.ports.mqttMtls} 127.0.0.1`);
    expect(conf).toContain(`listener ${config.ports.mqttPsk} 127.0.0.1`);
    expect(conf).toContain(`listener ${config.ports.mqttService} 127.0.0.1`);
    expect(conf).toContain("require_certificate true");
    expect(conf).toContain(`crlfile ${paths.crl}`);
    expect(conf).toContain("persistence true");
    expect(conf).toContain(`max_packet_size ${config.limits.maxPayloadBytes + MQTT_PACKET_HEADROOM_BYTES}`);
    for (const secret of [
      paths.serverKey,
      paths.healthKey,
      paths.serviceCredentials,
      paths.passwordFile,
      paths.pskFile,
    ]) {
      expect(statSync(secret).mode & 0o077).toBe(0);
    }
    expect(readFileSync(paths.passwordFile, "utf8")).toMatch(/^fleetwire-service:\$/);
    expect(readFileSync(paths.passwordFile, "utf8")).not.toContain(service.password);

    // A second start keeps the service password and the PSK entries.
    writeMosquittoPskFile(config, [{ identity: "dev-a", keyHex: "00".repeat(32) }]);
    await writeMosquittoConfig(config, ca);
    expect(readServiceCredentials(config).password).toBe(service.password);
    expect(readMosquittoPskFile(config)).toEqual([{ identity: "dev-a", keyHex: "00".repeat(32) }]);
  });

  it("refuses PSK identities that could forge another line", () => {
    expect(() => writeMosquittoPskFile(config, [{ identity: "a:b", keyHex: "00".repeat(32) }])).toThrow();
    expect(() => writeMosquittoPskFile(config, [{ identity: "a\nb", keyHex: "00".repeat(32) }])).toThrow();
  });

  it("gives devices only their own topics and services everything", () => {
    const acl = renderMosquittoAcl();
    expect(acl).toContain("pattern write +/devices/%u/telemetry");
    expect(acl).toContain("pattern read +/devices/%u/commands");
    expect(acl).toMatch(/user fleetwire-service\ntopic readwrite #/);
  });
});
