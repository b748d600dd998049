import { mutate, unique } from "./control-plane-api.ts";

export type Fixture = { fleet: { id: string; name: string }; model: { id: string; name: string } };

/** A fleet and a model defaulting to it, made through the API for tests about something else. */
export async function createFleetAndModel(token: string, fleetName = `E2E fleet ${unique()}`): Promise<Fixture> {
  const slug = `e2e-${unique()}`;
  const fleet = await mutate<{ id: string; name: string }>(token, "fleets.create", { name: fleetName, slug });
  const model = await mutate<{ id: string; name: string }>(token, "models.create", {
    name: `e2e-sensor-${unique()}`,
    defaultFleetId: fleet.id,
    telemetrySchema: {
      type: "object",
      properties: { temperature: { type: "number" }, humidity: { type: "number" } },
      required: ["temperature"],
    },
  });
  return { fleet, model };
}
