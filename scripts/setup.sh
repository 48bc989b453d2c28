#!/usr/bin/env bash
# Installs the Debian 12 packages and npm packages Plumbline needs; idempotent and quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-15-postgis-3
  libsodium-dev libssl-dev libjwt-dev libcurl4-openssl-dev libqrencode-dev
  libvips-dev
  libspdlog-dev libfmt-dev libcli11-dev libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium wrk clang-format curl procps nginx-light ccache tzdata
  prometheus  # promtool checks the shipped alert rules (tests/integration/monitoring.test.mjs)
  systemd     # systemd-analyze verifies the shipped units (tests/integration/install.test.mjs)
  pgbackrest  # the PostgreSQL point-in-time recovery drill (make test-pitr)
  clang libclang-rt-14-dev  # the fuzz preset: clang 14 and its libFuzzer runtime (make fuzz)
)
# Node.js and npm may come from Debian (nodejs, npm) or be preinstalled; only add them when absent.
command -v node >/dev/null || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm: front-end assets, ZIP data sources and test tools, pinned in package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.installed ]; then
  echo "setup: installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules/.installed
fi
