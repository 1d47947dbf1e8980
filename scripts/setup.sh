#!/usr/bin/env bash
# Installs what bnlab needs and is missing, from Debian's archive. Safe to run every time:
# it asks dpkg first and calls apt-get only for packages that are absent.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  g++ cmake make
  libeigen3-dev xtensor-dev xtl-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  emscripten wabt
  dataset-fashion-mnist
  chromium
)

missing=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Node.js may come from elsewhere than Debian (it does on our machines, where Debian's npm
# package conflicts with it): ask for the commands, not the packages.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt_get=(sudo apt-get)
  else
    echo "setup: missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt_get[@]}" update -q
  "${apt_get[@]}" install -y -q --no-install-recommends "${missing[@]}"
fi

# Front-end and data packages from npm (package-lock.json pins them).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund
fi
