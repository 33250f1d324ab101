#!/usr/bin/env bash
# Installs, on demand and cached, what the real-VS-Code tests need on a machine that cannot download
# VS Code: Debian's chromium (the browser client), and code-server 4.100.3 (VS Code 1.100.3, the newest
# that runs on Node 20) into a cache folder outside the project's dependency tree.
# Prints the code-server executable path on stdout as its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11
CACHE=${CONCURRENCY_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-lens}
PREFIX=$CACHE/code-server-$CODE_SERVER_VERSION
BIN=$PREFIX/node_modules/.bin/code-server

log() { echo "[ensure-code-server] $*" >&2; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  mkdir -p "$CACHE"
  APT_LOG=$CACHE/apt.log
  log "installing Debian packages: ${need_apt[*]} (log: $APT_LOG)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need_apt[@]}"; } \
    </dev/null >"$APT_LOG" 2>&1 \
    || { log "apt-get failed; last lines of $APT_LOG:"; tail -n 30 "$APT_LOG" >&2; exit 1; }
fi

# CONCURRENCY_LENS_CODE_SERVER=/path/to/code-server uses an existing install (still checks the apt packages).
if [ -n "${CONCURRENCY_LENS_CODE_SERVER:-}" ]; then
  [ -x "$CONCURRENCY_LENS_CODE_SERVER" ] || { log "CONCURRENCY_LENS_CODE_SERVER=$CONCURRENCY_LENS_CODE_SERVER is not executable"; exit 1; }
  echo "$CONCURRENCY_LENS_CODE_SERVER"; exit 0
fi

if [ ! -x "$BIN" ] || [ ! -f "$PREFIX/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $PREFIX (2-4 minutes, once)"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX/tmp/$RIPGREP_CACHE_NAME"
  # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with Debian's rg instead.
  tar czf "$PREFIX/tmp/$RIPGREP_CACHE_NAME/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
    -C "$(dirname "$(command -v rg)")" rg
  echo '{"name":"code-server-cache","private":true}' > "$PREFIX/package.json"
  # As root npm needs unsafe-perm; node-pty's postinstall runs `npx node-gyp`, which needs `yes`.
  (cd "$PREFIX" && TMPDIR="$PREFIX/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" </dev/null >"$PREFIX/install.log" 2>&1) \
    || { log "npm install failed; last lines of $PREFIX/install.log:"; tail -n 30 "$PREFIX/install.log" >&2; exit 1; }
  touch "$PREFIX/.complete"
fi
echo "$BIN"
