# Sourced by the build and test scripts (not run): puts the project's own Node.js first on
# PATH when scripts/setup.sh had to install one (build/node, because the system's Node.js is
# missing or older than Vite 8, marked 18 and playwright-core 1.65 accept).
bnlab_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -x "$bnlab_root/build/node/bin/node" ]; then
  case ":$PATH:" in
    *":$bnlab_root/build/node/bin:"*) ;;
    *) export PATH="$bnlab_root/build/node/bin:$PATH" ;;
  esac
fi
# 20.19 or newer on the 20 line, else 22.12 or newer: what package.json's "engines" says.
bnlab_node_is_recent_enough() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
             process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1)' 2>/dev/null
}
