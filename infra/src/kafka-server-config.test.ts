import { loadPlatformConfig } from "@fleetwire/config";
import { describe, expect, it } from "vitest";
import { kafkaPaths, renderServerProperties } from "./kafka-server-config.ts";

function parse(text: string): Map<string, string> {
  const entries = text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const at = line.indexOf("=");
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

describe("renderServerProperties", () => {
  it("puts the test profile's broker and controller on loopback at their shifted ports", () => {
    const config = loadPlatformConfig({ FLEETWIRE_PROFILE: "test", FLEETWIRE_STATE_DIR: "/tmp/fw" });
    const props = parse(renderServerProperties(config));
    expect(props.get("listeners")).toBe("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    expect(props.get("controller.quorum.bootstrap.servers")).toBe("127.0.0.1:19093");
    expect(props.get("process.roles")).toBe("broker,controller");
    expect(props.get("log.dirs")).toBe(kafkaPaths(config).logDir);
    expect(kafkaPaths(config).logFile).toBe("/tmp/fw/logs/kafka.log");
  });

  it("configures one node: single replicas, no topic auto-creation, no rebalance delay", () => {
    const props = parse(renderServerProperties(loadPlatformConfig({})));
    for (const key of [
      "default.replication.factor",
      "min.insync.replicas",
      "offsets.topic.replication.factor",
      "transaction.state.log.replication.factor",
      "transaction.state.log.min.isr",
    ]) {
      expect(props.get(key), key).toBe("1");
    }
    expect(props.get("auto.create.topics.enable")).toBe("false");
    expect(props.get("group.initial.rebalance.delay.ms")).toBe("0");
  });
});
