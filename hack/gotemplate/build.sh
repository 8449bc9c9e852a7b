#!/usr/bin/env bash
# Builds the Go text/template + Sprig renderer (main.go, Sprig pinned in go.mod) into the
# per-machine cache ~/.cache/arkonis/gotemplate/<source hash>/gotemplate and prints that path
# on stdout's last line. Idempotent: a cached binary for the same sources returns at once.
# Env: ARKONIS_CACHE_DIR replaces ~/.cache/arkonis (as hack/kube-env/build.sh does).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/usr/local/go/bin"
hash="$(cat go.mod go.sum main.go | sha256sum | cut -c1-16)"
out="${ARKONIS_CACHE_DIR:-$HOME/.cache/arkonis}/gotemplate/${hash}"
bin="$out/gotemplate"

mkdir -p "$out"
# One builder at a time per machine (parallel test runs may all ask for the binary).
exec 9>"$out/.build.lock"
flock 9
if [[ -x "$bin" ]] && echo '{"template":"ok"}' | "$bin" >/dev/null 2>&1; then echo "$bin"; exit 0; fi

if ! command -v go >/dev/null; then
  echo "no Go toolchain on PATH (or in /usr/local/go/bin): the template differential suite needs Go >= $(sed -n 's/^go //p' go.mod)" >&2
  exit 1
fi
echo "building the Go template renderer ($(go version | cut -d' ' -f3), Sprig $(sed -n 's/.*sprig\/v3 //p' go.mod)) into $out" >&2
tmp="$(mktemp -d "$out/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$tmp/gotemplate" .
mv -f "$tmp/gotemplate" "$bin"
echo "$bin"
