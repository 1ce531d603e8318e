package pysrc

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// realLibs finds CPython Lib trees on this machine: the pyrefcheck cache's
// checkouts and pyenv installs.
func realLibs() map[string]string {
	libs := map[string]string{}
	cache := os.Getenv("PYREFCHECK_CACHE")
	if cache == "" {
		cache = "/var/cache/pyrefcheck"
	}
	if dir := filepath.Join(cache, "src", "3.13", "Lib"); exists(filepath.Join(dir, "os.py")) {
		libs["3.13"] = dir
	}
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		home, _ := os.UserHomeDir()
		root = filepath.Join(home, ".pyenv")
	}
	if m, _ := filepath.Glob(filepath.Join(root, "versions", "3.12.*", "lib", "python3.12", "os.py")); len(m) > 0 {
		libs["3.12"] = filepath.Dir(m[0])
	}
	return libs
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestRealLib(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes a whole CPython Lib")
	}
	libs := realLibs()
	if len(libs) == 0 {
		t.Skip("no CPython 3.12 or 3.13 Lib on this machine")
	}
	for version, dir := range libs {
		t.Run(version, func(t *testing.T) {
			tree := snapshot.NewTree(version, "")
			st, err := Index(tree, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d files, %d with parse errors %v, %d modules, %d names, %d star imports, link %d aliases %d placeholders",
				dir, st.Files, st.ParseErrors, st.ParseErrorFiles, st.Modules, st.Names, st.StarImports, st.Link.Aliases, st.Link.Placeholders)

			node := func(dotted string) *snapshot.Node {
				t.Helper()
				n := tree.Lookup(dotted)
				if n == nil {
					t.Errorf("%s is missing", dotted)
				}
				return n
			}
			kind := func(dotted string, want snapshot.Kind) *snapshot.Node {
				t.Helper()
				n := node(dotted)
				if n != nil && n.Kind != want {
					t.Errorf("%s is a %s, want %s", dotted, n.Kind, want)
				}
				return n
			}
			alias := func(dotted, target string) {
				t.Helper()
				if n := kind(dotted, snapshot.KindAlias); n != nil && n.Target != target {
					t.Errorf("%s -> %s, want %s", dotted, n.Target, target)
				}
			}
			bases := func(dotted string, want ...string) {
				t.Helper()
				if n := kind(dotted, snapshot.KindClass); n != nil && !slices.Equal(n.Bases, want) {
					t.Errorf("%s bases = %v, want %v", dotted, n.Bases, want)
				}
			}

			if n := kind("tarfile.TarFile.extractall", snapshot.KindMethod); n != nil && !snapshot.AcceptsKeyword(n.Params, "filter") {
				t.Errorf("tarfile.TarFile.extractall params %s lack filter", snapshot.FormatParams(n.Params))
			}
			alias("asyncio.StreamWriter", "asyncio.streams.StreamWriter")
			alias("json.JSONDecoder", "json.decoder.JSONDecoder")
			alias("os.path", "posixpath")
			kind("hashlib.sha256", snapshot.KindAttribute)
			bases("http.cookies.SimpleCookie", "http.cookies.BaseCookie")
			bases("socket.socket", "_socket.socket")
			if n := kind("socket.AddressFamily", snapshot.KindClass); n != nil && n.Flags&snapshot.FlagOpen == 0 {
				t.Error("socket.AddressFamily is not open")
			}
			kind("zipfile", snapshot.KindPackage)
			kind("zipfile._path", snapshot.KindPackage)
			kind("xml.etree.ElementTree.XMLParser", snapshot.KindClass)
			kind("test.support", snapshot.KindPackage)
			kind("test.support.os_helper.TESTFN", snapshot.KindAttribute)
			if n := node("calendar"); n != nil && n.Flags&snapshot.FlagOpen == 0 {
				t.Error("calendar (module __getattr__) is not open")
			}
			node("collections.abc")
			if f := tree.Files["Lib/tarfile.py"]; f == nil || !slices.Contains(f.Defs, "extractall") {
				t.Error("Lib/tarfile.py does not list extractall")
			}
			if tree.Lookup("site-packages") != nil || tree.Lookup("lib-dynload") != nil {
				t.Error("indexed a non-stdlib directory")
			}
		})
	}
}
