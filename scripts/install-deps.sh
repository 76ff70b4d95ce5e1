#!/usr/bin/env bash
# Installs what slotcache needs to build and test on Debian 12, non-interactively. Installs only
# the packages that are missing (running apt-get update first only then). Run as root or with sudo.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libuv1-dev libabsl-dev libxxhash-dev libspdlog-dev libfmt-dev
  libgtest-dev libbenchmark-dev libhiredis-dev libraft-dev
  redis-server redis-tools python3-redis
)

# Node.js and npm run the ioredis tests. The machine image usually brings its own Node.js (not
# Debian's package), so ask for Debian's only when the commands are missing. Debian 12's nodejs is
# 18.x; ioredis 6 declares node >= 20, so npm ci warns (EBADENGINE) there.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
# Never start services from package scripts (redis-server): tests start their own servers.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
