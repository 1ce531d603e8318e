#!/usr/bin/env bash
# fetch-sources.sh: the data-fetching half of the stdlib snapshot rebuild.
#
# Gathers, for CPython 3.9 to 3.15, whatever this kind of machine can get:
# upstream source trees, pure-Python stdlib trees, Sphinx docs inventories
# (objects.inv) and an interpreter to introspect, then writes MANIFEST.tsv
# saying which is where.
#
# Sources (see the project's notes on where CPython can be had):
#   - Debian source packages: python3.11 (bookworm), python3.13 (trixie);
#     only the upstream .orig tarball is unpacked, Debian's patches are not.
#   - Debian sid binary packages for 3.13, 3.14, 3.15, unpacked with dpkg -x
#     (never installed), run through sid's own dynamic loader and libraries.
#   - python3.11-doc from bookworm for the 3.11 inventory.
#   - pyenv interpreters, when the machine has them (3.9 to 3.13).
#   - optionally the npm package pyodide@0.27.x, whose python_stdlib.zip is a
#     3.12.x pure-Python stdlib.
#
# Layout under $PYREFCHECK_CACHE (default /var/cache/pyrefcheck):
#   debs/            downloaded .deb/.dsc/.orig/npm tarballs (kept: re-runs reuse them)
#   src/3.X/         upstream CPython source trees
#   root/3.X/        dpkg -x of sid's python3.X packages
#   sidlibs/         dpkg -x of sid's libc6 and the libraries the interpreters need
#   bin/python3.X    wrappers running the sid interpreters through sidlibs' loader
#   doc/3.11/        dpkg -x of bookworm's python3.11-doc
#   inv/3.X/objects.inv
#   pyodide/         the unpacked pyodide npm package (optional)
#   lib/3.12.M/      pyodide's stdlib zip, unpacked (optional)
#   report/          dynload-3.X.tsv: import result of every lib-dynload module
#   MANIFEST.tsv     one row per minor 3.9..3.15 (columns in its '#' header line)
#
# Idempotent: each step records what it unpacked in a .pyrefcheck-stamp file
# and is skipped when that still matches; downloads are not repeated.
# Runs as root (it writes apt configuration). Environment:
#   PYREFCHECK_CACHE        cache folder
#   PYREFCHECK_APT_UPDATE=1 force `apt-get update` even if the lists look current
#   PYREFCHECK_NO_PYODIDE=1 skip the optional pyodide step
#   PYREFCHECK_PYODIDE=0.27.x  pin an exact pyodide version (default: newest 0.27.x)
set -euo pipefail

CACHE=${PYREFCHECK_CACHE:-/var/cache/pyrefcheck}
DEBIAN_URI=http://deb.debian.org/debian
APT_SOURCES=/etc/apt/sources.list.d/pyrefcheck.sources
APT_PINS=/etc/apt/preferences.d/pyrefcheck-pins
SID_MINORS=(3.13 3.14 3.15)
ALL_MINORS=(3.9 3.10 3.11 3.12 3.13 3.14 3.15)
# Per sid minor: the packages whose files make up the interpreter and stdlib.
# -venv (ensurepip), -tk (tkinter), idle-python (idlelib) and -gdbm (dbm.gnu)
# are split out of the stdlib by Debian; they are unpacked too so that the
# stdlib tree is whole.
SID_PY_PKGS=(libpython@-minimal libpython@-stdlib libpython@-testsuite python@-minimal
             python@-doc python@-venv python@-tk idle-python@ python@-gdbm)
# sid libraries the sid interpreters and their lib-dynload modules link against.
# (No libmpdec4: sid's _decimal uses its bundled libmpdec. libtk8.6 pulls the
# X11/fontconfig libraries from the host, which has them.)
SID_LIBS=(libc6 libgcc-s1 libssl3t64 libffi8 libexpat1 zlib1g libbz2-1.0
          liblzma5 libsqlite3-0 libncursesw6 libtinfo6 libreadline8t64 libuuid1
          libzstd1 libdb5.3t64 libgdbm6t64 libgdbm-compat4t64 libtcl8.6 libtk8.6)
