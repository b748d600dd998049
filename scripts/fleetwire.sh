#!/usr/bin/env bash
# Entry point behind `pnpm start`, `pnpm test`, `pnpm fleetctl` and friends: makes sure the
# toolchain and dependencies are there, then hands over to the TypeScript command.
set -euo pipefail
FW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FW_ROOT
# shellcheck source=lib/toolchain.sh
source "$FW_ROOT/scripts/lib/toolchain.sh"

command="${1:-}"
shift || true
case "$command" in
  start)      fw_ensure_all; exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/scripts/platform/start.ts" "$@" ;;
  test)       fw_ensure_all; exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/scripts/platform/test.ts" "$@" ;;
  fleetctl)   fw_ensure_node; fw_ensure_dependencies; exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/apps/fleetctl/src/main.ts" "$@" ;;
  # The connection benchmark holds up to 100,000 sockets on each side; the broker inherits this limit.
  bench)      fw_ensure_all; ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
              exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/bench/src/main.ts" "$@" ;;
  sim)        fw_ensure_node; fw_ensure_dependencies; exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/packages/device-sdk/src/sim/main.ts" "$@" ;;
  db-migrate) fw_ensure_node; fw_ensure_dependencies; exec "$FW_ROOT/node_modules/.bin/tsx" "$FW_ROOT/packages/db/src/migrate-cli.ts" "$@" ;;
  *) echo "usage: scripts/fleetwire.sh start|test|bench|fleetctl|db-migrate" >&2; exit 2 ;;
esac
