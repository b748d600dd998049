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
  // Off on purpose: `next build`'s check is the same program as the console's `tsc -p .` (its
  // files plus the control plane's, pulled in by the AppRouter type), which `pnpm typecheck`
  // runs and `pnpm test` runs before it builds the console. Checking twice would add ~30 s on
  // two cores to every console build.
  typescript: { ignoreBuildErrors: true },
  // The workspace root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
