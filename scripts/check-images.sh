#!/usr/bin/env bash
# Checks the Dockerfile and the compose files offline: no container engine runs on MedPortal's build machines, so the
# images are never built here. What this can check, it checks; what it cannot, it prints as NOT VERIFIED.
#   - the CPU and GPU images share every stage but their base, and both bases are Debian 12;
#   - every apt package the shared runtime stage installs exists in Debian 12's archive and is a real package (not a
#     snap stub) -- read from this machine's apt lists when this machine is Debian 12 (the MedPortal machines are);
#   - every compose service restarts on failure and the web service has a readiness health check.
# Exit 0 when every check passed; 1 with the failures listed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKERFILE="${1:-$ROOT/Dockerfile}"
failures=0
ok() { printf 'ok       %s\n' "$*"; }
bad() { printf 'FAILED   %s\n' "$*"; failures=$((failures + 1)); }
unverified() { printf 'NOT VERIFIED %s\n' "$*"; }

[ -f "$DOCKERFILE" ] || { echo "no Dockerfile at $DOCKERFILE" >&2; exit 2; }
# Join continuation lines so each instruction is one line.
joined="$(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$DOCKERFILE" | grep -v '^[[:space:]]*#')"

arg_default() { grep -E "^ARG $1=" <<<"$joined" | head -1 | sed -E "s/^ARG $1=//; s/^\"//; s/\"$//"; }
variant="$(arg_default VARIANT)"
debian_image="$(arg_default DEBIAN_IMAGE)"
[ "$variant" = cpu ] && ok "ARG VARIANT defaults to cpu" || bad "ARG VARIANT should default to cpu (found '$variant')"
[[ "$debian_image" =~ ^debian:12(-slim)?$|^debian:bookworm(-slim)?$ ]] && ok "ARG DEBIAN_IMAGE is Debian 12 ($debian_image)" || bad "ARG DEBIAN_IMAGE should be debian:12-slim (found '$debian_image')"
for stage in base-cpu base-cuda; do
  from="$(grep -E "^FROM .* AS $stage\$" <<<"$joined" | awk '{print $2}')"
  [ "$from" = '${DEBIAN_IMAGE}' ] && ok "stage $stage is FROM \${DEBIAN_IMAGE}" || bad "stage $stage should be FROM \${DEBIAN_IMAGE} (found '${from:-missing}')"
done
runtime_from="$(grep -E '^FROM .* AS runtime$' <<<"$joined" | awk '{print $2}')"
[ "$runtime_from" = 'base-${VARIANT}' ] && ok "the runtime stage is FROM base-\${VARIANT}: CPU and GPU share everything after the base" || bad "the runtime stage should be FROM base-\${VARIANT} (found '${runtime_from:-missing}')"
if grep -qiE '^FROM[[:space:]]+(nvidia/cuda|ubuntu)' <<<"$joined" || grep -qiE 'ARG [A-Z_]+=(nvidia/cuda|ubuntu)' <<<"$joined"; then
  bad "an Ubuntu or nvidia/cuda (Ubuntu) base is named: its chromium is a snap stub"
else
  ok "no Ubuntu-based runtime base is named"
fi
[ "$(tail -n +1 <<<"$joined" | grep -E '^FROM ' | tail -1 | awk '{print $4}')" = runtime ] && ok "the last stage (the image) is runtime" || bad "the last stage should be runtime"
grep -qE '^HEALTHCHECK .*/health/ready' <<<"$joined" && ok "HEALTHCHECK probes /health/ready" || bad "HEALTHCHECK should probe /health/ready"
grep -qE '^USER ' <<<"$joined" && ok "the image runs as a non-root USER" || bad "no USER: the image would run as root"

# apt packages of the shared runtime stage (from its first line to the end of the file).
runtime_part="$(awk '/^FROM .* AS runtime$/ {on=1} on' <<<"$joined")"
packages="$(grep -oE 'apt-get install [^&|;]*' <<<"$runtime_part" | sed -E 's/apt-get install//; s/(^| )-[^ ]+//g' | tr ' ' '\n' | grep -vE '^$|^\$' | sort -u)"
. /etc/os-release 2>/dev/null || true
if [ "${VERSION_CODENAME:-}" = bookworm ] && command -v apt-cache >/dev/null; then
  if [ -z "$(find /var/lib/apt/lists -name '*bookworm*_Packages*' -print -quit 2>/dev/null)" ]; then
    bad "no Debian 12 package lists on this machine: run apt-get update first"
  fi
  # One apt-cache call for every package: loading the cache costs about a second each time, many times that on a busy
  # machine. A missing package simply has no record in the output.
  # shellcheck disable=SC2086
  records="$(apt-cache show --no-all-versions $packages 2>/dev/null || true)"
  for p in $packages; do
    record="$(awk -v p="$p" 'BEGIN {RS=""; FS="\n"} {for (i = 1; i <= NF; i++) if ($i == "Package: " p) {print; exit}}' <<<"$records")"
    if [ -z "$record" ]; then
      bad "apt package '$p' is not in Debian 12's archive"
    elif grep -qiE '^(Depends|Pre-Depends):.*\bsnapd\b' <<<"$record"; then
      bad "apt package '$p' is a snap stub"
    else
      ok "apt package '$p' exists in Debian 12 ($(sed -n 's/^Version: //p' <<<"$record" | head -1))"
    fi
  done
else
  unverified "apt packages ($(echo $packages)): this machine is not Debian 12, so its archive lists cannot answer"
fi
cuda="$(arg_default CUDA_PACKAGES)"
unverified "CUDA packages '$cuda' from NVIDIA's Debian 12 repository: that repository is not reachable from here"
unverified "image builds and container start-up: no container engine runs on this machine"

# Compose files: restart policies and health checks (python3-yaml reads them).
for compose in "$ROOT/docker-compose.yml" "$ROOT"/deploy/docker-compose*.yml; do
  [ -f "$compose" ] || continue
  if ! python3 -c 'import yaml' 2>/dev/null; then unverified "$compose: python3-yaml is not installed"; continue; fi
  name="${compose#"$ROOT"/}"
  while IFS= read -r line; do
    case "$line" in ok*) ok "$name: ${line#ok }" ;; *) bad "$name: ${line#bad }" ;; esac
  done < <(python3 - "$compose" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for name, svc in (doc.get("services") or {}).items():
    print(("ok " if svc.get("restart") in ("always", "unless-stopped", "on-failure") else "bad ") + f"service {name} restart policy ({svc.get('restart')})")
    if svc.get("build") is not None or str(svc.get("image", "")).startswith("medportal"):
        test = " ".join(map(str, (svc.get("healthcheck") or {}).get("test") or []))
        print(("ok " if "/health/ready" in test else "bad ") + f"service {name} health check on /health/ready")
    for dep, cond in (svc.get("depends_on") or {}).items() if isinstance(svc.get("depends_on"), dict) else []:
        print(("ok " if cond.get("condition") == "service_healthy" else "bad ") + f"service {name} waits for {dep} to be healthy")
PY
)
done

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all offline checks passed"
