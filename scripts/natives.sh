#!/usr/bin/env bash
# Installs the pinned llama.cpp natives shipped by node-llama-cpp into .data/natives/.
# Idempotent: a fast no-op when the libraries are already cached.
set -euo pipefail
VERSION=3.22.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.data/natives"

install_pkg() { # $1 npm package, $2 target folder
  local pkg="$1" dest="$2"
  if [ -f "$dest/.installed-$VERSION" ]; then return 0; fi
  local work; work="$(mktemp -d)"
  echo "natives: installing $pkg@$VERSION into $dest"
  if ! (cd "$work" && npm pack --silent "$pkg@$VERSION" >/dev/null 2>npm.err); then
    cat "$work/npm.err" >&2 || true
    echo "natives: ERROR: could not fetch $pkg@$VERSION from npm (offline?) and no cached copy in $dest" >&2
    rm -rf "$work"; exit 1
  fi
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$dest"
  cp -a "$work"/package/bins/*/. "$dest"/
  touch "$dest/.installed-$VERSION"
  rm -rf "$work"
}

install_pkg "@node-llama-cpp/linux-x64" "$CACHE/cpu"
if [ "${MEDPORTAL_CUDA:-0}" = "1" ] || nvidia-smi >/dev/null 2>&1; then
  install_pkg "@node-llama-cpp/linux-x64-cuda" "$CACHE/cuda"
fi

# axe-core for the accessibility checks in the browser tests (a JavaScript file, not a native, fetched the same way).
AXE_VERSION=4.14.1
AXE="$ROOT/.data/axe"
if [ ! -f "$AXE/.installed-$AXE_VERSION" ]; then
  work="$(mktemp -d)"
  echo "natives: installing axe-core@$AXE_VERSION into $AXE"
  if ! (cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null 2>npm.err); then
    cat "$work/npm.err" >&2 || true
    echo "natives: ERROR: could not fetch axe-core@$AXE_VERSION from npm (offline?) and no cached copy in $AXE" >&2
    rm -rf "$work"; exit 1
  fi
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$AXE"
  cp "$work/package/axe.min.js" "$work/package/LICENSE" "$AXE"/
  touch "$AXE/.installed-$AXE_VERSION"
  rm -rf "$work"
fi
