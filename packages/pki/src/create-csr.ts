import { EC_SIGNING_ALGORITHM } from "./ca-signer.ts";
import { exportPrivateKeyPem, generateP256KeyPair } from "./key-pair.ts";
import * as x509 from "./x509.ts";

/** What a device does before provisioning: a fresh P-256 key and a PKCS#10 request for it. */
export async function createKeyAndCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = await generateP256KeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
  });
  return { keyPem: await exportPrivateKeyPem(keys.privateKey), csrPem: `${csr.toString("pem")}\n` };
}
