import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Run {
  code: number | null;
  out: string;
}

/** Runs an external tool and collects stdout and stderr together. */
export function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/**
 * What a manufacturer and a device do with plain openssl: a manufacturer CA, bootstrap
 * certificates (also expired ones), device keys and CSRs. None of it uses Fleetwire's PKI code, so
 * tests built on it prove interoperability with an independent X.509 implementation.
 */
export function createOpensslKit() {
  const dir = mkdtempSync(path.join(tmpdir(), "fleetwire-openssl-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => {
    const r = spawnSync("openssl", args, { encoding: "utf8", cwd: dir });
    if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
    return `${r.stdout}${r.stderr}`;
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

  function manufacturerCa(name: string) {
    openssl(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      file(`${name}.key`),
      "-out",
      file(`${name}.pem`),
      "-days",
      "60",
      "-subj",
      `/O=Acme/CN=${name} Manufacturer CA`,
    );
    return {
      name,
      key: file(`${name}.key`),
      cert: file(`${name}.pem`),
      pem: readFileSync(file(`${name}.pem`), "utf8"),
    };
  }

  /** A key and a CSR (the subject is whatever the device likes; the platform sets the CN). */
  function deviceKeyAndCsr(name: string, commonName = name) {
    openssl(
      ...["req", "-new", ...ec, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`)],
      ...["-subj", `/CN=${commonName}`],
    );
    return { key: file(`${name}.key`), csr: file(`${name}.csr`), csrPem: readFileSync(file(`${name}.csr`), "utf8") };
  }

  /** A bootstrap certificate CN=deviceId under `ca`; `expired` dates it in 2020. */
  function bootstrapCertificate(
    ca: { key: string; cert: string; name: string },
    deviceId: string,
    { expired = false } = {},
  ) {
    const name = `boot-${deviceId}${expired ? "-expired" : ""}`;
    const { key, csr } = deviceKeyAndCsr(name, deviceId);
    const cert = file(`${name}.pem`);
    if (!expired) {
      openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        ca.cert,
        "-CAkey",
        ca.key,
        "-CAcreateserial",
        "-days",
        "30",
        "-out",
        cert,
      );
      return { key, cert };
    }
    // `openssl x509` cannot backdate; `openssl ca` can, with a throwaway database.
    const caDir = file(`ca-db-${ca.name}`);
    mkdirSync(caDir, { recursive: true });
    writeFileSync(path.join(caDir, "index.txt"), "");
    writeFileSync(path.join(caDir, "serial"), "1000\n");
    writeFileSync(
      path.join(caDir, "ca.cnf"),
      `[ca]\ndefault_ca = d\n[d]\ndatabase = ${caDir}/index.txt\nserial = ${caDir}/serial\nnew_certs_dir = ${caDir}\n` +
        `default_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n`,
    );
    openssl(
      "ca",
      "-batch",
      "-notext",
      "-config",
      path.join(caDir, "ca.cnf"),
      "-cert",
      ca.cert,
      "-keyfile",
      ca.key,
      "-startdate",
      "20200101000000Z",
      "-enddate",
      "20200201000000Z",
      "-in",
      csr,
      "-out",
      cert,
    );
    return { key, cert };
  }

  function write(name: string, content: string) {
    writeFileSync(file(name), content);
    return file(name);
  }

  return {
    dir,
    file,
    write,
    openssl,
    manufacturerCa,
    deviceKeyAndCsr,
    bootstrapCertificate,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type OpensslKit = ReturnType<typeof createOpensslKit>;
