import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@fleetwire/access",
    "@fleetwire/config",
    "@fleetwire/core",
    "@fleetwire/identity",
    "@fleetwire/registry",
    "@fleetwire/rules",
  ],
  // `next build` would type-check the control plane's sources (pulled in by the AppRouter type)
  // under the DOM lib, where they do not compile; `pnpm typecheck` (scripts/typecheck.ts) checks
  // the console's own files instead. Also keeps the build fast on two cores.
  typescript: { ignoreBuildErrors: true },
  // The workspace root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
