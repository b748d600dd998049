import type { CaSigner } from "./ca-signer.ts";
import { EC_KEY_ALGORITHM, EC_SIGNING_ALGORITHM } from "./ca-signer.ts";
import { exportPrivateKeyPem, generateP256KeyPair } from "./key-pair.ts";
import { randomSerialHex } from "./random-serial.ts";
import { signLeafCertificate } from "./sign-leaf-certificate.ts";
import * as x509 from "./x509.ts";

/** Everywhere this CA appears, its name says what it is. */
export const TEST_MANUFACTURER_CA_NAME = "Fleetwire TEST Manufacturer CA — not for production";

/**
 * A development-only manufacturer (bootstrap) CA, so a developer can try zero-touch provisioning
 * without a real manufacturer. `fleetctl bootstrap issue` makes one per state folder.
 */
export async function createTestManufacturerCa(now = new Date()): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateP256KeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: [{ CN: [TEST_MANUFACTURER_CA_NAME] }, { O: ["Fleetwire development"] }],
    notBefore: now,
    notAfter: new Date(now.getTime() + 5 * 365 * 86400e3),
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: `${cert.toString("pem")}\n`, keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** A bootstrap certificate (CN = device id, clientAuth) signed by a manufacturer CA given as PEM. */
export async function issueBootstrapCertificate(
  manufacturer: { certPem: string; keyPem: string },
  deviceId: string,
  validityDays = 365,
): Promise<{ certPem: string; keyPem: string; serialNumber: string }> {
  const certificate = new x509.X509Certificate(manufacturer.certPem);
  const der = x509.PemConverter.decode(manufacturer.keyPem)[0];
  if (!der) throw new TypeError("the manufacturer key is not PEM");
  const signingKey = await crypto.subtle.importKey("pkcs8", der, EC_KEY_ALGORITHM, false, ["sign"]);
  const signer: CaSigner = {
    issuingCertificate: certificate,
    rootCertificate: certificate,
    chainPem: manufacturer.certPem,
    signingKey,
    crypto: globalThis.crypto,
  };
  const keys = await generateP256KeyPair();
  const leaf = await signLeafCertificate(signer, {
    commonName: deviceId,
    publicKey: keys.publicKey,
    validityDays,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
  });
  return {
    certPem: `${leaf.toString("pem")}\n`,
    keyPem: await exportPrivateKeyPem(keys.privateKey),
    serialNumber: leaf.serialNumber,
  };
}
