#!/usr/bin/env bash
# rebuild.sh: rebuild every embedded snapshot and the release table.
#
#   stdlib-snapshots/rebuild.sh [MINOR...]     (as root, from the repository root)
#
# 1. fetch-sources.sh gathers CPython sources, stdlib trees, docs inventories
#    and interpreters for 3.9-3.15 from the package registries this machine
#    reaches, and writes $PYREFCHECK_CACHE/MANIFEST.tsv.
# 2. `pyrefcheck index` builds $PYREFCHECK_BUILD/<minor>.snap from each
#    row: the stdlib tree for Python sources, the source tree for C sources,
#    objects.inv, and the interpreter introspected at build time.
# 3. cmd/bundle packs them into stdlib-snapshots/snapshots.bundle, which
#    the binary embeds.
# 4. The release table is regenerated from python-releases.toml when
#    PYREFCHECK_RELEASES_TOML names one.
# Running it twice gives byte-identical files. It is not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${PYREFCHECK_CACHE:-/var/cache/pyrefcheck}
build=${PYREFCHECK_BUILD:-stdlib-snapshots/build}
mkdir -p "$build"
export PYREFCHECK_CACHE=$cache

if [ "${SKIP_FETCH:-}" != 1 ]; then
	bash stdlib-snapshots/fetch-sources.sh
fi
manifest=$cache/MANIFEST.tsv
[ -f "$manifest" ] || { echo "rebuild: $manifest missing" >&2; exit 1; }

bin=$(mktemp -d)/pyrefcheck
trap 'rm -rf "$(dirname "$bin")"' EXIT
# Keep the versions not rebuilt now: unpack the current bundle first.
go run ./stdlib-snapshots/cmd/bundle -x "$build" stdlib-snapshots/snapshots.bundle 2>/dev/null || true
: > stdlib-snapshots/snapshots.bundle  # the old bundle may be of an older format
go build -o "$bin" ./cmd/pyrefcheck

printf '%-6s %-8s %-44s %8s %8s %8s %8s %10s %6s\n' version micro evidence modules names c-syms files bytes secs
# build_one MINOR: index one manifest row. Versions with C sources are built
# first (pass 1) so that the others can borrow their platform-specific
# modules as inferred knowledge (pass 2).
build_one() {
	local minor micro src lib inv python pymicro partial
	IFS=$'\t' read -r minor micro src lib inv python pymicro partial < <(awk -F'\t' -v m="$1" '$1 == m' "$manifest")
	args=(--version "$minor" --micro "$micro" -o "$build/$minor.snap" -q)
	evidence=()
	if [ "$lib" != - ]; then args+=(--lib "$lib"); evidence+=("py:$micro"); fi
	if [ "$src" != - ]; then args+=(--source "$src"); evidence+=("c:$(basename "$(readlink -f "$src")")"); fi
	if [ "$inv" != - ]; then args+=(--inventory "$inv"); evidence+=(docs); fi
	if [ "$python" != - ]; then args+=(--python "$python"); evidence+=("rt:$pymicro"); fi
	if [ "$src" = - ]; then
		for nb in $(neighbours "$minor"); do
			args+=(--neighbour "$nb"); evidence+=("nb:$(basename "$nb" .snap)")
		done
	fi
	start=$(date +%s)
	"$bin" index "${args[@]}"
	secs=$(( $(date +%s) - start ))
	"$bin" snapshots --json --snapshots "$build" | python3 -c '
import json, sys
minor = sys.argv[1]
for r in json.load(sys.stdin):
    if r["version"] == minor:
        print("%-6s %-8s %-44s %8d %8d %8d %8d %10d %6s" % (r["version"], r["micro"], sys.argv[2], r["modules"], r["names"], r["c_symbols"], r["files"], r["size"], sys.argv[3]))
' "$minor" "$(IFS=,; echo "${evidence[*]}")" "$secs"
}

# neighbours MINOR: the snapshots built from C sources, nearest first.
neighbours() {
	awk -F'\t' -v m="$1" '!/^#/ && $3 != "-" { split($1, a, "."); split(m, b, "."); d = a[2] - b[2]; if (d < 0) d = -d; print d "\t" $1 }' "$manifest" |
		sort -n | while IFS=$'\t' read -r _ nb; do [ -f "$build/$nb.snap" ] && echo "$build/$nb.snap"; done
}

want="$*"
for pass in 1 2; do
	while IFS=$'\t' read -r minor micro src _; do
		case "$minor" in \#*|"") continue ;; esac
		if [ $pass = 1 ] && [ "$src" = - ]; then continue; fi
		if [ $pass = 2 ] && [ "$src" != - ]; then continue; fi
		if [ -n "$want" ] && [[ " $want " != *" $minor "* ]]; then continue; fi
		build_one "$minor"
	done < "$manifest"
done

touch stdlib-snapshots/snapshots.bundle
go run ./stdlib-snapshots/cmd/bundle -o stdlib-snapshots/snapshots.bundle "$build"/*.snap
ls -l stdlib-snapshots/snapshots.bundle

if [ -n "${PYREFCHECK_RELEASES_TOML:-}" ]; then
	go run ./verify/versions/cmd/genreleases -toml "$PYREFCHECK_RELEASES_TOML" -o stdlib-snapshots/releases.json
fi
