import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CaSigner } from "./ca-signer.ts";
import { ensurePlatformCa } from "./ensure-platform-ca.ts";
import type { PkiConfig } from "./platform-ca-paths.ts";

/** A throwaway platform CA in a temporary state folder, for tests of this package and others. */
export async function createTestCa(): Promise<{ ca: CaSigner; config: PkiConfig; cleanup: () => void }> {
  const stateDir = mkdtempSync(path.join(tmpdir(), "fleetwire-pki-"));
  const pkiDir = path.join(stateDir, "pki");
  const config: PkiConfig = {
    stateDir,
    secretKeyHex: undefined,
    pki: { dir: pkiDir, caChainPath: path.join(pkiDir, "ca-chain.pem"), deviceCertDays: 365 },
  };
  const ca = await ensurePlatformCa(config);
  return { ca, config, cleanup: () => rmSync(stateDir, { recursive: true, force: true }) };
}