MULTIARCH=x86_64-linux-gnu

START=$(date +%s)
log() { printf '[fetch-sources %3ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# This image's apt keeps no binary package cache (Dir::Cache::pkgcache ""), so
# every apt call re-parses all lists (seconds each); keep one in the cache dir.
APT_OPTS=(-o "Dir::Cache::pkgcache=$CACHE/apt/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$CACHE/apt/srcpkgcache.bin")
APT=(apt-get -q -o APT::Sandbox::User=root "${APT_OPTS[@]}")

# write_if_changed FILE: write stdin to FILE unless it already holds exactly that.
# Returns 0 when the file changed.
write_if_changed() {
  local f=$1 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $f ]] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; return 1; fi
  install -m 0644 "$tmp" "$f"
  rm -f "$tmp"
  return 0
}

# ---------------------------------------------------------------- apt set-up
setup_apt() {
  local changed=0
  write_if_changed "$APT_SOURCES" <<EOF && changed=1
# Added by pyrefcheck stdlib-snapshots/fetch-sources.sh.
# Sources for bookworm and trixie; binaries from trixie and sid, pinned low in
# $APT_PINS so nothing is installed from them by accident.
Types: deb-src
URIs: $DEBIAN_URI
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_URI
Suites: trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  write_if_changed "$APT_PINS" <<'EOF' && changed=1
# Added by pyrefcheck stdlib-snapshots/fetch-sources.sh: sid and trixie are
# only for `apt-get download` / `apt-get source`, never for installing.
Package: *
Pin: release n=sid
Pin-Priority: 50

Package: *
Pin: release n=trixie
Pin-Priority: 60
EOF
  local have_lists=1
  compgen -G '/var/lib/apt/lists/*_dists_sid_main_binary-amd64_Packages*' >/dev/null || have_lists=0
  compgen -G '/var/lib/apt/lists/*_dists_trixie_main_source_Sources*' >/dev/null || have_lists=0
  compgen -G '/var/lib/apt/lists/*_dists_bookworm_main_source_Sources*' >/dev/null || have_lists=0
  if (( changed || !have_lists )) || [[ ${PYREFCHECK_APT_UPDATE:-} == 1 ]]; then
    log "apt-get update"
    "${APT[@]}" update >&2
  else
    log "apt configuration unchanged and lists present: no apt-get update"
  fi
  # host tools this script uses
  local need=()
  command -v xz >/dev/null || need+=(xz-utils)
  command -v unzip >/dev/null || need+=(unzip)
  if ((${#need[@]})); then "${APT[@]}" install -y --no-install-recommends "${need[@]}" >&2; fi
}

# Versions apt knows, as "PKG | VERSION | URI SUITE/COMPONENT ARCH Packages"
# lines (madison's format) from one `apt-cache policy` call: madison itself
# looks every name up in the Sources lists as well and takes seconds a name.
VERSIONS=""
load_versions() {
  local names=(python3.11-doc "${SID_LIBS[@]}") m t
  for m in "${SID_MINORS[@]}"; do for t in "${SID_PY_PKGS[@]}"; do names+=("${t//@/$m}"); done; done
  VERSIONS=$(apt-cache "${APT_OPTS[@]}" policy "${names[@]}" 2>/dev/null | awk '
    /^[^ ].*:$/ { pkg = substr($0, 1, length($0) - 1); next }
    /^ (\*\*\*|   ) [^ ]+ -?[0-9]+$/ { ver = $(NF - 1); next }
    /^ +-?[0-9]+ [a-z]+:\/\// && pkg != "" { $1 = ""; sub(/^ /, ""); print pkg " | " ver " | " $0 }' || true)
}

# pkg_version PKG SUITE-REGEX: the newest version of binary package PKG in a
# suite matching SUITE-REGEX (e.g. 'sid', 'bookworm(-security|-updates)?'),
# or nothing. apt's version tables run newest first.
pkg_version() {
  printf '%s\n' "$VERSIONS" | awk -F' [|] ' -v pkg="$1" -v suite="$2" '
    $1 == pkg && $3 ~ (" " suite "/main ") && $3 ~ /Packages$/ { print $2; exit }'
}

# src_version SRC: the newest version of source package SRC in the deb-src
# lists (only bookworm and trixie have deb-src entries here).
src_version() {
  apt-cache "${APT_OPTS[@]}" showsrc --only-source "$1" 2>/dev/null |
    sed -n 's/^Version: //p' | sort -V | tail -n1 || true
}

# deb_files DIR PKG=VERSION...: print the path of each PKG=VERSION's .deb in
# DIR, one per line in order, downloading (in one apt-get call) those absent.
deb_files() {
  local dir=$1; shift
  mkdir -p "$dir"
  local pv missing=()
  for pv in "$@"; do
    compgen -G "$dir/${pv%%=*}_$(deb_ver "${pv#*=}")_*.deb" >/dev/null || missing+=("$pv")
  done
  if ((${#missing[@]})); then
    local tmp; tmp=$(mktemp -d "$dir/.dl.XXXXXX")
    log "apt-get download ${missing[*]}"
    (cd "$tmp" && "${APT[@]}" download "${missing[@]}" >&2)
    mv "$tmp"/*.deb "$dir"/
    rmdir "$tmp"
  fi
  local f
  for pv in "$@"; do
    f=$(compgen -G "$dir/${pv%%=*}_$(deb_ver "${pv#*=}")_*.deb" | head -n1 || true)
    [[ -n $f ]] || die "no .deb for $pv"
    printf '%s\n' "$f"
  done
}
# a version as it appears in a .deb's file name (epoch colon encoded)
deb_ver() { printf '%s' "${1//:/%3a}"; }

# unpack_debs DEST STAMP DEB...: dpkg -x every DEB into a fresh DEST unless
# DEST's stamp already lists exactly these files.
unpack_debs() {
  local dest=$1 stamp=$2; shift 2
  if [[ -f $dest/.pyrefcheck-stamp ]] && [[ $(cat "$dest/.pyrefcheck-stamp") == "$stamp" ]]; then
    log "up to date: ${dest#"$CACHE"/}"
    return 0
  fi
  local tmp="$dest.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  local d
  for d in "$@"; do dpkg -x "$d" "$tmp"; done
  printf '%s\n' "$stamp" >"$tmp/.pyrefcheck-stamp"
  rm -rf "$dest"; mv "$tmp" "$dest"
  log "unpacked ${dest#"$CACHE"/} ($# packages)"
}

# ------------------------------------------------------------ source trees
# fetch_source MINOR SRCPKG: unpack the upstream tarball of SRCPKG's newest
# version (python3.11 exists only in bookworm, python3.13 only in trixie, the
# suites with deb-src entries) into src/MINOR.
fetch_source() {
  local minor=$1 src=$2 ver dir="$CACHE/debs/src"
  ver=$(src_version "$src")
  [[ -n $ver ]] || die "apt knows no source package $src (deb-src missing?)"
  local upstream=${ver%-*}; upstream=${upstream#*:}
  mkdir -p "$dir"
  local orig
  orig=$(compgen -G "$dir/${src}_${upstream}.orig.tar.*" | grep -v '\.asc$' | head -n1 || true)
  if [[ -z $orig ]]; then
    log "apt-get source --download-only $src=$ver"
    local tmp; tmp=$(mktemp -d "$dir/.dl.XXXXXX")
    (cd "$tmp" && "${APT[@]}" source --download-only "$src=$ver" >&2)
    mv "$tmp"/* "$dir"/
    rmdir "$tmp"
    orig=$(compgen -G "$dir/${src}_${upstream}.orig.tar.*" | grep -v '\.asc$' | head -n1)
  fi
  local dest="$CACHE/src/$minor" stamp
  stamp="$src $ver $(basename "$orig")"
  if [[ -f $dest/.pyrefcheck-stamp ]] && [[ $(cat "$dest/.pyrefcheck-stamp") == "$stamp" ]]; then
    log "up to date: src/$minor ($src $ver)"
    return 0
  fi
  local tmp="$dest.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  tar -xf "$orig" -C "$tmp" --strip-components=1
  local sub
  for sub in Lib Modules Objects Python Include PC Doc; do
    [[ -d $tmp/$sub ]] || die "$orig has no $sub/ at its top"
  done
  printf '%s\n' "$stamp" >"$tmp/.pyrefcheck-stamp"
  rm -rf "$dest"; mv "$tmp" "$dest"
  log "unpacked src/$minor from $(basename "$orig") ($src $ver)"
}

# micro of a source tree, from Include/patchlevel.h
src_micro() {
  sed -n 's/^#define PY_VERSION[[:space:]]*"\([^"]*\)".*/\1/p' "$1/Include/patchlevel.h"
}

# ---------------------------------------------------------- sid interpreters
fetch_sid_libs() {
  local want=() debs=() p ver
  for p in "${SID_LIBS[@]}"; do
    ver=$(pkg_version "$p" sid)
    if [[ -z $ver ]]; then log "sid has no $p: skipped"; continue; fi
    want+=("$p=$ver")
  done
  mapfile -t debs < <(deb_files "$CACHE/debs/sid" "${want[@]}")
  ((${#debs[@]} == ${#want[@]})) || die "sid library download failed"
  local stamp="${want[*]}"
  unpack_debs "$CACHE/sidlibs" "$stamp" "${debs[@]}"
}

sid_loader() { printf '%s\n' "$CACHE/sidlibs/usr/lib/$MULTIARCH/ld-linux-x86-64.so.2"; }
sid_libpath() {
  printf '%s\n' "$CACHE/sidlibs/usr/lib/$MULTIARCH:$CACHE/sidlibs/lib/$MULTIARCH:/lib/$MULTIARCH:/usr/lib/$MULTIARCH"
}

fetch_sid_python() {
  local minor=$1
  local want=() debs=() t p ver
  for t in "${SID_PY_PKGS[@]}"; do
    p=${t//@/$minor}
    ver=$(pkg_version "$p" sid)
    if [[ -z $ver ]]; then log "sid has no $p: skipped"; continue; fi
    want+=("$p=$ver")
  done
  ((${#want[@]})) || die "sid has no packages for python$minor"
  mapfile -t debs < <(deb_files "$CACHE/debs/sid" "${want[@]}")
  ((${#debs[@]} == ${#want[@]})) || die "python$minor download failed"
  local stamp="${want[*]}"
  unpack_debs "$CACHE/root/$minor" "$stamp" "${debs[@]}"
  relink_absolute "$CACHE/root/$minor"
  # python3.X-doc has it at usr/share/doc/python3.X/html/objects.inv; search
  # in case a later package moves it.
  local inv
  inv=$(find "$CACHE/root/$minor/usr/share/doc" -name objects.inv 2>/dev/null | head -n1 || true)
  if [[ -n $inv ]]; then
    mkdir -p "$CACHE/inv/$minor"
    cp -L "$inv" "$CACHE/inv/$minor/objects.inv"
  fi
  write_wrapper "$minor"
}

# relink_absolute ROOT: symlinks under ROOT/usr/lib pointing to an absolute
# path that the unpacked ROOT has (Debian's sitecustomize.py ->
# /etc/python3.X/sitecustomize.py) are made relative, so they resolve inside ROOT.
relink_absolute() {
  local root=$1 l t
  while IFS= read -r -d '' l; do
    t=$(readlink "$l")
    [[ $t == /* && -e $root$t ]] || continue
    ln -sfn "$(realpath --relative-to="$(dirname "$l")" -s "$root$t")" "$l"
  done < <(find "$root/usr/lib" -type l -lname '/*' -print0)
}

write_wrapper() {
  local minor=$1
  local w="$CACHE/bin/python$minor"
  mkdir -p "$CACHE/bin"
  # --argv0 makes sys.executable the wrapper itself, so that subprocesses the
  # interpreter starts with sys.executable go through the sid loader as well.
  write_if_changed "$w" <<EOF || true
#!/bin/sh
# Generated by pyrefcheck stdlib-snapshots/fetch-sources.sh: Debian sid's
# python$minor, unpacked (not installed) under $CACHE/root/$minor and run through
# sid's dynamic loader, since it needs a newer glibc than the host's.
PYTHONHOME='$CACHE/root/$minor/usr'
export PYTHONHOME
exec '$(sid_loader)' --argv0 "\$0" --library-path '$(sid_libpath)' '$CACHE/root/$minor/usr/bin/python$minor' "\$@"
EOF
  chmod 0755 "$w"
}

# check_sid MINOR: run the wrapper on the core modules, then import every
# lib-dynload module; writes report/dynload-MINOR.tsv. Returns non-zero when
# the interpreter cannot run the core check.
check_sid() {
  local minor=$1
  local w="$CACHE/bin/python$minor" out
  mkdir -p "$CACHE/report"
  if ! out=$("$w" -c 'import sys, ssl, sqlite3, ctypes, decimal, _ctypes, readline; print(sys.version.split()[0])' 2>&1); then
    log "python$minor (sid) fails its core check: $out"
    return 1
  fi
  log "python$minor (sid) runs: $out"
  "$w" - >"$CACHE/report/dynload-$minor.tsv" 2>&1 <<'EOF' || true
import importlib, os, sys, sysconfig
d = os.path.join(sys.prefix, "lib", "python%d.%d" % sys.version_info[:2], "lib-dynload")
suffix = sysconfig.get_config_var("EXT_SUFFIX")
names = sorted(f[: -len(suffix)] for f in os.listdir(d) if f.endswith(suffix))
for n in names:
    try:
        importlib.import_module(n)
        print(n, "ok", "", sep="\t")
    except BaseException as e:
        print(n, "FAIL", ("%s: %s" % (type(e).__name__, e)).replace("\n", " "), sep="\t")
EOF
  local n_all n_fail
  n_all=$(grep -c . "$CACHE/report/dynload-$minor.tsv" || true)
  n_fail=$(grep -c $'\tFAIL\t' "$CACHE/report/dynload-$minor.tsv" || true)
  log "python$minor (sid) lib-dynload: $n_all modules, $n_fail fail to import"
  grep $'\tFAIL\t' "$CACHE/report/dynload-$minor.tsv" | sed 's/^/    /' >&2 || true
}

# ------------------------------------------------------------ bookworm docs
fetch_bookworm_doc() {
  local ver deb
  ver=$(pkg_version python3.11-doc 'bookworm(-security|-updates)?')
  [[ -n $ver ]] || { log "no python3.11-doc in bookworm: 3.11 has no inventory"; return 0; }
  deb=$(deb_files "$CACHE/debs/bookworm" "python3.11-doc=$ver")
  unpack_debs "$CACHE/doc/3.11" "python3.11-doc=$ver" "$deb"
  local inv
  inv=$(find "$CACHE/doc/3.11/usr/share/doc" -name objects.inv | head -n1 || true)
  [[ -n $inv ]] || die "python3.11-doc $ver has no objects.inv"
  mkdir -p "$CACHE/inv/3.11"
  cp -L "$inv" "$CACHE/inv/3.11/objects.inv"
}

# ------------------------------------------------------------ pyodide (optional)
fetch_pyodide() {
  [[ ${PYREFCHECK_NO_PYODIDE:-} == 1 ]] && { log "pyodide skipped (PYREFCHECK_NO_PYODIDE=1)"; return 0; }
  command -v npm >/dev/null || { log "no npm: pyodide skipped"; return 0; }
  local pyver=${PYREFCHECK_PYODIDE:-} dir="$CACHE/debs/npm"
  mkdir -p "$dir"
  if [[ -z $pyver ]]; then
    # newest 0.27.x; fall back to a tarball already in the cache when offline
    pyver=$(npm view 'pyodide@0.27' version --json 2>/dev/null | tr -d '[]" \n' | tr ',' '\n' | sort -V | tail -n1 || true)
    if [[ -z $pyver ]]; then
      pyver=$(compgen -G "$dir/pyodide-0.27.*.tgz" | sed 's/.*pyodide-\(.*\)\.tgz/\1/' | sort -V | tail -n1 || true)
    fi
    [[ -n $pyver ]] || { log "pyodide@0.27.x not available: skipped"; return 0; }
  fi
  local tgz="$dir/pyodide-$pyver.tgz"
  if [[ ! -f $tgz ]]; then
    log "npm pack pyodide@$pyver"
    (cd "$dir" && npm pack --silent "pyodide@$pyver" >&2) || { log "npm pack pyodide@$pyver failed: skipped"; return 0; }
  fi
  local dest="$CACHE/pyodide" stamp="pyodide $pyver"
  if ! { [[ -f $dest/.pyrefcheck-stamp ]] && [[ $(cat "$dest/.pyrefcheck-stamp") == "$stamp" ]]; }; then
    rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
    tar -xzf "$tgz" -C "$dest.tmp" --strip-components=1
    printf '%s\n' "$stamp" >"$dest.tmp/.pyrefcheck-stamp"
    rm -rf "$dest"; mv "$dest.tmp" "$dest"
    log "unpacked pyodide $pyver"
  fi
  [[ -f $dest/python_stdlib.zip ]] || { log "pyodide $pyver has no python_stdlib.zip: skipped"; return 0; }
  # The exact micro: pyodide-lock.json's info.python, checked against the
  # sys.version string compiled into the stdlib's own sysconfigdata if present.
  local micro
  micro=$(sed -n 's/.*"python"[[:space:]]*:[[:space:]]*"\(3\.[0-9]*\.[0-9]*\)".*/\1/p' "$dest/pyodide-lock.json" 2>/dev/null | head -n1 || true)
  [[ $micro =~ ^3\.12\.[0-9]+$ ]] || { log "pyodide $pyver: cannot tell its Python micro (got '$micro'): skipped"; return 0; }
  local lib="$CACHE/lib/$micro" zstamp
  zstamp="pyodide $pyver python_stdlib.zip $(sha256sum "$dest/python_stdlib.zip" | cut -c1-16)"
  if [[ -f $lib/.pyrefcheck-stamp ]] && [[ $(cat "$lib/.pyrefcheck-stamp") == "$zstamp" ]]; then
    log "up to date: lib/$micro (pyodide $pyver)"
  else
    rm -rf "$lib.tmp"; mkdir -p "$lib.tmp"
    unzip -q "$dest/python_stdlib.zip" -d "$lib.tmp"
    # pyodide's own packages are not stdlib
    rm -rf "$lib.tmp/pyodide" "$lib.tmp/_pyodide"
    printf '%s\n' "$zstamp" >"$lib.tmp/.pyrefcheck-stamp"
    rm -rf "$lib"; mv "$lib.tmp" "$lib"
    log "unpacked pyodide $pyver stdlib into lib/$micro"
  fi
  printf '%s\n' "$micro" >"$CACHE/pyodide/.python-micro"
}

# ------------------------------------------------------------ manifest
# py_micro INTERPRETER: its X.Y.Z, or nothing when it does not run
py_micro() { "$1" -c 'import platform; print(platform.python_version())' 2>/dev/null || true; }

# pyenv_version MINOR: newest installed pyenv version of MINOR (X.Y.Z), or nothing
PYENV_VERSIONS=""
pyenv_version() {
  command -v pyenv >/dev/null || return 0
  [[ -n $PYENV_VERSIONS ]] || PYENV_VERSIONS=$(pyenv versions --bare --skip-aliases 2>/dev/null || true)
  printf '%s\n' "$PYENV_VERSIONS" | grep -E "^${1//./\\.}\.[0-9]+$" | sort -V | tail -n1 || true
}

vmax() { printf '%s\n' "$@" | sort -V | tail -n1; }

write_manifest() {
  local out="$CACHE/MANIFEST.tsv.tmp" minor
  # stdlib: the newest *complete* stdlib tree of that minor, stdlib_micro its
  # micro. partial_stdlib: a newer tree that lacks parts of the stdlib
  # (pyodide's 3.12.x: no ssl, sqlite3, lzma, curses, dbm, tkinter, test, ...)
  # as "micro:path", else "-".
  printf '#minor\tstdlib_micro\tsrc\tstdlib\tobjects_inv\tinterpreter\tinterpreter_micro\tpartial_stdlib\n' >"$out"
  for minor in "${ALL_MINORS[@]}"; do
    local src=- inv=- interp=- imicro=- best_micro="" best_lib="" partial=-
    # candidate stdlib trees: "micro path" lines, newest wins
    local cands=()
    if [[ -d $CACHE/src/$minor/Lib ]]; then
      src="$CACHE/src/$minor"
      cands+=("$(src_micro "$src") $src/Lib")
    fi
    local pv pyenv_py=""
    pv=$(pyenv_version "$minor")
    if [[ -n $pv ]]; then
      local prefix; prefix=$(pyenv prefix "$pv")
      pyenv_py="$prefix/bin/python$minor"
      [[ -x $pyenv_py ]] || pyenv_py=""
      [[ -d $prefix/lib/python$minor ]] && cands+=("$pv $prefix/lib/python$minor")
    fi
    local sid_ok=0 sid_micro=""
    if [[ -d $CACHE/root/$minor/usr/lib/python$minor ]]; then
      if [[ -x $CACHE/bin/python$minor ]]; then sid_micro=$(py_micro "$CACHE/bin/python$minor"); fi
      [[ -n $sid_micro ]] && sid_ok=1
      if [[ -z $sid_micro ]]; then
        # from the package version, e.g. 3.14.10-1
        sid_micro=$(sed -n "s/.*libpython$minor-stdlib=\([0-9.]*\)[-+~].*/\1/p" "$CACHE/root/$minor/.pyrefcheck-stamp")
      fi
      cands+=("$sid_micro $CACHE/root/$minor/usr/lib/python$minor")
    fi
    if [[ $minor == 3.12 && -f $CACHE/pyodide/.python-micro ]]; then
      local pm; pm=$(cat "$CACHE/pyodide/.python-micro")
      [[ -d $CACHE/lib/$pm ]] && partial="$pm:$CACHE/lib/$pm"
    fi
    if ((${#cands[@]})); then
      local line
      line=$(printf '%s\n' "${cands[@]}" | sort -V -k1,1 | tail -n1)
      best_micro=${line%% *}; best_lib=${line#* }
    fi
    # a partial tree counts only when newer than the complete one
    if [[ $partial != - && -n $best_micro ]] && \
       [[ $(vmax "${partial%%:*}" "$best_micro") == "$best_micro" ]]; then partial=-; fi
    [[ -f $CACHE/inv/$minor/objects.inv ]] && inv="$CACHE/inv/$minor/objects.inv"
    # interpreter: sid's when it runs (newer micro), else pyenv's
    if ((sid_ok)); then
      interp="$CACHE/bin/python$minor"; imicro=$sid_micro
    elif [[ -n $pyenv_py ]]; then
      imicro=$(py_micro "$pyenv_py")
      [[ -n $imicro ]] && interp=$pyenv_py || imicro=-
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$minor" "${best_micro:--}" "$src" "${best_lib:--}" \
      "$inv" "$interp" "$imicro" "$partial" >>"$out"
  done
  mv "$out" "$CACHE/MANIFEST.tsv"
  log "wrote MANIFEST.tsv"
}

main() {
  [[ $(id -u) == 0 ]] || die "run as root (it configures apt)"
  mkdir -p "$CACHE"/{apt,debs,src,root,inv,bin,report}
  setup_apt
  load_versions
  fetch_source 3.11 python3.11
  fetch_source 3.13 python3.13
  fetch_sid_libs
  local m
  for m in "${SID_MINORS[@]}"; do fetch_sid_python "$m"; done
  fetch_bookworm_doc
  fetch_pyodide
  for m in "${SID_MINORS[@]}"; do check_sid "$m" || true; done
  write_manifest
  log "done in $(( $(date +%s) - START ))s; cache: $CACHE ($(du -sh "$CACHE" | cut -f1))"
}

main "$@"
