import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source; Next compiles them with the app.
  transpilePackages: ["@fleetwire/access", "@fleetwire/config", "@fleetwire/core"],
  // The workspace root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
