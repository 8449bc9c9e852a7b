#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd (CGO_ENABLED=0, stripped) from this module's pinned
# versions into the per-machine cache ~/.cache/arkonis/kube/<k8s version>/ and prints that dir
# on stdout's last line. Idempotent: when all three cached binaries answer --version, it returns
# at once. Only the first build on a machine pays (several minutes of CPU); progress goes to stderr.
# Env: ARKONIS_CACHE_DIR replaces ~/.cache/arkonis (as in binaries.ts).
set -euo pipefail
cd "$(dirname "$0")"
version="$(cat VERSION)"
etcd_version="$(cat ETCD_VERSION)"
out="${ARKONIS_CACHE_DIR:-$HOME/.cache/arkonis}/kube/${version}"
export PATH="$PATH:/usr/local/go/bin"

# Cached binaries count only if they run and report the pinned releases (not a dev version),
# so moving VERSION/ETCD_VERSION (gen-gomod.sh) rebuilds them.
cached_ok() {
  [[ -x "$out/etcd" && -x "$out/kube-apiserver" && -x "$out/kubectl" ]] &&
    [[ "$("$out/etcd" --version 2>/dev/null)" == *"etcd Version: ${etcd_version#v}"$'\n'* ]] &&
    [[ "$("$out/kube-apiserver" --version 2>/dev/null)" == "Kubernetes ${version}" ]] &&
    [[ "$("$out/kubectl" version --client 2>/dev/null)" == *"Client Version: ${version}"* ]]
}

mkdir -p "$out"
# One builder at a time per machine (parallel test runs may all ask for the binaries).
exec 9>"$out/.build.lock"
flock 9
if cached_ok; then echo "$out"; exit 0; fi

if ! command -v go >/dev/null; then
  go_min="$(sed -n 's/^go //p' go.mod)"
  echo "no Go toolchain on PATH (or in /usr/local/go/bin): building Kubernetes ${version} needs Go >= ${go_min}" >&2
  echo "(its go.mod says go ${go_min}); install it from https://go.dev/dl/ — .ci/run does not install Go" >&2
  exit 1
fi
echo "$(go version)" >&2
echo "building kube-apiserver, kubectl ${version} and etcd ${etcd_version} into $out (first time only; takes a while)" >&2
# A heartbeat every 30 s (downloading and linking print nothing for a while), so a long build
# never looks hung; `go build -v` below adds a count every 100 packages compiled.
t0="$(date +%s)"
( while sleep 30; do echo "  ... still building, $(( $(date +%s) - t0 ))s" >&2; done ) &
heartbeat=$!
tmp="$(mktemp -d "$out/.tmp.XXXXXX")"
trap 'kill "$heartbeat" 2>/dev/null; rm -rf "$tmp"' EXIT
# Stamp the release version the way Kubernetes' own build does; unstamped binaries report
# v0.0.0-master, which kubectl cannot parse. Commit and date come from the module proxy.
info="$(go mod download -json "k8s.io/kubernetes@${version}")"
commit="$(sed -n 's/.*"Hash": "\([0-9a-f]*\)".*/\1/p' <<<"$info" | head -1)"
date="$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$(sed -n 's/.*"Info": "\(.*\)".*/\1/p' <<<"$info")" | head -1)"
minor="${version#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=${version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitCommit=${commit} -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${date}"
done
# `go build -v` names each package as it compiles; only every 100th is reported.
CGO_ENABLED=0 go build -v "-ldflags=${ldflags}" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl ./cmd/etcd 2>&1 |
  awk '/^(#|go: )|\.go:[0-9]+/ { print; fflush(); next }
       { n++; if (n % 100 == 0) { printf "  ... %d packages compiled\n", n; fflush() } }' >&2
for b in etcd kube-apiserver kubectl; do
  [[ -x "$tmp/$b" ]] || { echo "build failed: $b missing" >&2; exit 1; }
  mv -f "$tmp/$b" "$out/$b"
done
cached_ok || { echo "built binaries do not run" >&2; exit 1; }
echo "built in $(( $(date +%s) - t0 ))s: $(ls "$out" | tr '\n' ' ')" >&2
echo "$out"
