import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import { ensurePlatformCa } from "@fleetwire/pki";
import { afterAll, describe, expect, it } from "vitest";
import { DYNSEC_PLUGIN, MQTT_PACKET_HEADROOM_BYTES, writeMosquittoConfig } from "./mosquitto-config.ts";
import { SERVICE_USERNAME } from "./mosquitto-dynsec-file.ts";
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
    expect(conf).toContain(`plugin ${DYNSEC_PLUGIN}`);
    expect(conf).toContain(`plugin_opt_config_file ${paths.dynsecFile}`);
    expect(conf).not.toMatch(/^(acl_file|password_file|use_identity_as_username|use_username_as_clientid) /m);
    // The client-id plugin comes first, built from its source, and serves the PSK file.
    expect(conf.indexOf(`plugin ${paths.dir}/fleetwire_clientid.so`)).toBeLessThan(
      conf.indexOf(`plugin ${DYNSEC_PLUGIN}`),
    );
    expect(conf).toContain(`plugin_opt_psk_file ${paths.pskFile}`);
    expect(conf).not.toMatch(/^psk_file/m);
    expect(conf).toContain(`max_packet_size ${config.limits.maxPayloadBytes + MQTT_PACKET_HEADROOM_BYTES}`);
    for (const secret of [
      paths.serverKey,
      paths.healthKey,
      paths.serviceCredentials,
      paths.dynsecFile,
      paths.pskFile,
    ]) {
      expect(statSync(secret).mode & 0o077).toBe(0);
    }
    const dynsec = JSON.parse(readFileSync(paths.dynsecFile, "utf8"));
    expect(dynsec.clients.map((c: { username: string }) => c.username)).toEqual([SERVICE_USERNAME]);
    expect(readFileSync(paths.dynsecFile, "utf8")).not.toContain(service.password);
    expect(dynsec.defaultACLAccess).toMatchObject({ publishClientSend: false, subscribe: false });

    // A second start keeps the service password, the PSK entries and device clients.
    writeMosquittoPskFile(config, [{ identity: "dev-a", keyHex: "00".repeat(32) }]);
    dynsec.clients.push({ username: "dev-a", roles: [] });
    writeFileSync(paths.dynsecFile, JSON.stringify(dynsec));
    await writeMosquittoConfig(config, ca);
    const again = JSON.parse(readFileSync(paths.dynsecFile, "utf8"));
    expect(again.clients.map((c: { username: string }) => c.username).sort()).toEqual(["dev-a", SERVICE_USERNAME]);
    expect(readServiceCredentials(config).password).toBe(service.password);
    expect(readMosquittoPskFile(config)).toEqual([{ identity: "dev-a", keyHex: "00".repeat(32) }]);
  });

  it("refuses PSK identities that could forge another line", () => {
    expect(() => writeMosquittoPskFile(config, [{ identity: "a:b", keyHex: "00".repeat(32) }])).toThrow();
    expect(() => writeMosquittoPskFile(config, [{ identity: "a\nb", keyHex: "00".repeat(32) }])).toThrow();
  });
});
