#!/usr/bin/env bash
# Installs the pinned llama.cpp natives shipped by node-llama-cpp into .data/natives/.
# Idempotent: a fast no-op when the libraries are already cached.
set -euo pipefail
VERSION=3.22.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.data/natives"

install_pkg() { # $1 npm package, $2 version, $3 target folder, then the paths (globs) inside the package to copy
  local pkg="$1" version="$2" dest="$3"; shift 3
  if [ -f "$dest/.installed-$version" ]; then return 0; fi
  local work; work="$(mktemp -d)"
  echo "natives: installing $pkg@$version into $dest"
  if ! (cd "$work" && npm pack --silent "$pkg@$version" >/dev/null 2>npm.err); then
    cat "$work/npm.err" >&2 || true
    echo "natives: ERROR: could not fetch $pkg@$version from npm (offline?) and no cached copy in $dest" >&2
    rm -rf "$work"; exit 1
  fi
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$dest"
  local path
  for path in "$@"; do
    # shellcheck disable=SC2086 # the path is a glob inside the unpacked package
    cp -a "$work"/package/$path "$dest"/
  done
  touch "$dest/.installed-$version"
  rm -rf "$work"
}

install_pkg "@node-llama-cpp/linux-x64" "$VERSION" "$CACHE/cpu" "bins/*/."
if [ "${MEDPORTAL_CUDA:-0}" = "1" ] || nvidia-smi >/dev/null 2>&1; then
  install_pkg "@node-llama-cpp/linux-x64-cuda" "$VERSION" "$CACHE/cuda" "bins/*/."
fi

# axe-core for the accessibility checks in the browser tests (a JavaScript file, not a native, fetched the same way).
install_pkg "axe-core" "4.14.1" "$ROOT/.data/axe" "axe.min.js" "LICENSE"
