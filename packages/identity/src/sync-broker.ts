import { applyActivePsks } from "./device-psk.ts";
import type { IdentityDeps } from "./identity-deps.ts";
import { ensureCurrentCrl } from "./publish-crl.ts";

/**
 * At control-plane start: the broker gets the current CRL and PSK store from the database (the
 * truth), in case it was restarted or its files were written by someone else. Device access
 * entries persist in the broker itself (Mosquitto's dynsec file, EMQX asks the control plane).
 */
export async function syncBroker(deps: IdentityDeps) {
  const crl = await ensureCurrentCrl(deps);
  await deps.broker.applyCrl(crl.pem);
  const psks = await applyActivePsks(deps);
  return { crlNumber: crl.number.toString(), psks };
}
