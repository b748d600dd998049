import { createApiToken, type Role } from "@fleetwire/access";
import { loadPlatformConfig } from "@fleetwire/config";
import { getPrisma, migrateDatabase } from "@fleetwire/db";
import { seedOperator, seedOrganisation } from "@fleetwire/db/testing";
import { buildServer } from "../http/build-server.ts";

/**
 * A real control plane for integration tests: the test profile's database (migrated, which is a
 * no-op when the harness already did it), listening on an ephemeral port. `operatorWithToken`
 * seeds an operator of a role in the test's own organisation and gives it an API token.
 */
export async function startTestControlPlane() {
  const env = loadPlatformConfig({ ...process.env, FLEETWIRE_PROFILE: "test" });
  await migrateDatabase(env.databaseUrl, () => {});
  const prisma = getPrisma(env.databaseUrl);
  const organisation = await seedOrganisation(prisma);
  const app = buildServer(env);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("the control plane is not listening on TCP");
  const url = `http://127.0.0.1:${address.port}`;

  async function operatorWithToken(role: Role, organisationId = organisation.id) {
    const operator = await seedOperator(prisma, role, { organisationId });
    const { token } = await createApiToken(prisma, { operatorId: operator.id, name: `test ${role}` });
    return { ...operator, token };
  }

  return { env, prisma, organisation, url, operatorWithToken, close: () => app.close() };
}

export type TestControlPlane = Awaited<ReturnType<typeof startTestControlPlane>>;
