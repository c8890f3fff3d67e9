#!/usr/bin/env bash
# ./medportal model fetch NAME [--sha256 HEX]: downloads a known instruct GGUF into .data/models/ with resume and a
# SHA-256 check. The expected hash is --sha256 when given, else the x-linked-etag Hugging Face sends for LFS files
# (the file's SHA-256). Offline, it fails with a message saying so. ./medportal model list shows the catalogue.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${MEDPORTAL_MODELS_DIR:-$ROOT/.data/models}"
BASE="${MEDPORTAL_MODEL_BASE_URL:-https://huggingface.co}"

declare -A MODELS=(
  [qwen2.5-0.5b-instruct]="Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf"
  [qwen2.5-1.5b-instruct]="Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf"
  [phi-3-mini-4k-instruct]="microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf"
)

fail() { echo "model: $*" >&2; exit "${CODE:-1}"; }

list() {
  echo "Known models (./medportal model fetch NAME):"
  for name in $(printf '%s\n' "${!MODELS[@]}" | sort); do echo "  $name  ($BASE/${MODELS[$name]})"; done
}

fetch() {
  local name="${1:-}"; shift || true
  local pinned=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --sha256) pinned="${2:-}"; shift 2 ;;
      *) CODE=2 fail "unknown option $1" ;;
    esac
  done
  [ -n "$name" ] || { list >&2; CODE=2 fail "name a model to fetch"; }
  [ -n "${MODELS[$name]:-}" ] || { list >&2; CODE=2 fail "'$name' is not a known model"; }
  local url="$BASE/${MODELS[$name]}" file="$DEST/${MODELS[$name]##*/}"
  mkdir -p "$DEST"
  local expected="$pinned"
  if [ -z "$expected" ]; then
    local headers
    if ! headers="$(curl -sS -I --connect-timeout 10 "$url" 2>&1)"; then
      fail "cannot reach $BASE to download $name (offline?): ${headers##*curl: }. Copy a GGUF into $DEST and set Inference:ModelPath instead."
    fi
    expected="$(printf '%s\n' "$headers" | tr -d '\r' | awk 'tolower($1)=="x-linked-etag:" {gsub(/"/,"",$2); print $2}' | tail -1)"
    [ -n "$expected" ] || fail "$BASE did not say the file's SHA-256 (no x-linked-etag); pass --sha256 HEX to check it yourself."
  fi
  if [ -f "$file" ] && [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$expected" ]; then
    echo "model: $name is already at $file (SHA-256 verified)"; return 0
  fi
  echo "model: downloading $name to $file (resumes if interrupted)"
  if ! curl -fL --connect-timeout 10 --retry 3 -C - -o "$file.part" "$url"; then
    fail "the download of $name stopped; run the same command again to resume from $file.part"
  fi
  local actual; actual="$(sha256sum "$file.part" | cut -d' ' -f1)"
  if [ "$actual" != "$expected" ]; then
    rm -f "$file.part"
    fail "checksum mismatch for $name: expected $expected, got $actual. The partial file was removed; fetch again."
  fi
  mv "$file.part" "$file"
  echo "model: $name verified (SHA-256 $actual)"
  echo "model: to use it, set Inference__ModelPath=$file (or Inference:ModelPath in appsettings.json)"
}

case "${1:-}" in
  fetch) shift; fetch "$@" ;;
  list) list ;;
  *) echo "usage: ./medportal model fetch NAME [--sha256 HEX] | model list" >&2; exit 2 ;;
esac
