import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ensurePlatformCa, exportPrivateKeyPem, generateP256KeyPair } from "@fleetwire/pki";
import { cloneClientCertificates } from "../fixtures/clone-certificates.ts";
import { mosquittoPid } from "../profile/find-service-process.ts";
import { fmtInt, table } from "../stats/format.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

/** Sockets per holder process: well inside the 20,000 open files a process may have here. */
const PER_PROCESS = 9_000;

function processStatus(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  const limits = readFileSync(`/proc/${pid}/limits`, "utf8");
  const fdLimit = Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? Number.NaN);
  return { rssKiB: kib("VmRSS"), fdLimit };
}

function message<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection holder: no "${type}" in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(m as T);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`connection holder exited (${code}) before "${type}"`));
    });
  });
}

/**
 * Idle MQTT sessions over mutual TLS held at once against Mosquitto's device listener, each with
 * its own certificate; source addresses 127.0.0.2, .3, ... so the client side is not bounded by
 * one address's ephemeral ports. Memory per session from the broker's RSS before and after.
 */
export const connections: Suite = {
  name: "connections",
  title: "Connections: idle mutual-TLS sessions held at once",
  async run(ctx: BenchContext) {
    const pid = mosquittoPid(ctx.config);
    const before = processStatus(pid);
    const requested = pick(ctx, 2_000, 100_000);
    // The broker needs a descriptor per session plus its listeners, files and the platform's own sessions.
    const target = Math.min(requested, before.fdLimit - 300);
    const processes = Math.ceil(target / PER_PROCESS);
    ctx.log(
      `  ${fmtInt(target)} sessions (requested ${fmtInt(requested)}; broker fd limit ${fmtInt(before.fdLimit)}) from ${processes} processes`,
    );

    const ca = await ensurePlatformCa(ctx.config);
    const keys = await generateP256KeyPair();
    const keyPem = await exportPrivateKeyPem(keys.privateKey);
    const names = Array.from({ length: target }, (_, i) => `conn-${ctx.runId}-${String(i).padStart(7, "0")}`);
    const issueStart = performance.now();
    const certs = await cloneClientCertificates(ca, keys.publicKey, names);
    ctx.log(`  ${fmtInt(certs.length)} certificates in ${((performance.now() - issueStart) / 1000).toFixed(1)} s`);
    const caPem = readFileSync(ctx.config.pki.caChainPath, "utf8");

    const holderFile = fileURLToPath(new URL("../load/connection-holder.ts", import.meta.url));
    const children = Array.from({ length: processes }, () =>
      fork(holderFile, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    );
    try {
      await Promise.all(children.map((c) => message(c, "ready", 30_000)));
      const started = performance.now();
      const opened = children.map((child, p) => {
        const from = p * PER_PROCESS;
        const to = Math.min(target, from + PER_PROCESS);
        child.on("message", (m: { type: string; done?: number; open?: number }) => {
          if (m.type === "progress" && (m.done ?? 0) % 3000 === 0)
            ctx.log(`    holder ${p}: ${fmtInt(m.open ?? 0)} open`);
        });
        const done = message<{ open: number; errors: Record<string, number>; seconds: number }>(
          child,
          "opened",
          900_000,
        );
        child.send({
          type: "open",
          spec: {
            host: "127.0.0.1",
            port: ctx.config.ports.mqttMtls,
            caPem,
            keyPem,
            certs: certs.slice(from, to),
            names: names.slice(from, to),
            localAddresses: [`127.0.0.${2 + p * 2}`, `127.0.0.${3 + p * 2}`],
            concurrency: 64,
            timeoutMs: 30_000,
          },
        });
        return done;
      });
      const results = await Promise.all(opened);
      const openSeconds = (performance.now() - started) / 1000;
      const open = results.reduce((n, r) => n + r.open, 0);
      const errors: Record<string, number> = {};
      for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      await sleep(5_000); // held idle; the broker settles its buffers
      const held = processStatus(pid);
      const closed = await Promise.all(
        children.map((c) => {
          const reply = message<{ stillOpen: number; closedByPeer: number }>(c, "closed", 30_000);
          c.send({ type: "close" });
          return reply;
        }),
      );
      const stillOpen = closed.reduce((n, c) => n + c.stillOpen, 0);
      const perSessionKiB = (held.rssKiB - before.rssKiB) / Math.max(1, open);
      const perSecond = open / openSeconds;
      const goal = 100_000;
      return {
        data: {
          requested,
          target,
          open,
          stillOpenAfterHold: stillOpen,
          errors,
          openSeconds,
          acceptedPerSecond: Math.round(perSecond),
          brokerRssBeforeKiB: before.rssKiB,
          brokerRssHeldKiB: held.rssKiB,
          perSessionKiB,
          brokerFdLimit: before.fdLimit,
          holderProcesses: processes,
        },
        markdown: [
          `Each session: its own certificate (platform CA, P-256), TLS 1.2 handshake with client authentication, MQTT 3.1.1 CONNECT, then idle (keep-alive 600 s). ${processes} holder processes with 64 handshakes in flight each, source addresses 127.0.0.2-${2 + processes * 2 - 1}.`,
          "",
          ...table(
            [
              "sessions requested",
              "opened",
              "still open after 5 s idle",
              "errors",
              "established/s",
              "broker RSS before -> held",
              "per session",
            ],
            [
              [
                fmtInt(requested),
                fmtInt(open),
                fmtInt(stillOpen),
                Object.entries(errors)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(", ") || "0",
                fmtInt(perSecond),
                `${(before.rssKiB / 1024).toFixed(0)} -> ${(held.rssKiB / 1024).toFixed(0)} MiB`,
                `${perSessionKiB.toFixed(1)} KiB`,
              ],
            ],
          ),
          "",
          `Goal "100,000 concurrent sessions": ${open >= goal ? "**met**" : `**not met here**: the broker process may have ${fmtInt(before.fdLimit)} open files (RLIMIT_NOFILE hard limit of this container; raising it needs CAP_SYS_RESOURCE, which the container lacks), so one Mosquitto holds at most about ${fmtInt(before.fdLimit - 100)} sessions. At the measured ${perSessionKiB.toFixed(1)} KiB per session, 100,000 sessions would need about ${((perSessionKiB * goal) / 1024 / 1024).toFixed(1)} GiB of broker memory, which these 24 GiB machines have: with \`LimitNOFILE=200000\` (systemd) or \`--ulimit nofile=200000\` (containers) the same run would show it. In production the sessions live on the EMQX cluster.`}`,
          "The established/s figure includes the load generator's own handshake cost on the same two cores (each handshake signs with the client key and verifies the server chain).",
        ],
      };
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill();
    }
  },
};
