#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd (CGO_ENABLED=0, stripped) from this module's pinned
# versions into the per-machine cache ~/.cache/arkonis/kube/<k8s version>/ and prints that dir
# on stdout's last line. Idempotent: when all three cached binaries answer --version, it returns
# at once. Only the first build on a machine pays (several minutes of CPU); progress goes to stderr.
# Env: ARKONIS_KUBE_CACHE overrides the cache root; KUBE_ENV_TRIMPATH=1 adds -trimpath.
set -euo pipefail
cd "$(dirname "$0")"
version="$(cat VERSION)"
out="${ARKONIS_KUBE_CACHE:-$HOME/.cache/arkonis/kube}/${version}"
export PATH="$PATH:/usr/local/go/bin"

cached_ok() {
  [[ -x "$out/etcd" && -x "$out/kube-apiserver" && -x "$out/kubectl" ]] &&
    "$out/etcd" --version >/dev/null 2>&1 &&
    "$out/kube-apiserver" --version >/dev/null 2>&1 &&
    "$out/kubectl" version --client >/dev/null 2>&1
}

mkdir -p "$out"
# One builder at a time per machine (parallel test runs may all ask for the binaries).
exec 9>"$out/.build.lock"
flock 9
if cached_ok; then echo "$out"; exit 0; fi

command -v go >/dev/null || { echo "go toolchain not found (need Go >= 1.25 on PATH)" >&2; exit 1; }
echo "building kube-apiserver, kubectl, etcd ${version} into $out (first time only; takes a while)" >&2
tmp="$(mktemp -d "$out/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
flags=(-v -ldflags="-s -w")
[[ "${KUBE_ENV_TRIMPATH:-0}" == 1 ]] && flags+=(-trimpath)
start=$SECONDS

# `go build -v` names each package as it compiles: print a count every 100 packages, plus a
# heartbeat every 30 s (linking prints nothing for a while), so a long build never looks hung.
( while sleep 30; do echo "  ... still building, $((SECONDS - start))s" >&2; done ) &
heartbeat=$!
trap 'kill "$heartbeat" 2>/dev/null; rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build "${flags[@]}" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl ./cmd/etcd 2>&1 |
  awk '/^(#|go: )|\.go:[0-9]+/ { print; fflush(); next }
       { n++; if (n % 100 == 0) { printf "  ... %d packages compiled\n", n; fflush() } }' >&2
for b in etcd kube-apiserver kubectl; do
  [[ -x "$tmp/$b" ]] || { echo "build failed: $b missing" >&2; exit 1; }
  mv -f "$tmp/$b" "$out/$b"
done
cached_ok || { echo "built binaries do not run" >&2; exit 1; }
echo "built in $((SECONDS - start))s: $(ls "$out" | tr '\n' ' ')" >&2
echo "$out"
