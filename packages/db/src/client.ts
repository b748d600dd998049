import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/**
 * Prisma 7's Rust-free client over node-postgres. One client (one pool) per process and database
 * URL: services call `getPrisma(config.databaseUrl)`; tests that need their own pool, e.g. for a
 * throwaway database, call `createPrisma` and disconnect it themselves.
 */
export function createPrisma(databaseUrl: string, options: { maxConnections?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}

const clients = new Map<string, PrismaClient>();

export function getPrisma(databaseUrl: string): PrismaClient {
  let client = clients.get(databaseUrl);
  if (!client) {
    client = createPrisma(databaseUrl);
    clients.set(databaseUrl, client);
  }
  return client;
}

/** Closes every client made by `getPrisma` (part of a service's ordered shutdown). */
export async function disconnectPrisma(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((client) => client.$disconnect()));
}
