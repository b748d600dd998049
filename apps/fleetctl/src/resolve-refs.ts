import type { ApiClient } from "./api-client.ts";
import { CliError } from "./cli.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fleet named on the command line by slug (or id) to its id. */
export async function resolveFleetId(api: ApiClient, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const fleet = (await api.fleets.list.query({ search: ref })).find((f) => f.slug === ref);
  if (!fleet) throw new CliError(`no fleet with slug "${ref}" (see pnpm fleetctl fleets list)`);
  return fleet.id;
}

/** A device model named on the command line by name (or id) to its id. */
export async function resolveModelId(api: ApiClient, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const model = (await api.models.list.query({ search: ref })).find((m) => m.name === ref);
  if (!model) throw new CliError(`no device model named "${ref}" (see pnpm fleetctl models list)`);
  return model.id;
}
