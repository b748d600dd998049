import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type PlatformConfig, REPO_ROOT } from "@fleetwire/config";

const run = promisify(execFile);

export const KAFKA_POM = path.join(REPO_ROOT, "infra", "kafka", "pom.xml");
export const KAFKA_LOG4J2_CONFIG = path.join(REPO_ROOT, "infra", "kafka", "log4j2.xml");
const MARKER = ".complete";

/** What the install and start steps report progress to: a pino logger or a plain line printer. */
export interface InfraLog {
  info(message: string): void;
}

/** The Kafka version the pom names; the pom is the one place it is set. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(KAFKA_POM, "utf8"));
  if (!match?.[1]) throw new Error(`${KAFKA_POM}: no <kafka.version> property`);
  return match[1];
}

/** Jars live outside the profile folders: dev and test run the same broker build. */
export function kafkaLibsDir(): string {
  return path.join(REPO_ROOT, ".state", "kafka-libs", kafkaVersion());
}

function pomDigest(): string {
  return createHash("sha256").update(readFileSync(KAFKA_POM)).digest("hex");
}

export function isKafkaInstalled(): boolean {
  const marker = path.join(kafkaLibsDir(), MARKER);
  return existsSync(marker) && readFileSync(marker, "utf8").trim() === pomDigest();
}

/**
 * Assembles the broker's jars from Maven Central once. The marker holds the pom's digest, so a
 * changed dependency list fetches again. Jars go to a scratch folder first and are renamed into
 * place, so two starts racing (dev and test) never see half a folder.
 */
export async function ensureKafkaInstalled(_config: PlatformConfig, log: InfraLog): Promise<string> {
  const libs = kafkaLibsDir();
  if (isKafkaInstalled()) return libs;
  const started = Date.now();
  log.info(`fetching Apache Kafka ${kafkaVersion()} jars from Maven Central (once)`);
  const scratch = `${libs}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(path.dirname(libs), { recursive: true });
  try {
    await run("mvn", ["-q", "-B", "-f", KAFKA_POM, "dependency:copy-dependencies", `-DoutputDirectory=${scratch}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    await rm(scratch, { recursive: true, force: true });
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`fetching the Kafka jars with Maven failed (is mvn installed?):\n${output || e.message}`);
  }
  await writeFile(path.join(scratch, MARKER), `${pomDigest()}\n`);
  await rm(libs, { recursive: true, force: true });
  try {
    await rename(scratch, libs);
  } catch (error) {
    // Another process finished first; its copy is as good as ours.
    await rm(scratch, { recursive: true, force: true });
    if (!isKafkaInstalled()) throw error;
  }
  log.info(`Kafka jars ready in ${libs} (${Math.round((Date.now() - started) / 1000)} s)`);
  return libs;
}
