package runtime

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// The script must parse on the oldest supported interpreter; newer syntax
// would only fail there.
func TestScriptCompilesEverywhere(t *testing.T) {
	for _, v := range []string{"3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"} {
		t.Run(v, func(t *testing.T) {
			py := pyenvPython(t, v)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			d, err := Run(ctx, py, "--modules", "json")
			if err != nil {
				t.Fatal(err)
			}
			if d.Version != v {
				t.Errorf("Version = %q, want %q", d.Version, v)
			}
		})
	}
}

const subset = "tarfile,os,posix,posixpath,json,socket,_socket,signal,ssl,hashlib,_hashlib,builtins,http.cookies,zipfile,no_such_module_xyz"

func TestRunSubset(t *testing.T) {
	for _, v := range []string{"3.9.18", "3.13.0"} {
		t.Run(v, func(t *testing.T) {
			py := pyenvPython(t, v)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			d, err := Run(ctx, py, "--modules", subset)
			if err != nil {
				t.Fatal(err)
			}
			if d.Version != v {
				t.Errorf("Version = %q, want %q", d.Version, v)
			}
			if len(d.Modules) != strings.Count(subset, ",")+1 {
				t.Errorf("got %d modules, want %d", len(d.Modules), strings.Count(subset, ",")+1)
			}
			checkDump(t, v, d)

			tr := snapshot.NewTree(v[:strings.LastIndex(v, ".")], v)
			st := Index(tr, d)
			t.Logf("%s: %+v", v, st)
			checkTree(t, v, tr)

			cov := Compare(d, treeResolve(tr))
			t.Logf("%s coverage: modules %d/%d, names %d/%d (unknown %d), members %d/%d (unknown %d), params %d/%d",
				v, cov.ModulesOK, cov.Modules, cov.ModuleNamesOK, cov.ModuleNames, cov.ModuleNamesUnknown,
				cov.ClassMembersOK, cov.ClassMembers, cov.ClassMembersUnknown, cov.ParamsMatched, cov.ParamsChecked)
			// A tree built from the dump itself must cover the dump.
			if len(cov.Misses) != 0 {
				t.Errorf("self-coverage misses: %d, first %+v", len(cov.Misses), cov.Misses[:min(5, len(cov.Misses))])
			}
			if cov.ParamsChecked == 0 || cov.ClassMembers == 0 || cov.ModuleNames == 0 {
				t.Errorf("nothing compared: %+v", cov)
			}

			// A snapshot that lost a name and a keyword shows both.
			tr.Lookup("json").Children["loads"].Params = tr.Lookup("json.loads").Params[:1]
			delete(tr.Lookup("zipfile").Children, "ZipInfo")
			cov = Compare(d, treeResolve(tr))
			var got []string
			for _, m := range cov.Misses {
				if m.Symbol == "json.loads" || m.Symbol == "zipfile.ZipInfo" {
					got = append(got, m.Symbol+" "+m.Kind+" "+m.Status)
				}
			}
			want := []string{"json.loads params params-differ", "zipfile.ZipInfo name missing"}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("misses (-want +got):\n%s", d)
			}
		})
	}
}

func checkDump(t *testing.T, v string, d *Dump) {
	t.Helper()
	var missing *Module
	for i := range d.Modules {
		if d.Modules[i].Name == "no_such_module_xyz" {
			missing = &d.Modules[i]
		} else if !d.Modules[i].Imported() {
			t.Errorf("%s failed to import: %s", d.Modules[i].Name, d.Modules[i].ImportError)
		}
	}
	if missing == nil || !missing.NotFound || missing.ImportError == "" {
		t.Errorf("no_such_module_xyz = %+v, want not found", missing)
	}
	for _, n := range []struct{ module, name, kind string }{
		{"socket", "AF_INET", "other"},
		{"signal", "SIGINT", "other"},
		{"ssl", "PROTOCOL_TLS_CLIENT", "other"},
		{"hashlib", "sha256", "function"},
		{"os", "path", "module"},
		{"os", "stat", "function"},
		{"json", "loads", "function"},
		{"tarfile", "TarFile", "class"},
	} {
		got := findName(d, n.module, n.name)
		if got == nil || got.Kind != n.kind {
			t.Errorf("%s.%s = %+v, want kind %s", n.module, n.name, got, n.kind)
		}
	}
	if p := findName(d, "os", "path"); p != nil && p.Target != "posixpath" {
		t.Errorf("os.path target = %q, want posixpath", p.Target)
	}
	if s := findName(d, "os", "stat"); s != nil && s.DefinedIn != "posix.stat" {
		t.Errorf("os.stat defined_in = %q, want posix.stat", s.DefinedIn)
	}
}

func checkTree(t *testing.T, v string, tr *snapshot.Tree) {
	t.Helper()
	resolve := treeResolve(tr)
	tests := []struct {
		name       string
		kind       snapshot.Kind
		wantParams []string // nil: not checked
	}{
		{"tarfile", snapshot.KindModule, nil},
		{"http.cookies", snapshot.KindModule, nil},
		{"tarfile.TarFile.extractall", snapshot.KindMethod, []string{"path", "members", "numeric_owner", "filter"}},
		{"os.stat", snapshot.KindFunction, []string{"path", "dir_fd", "follow_symlinks"}},
		{"os.path.join", snapshot.KindFunction, nil},
		{"json.loads", snapshot.KindFunction, []string{"s", "cls", "object_hook", "parse_float", "parse_int", "parse_constant", "object_pairs_hook", "kw"}},
		{"socket.AF_INET", snapshot.KindAttribute, nil},
		{"signal.SIGINT", snapshot.KindAttribute, nil},
		{"ssl.PROTOCOL_TLS_CLIENT", snapshot.KindAttribute, nil},
		{"hashlib.sha256", snapshot.KindFunction, []string{"string", "usedforsecurity"}},
		{"http.cookies.SimpleCookie.load", snapshot.KindMethod, []string{"rawdata"}},
		{"builtins.str.encode", snapshot.KindMethod, []string{"encoding", "errors"}},
		{"builtins.dict.fromkeys", snapshot.KindMethod, []string{"iterable", "value"}},
	}
	for _, tt := range tests {
		r := resolve(tt.name)
		if r.Status != snapshot.StatusOK {
			t.Errorf("%s: status %v", tt.name, r.Status)
			continue
		}
		if r.Kind != tt.kind {
			t.Errorf("%s: kind %v, want %v", tt.name, r.Kind, tt.kind)
		}
		if tt.wantParams != nil {
			if !r.ParamsKnown {
				t.Errorf("%s: params unknown", tt.name)
			} else if d := cmp.Diff(tt.wantParams, paramNames(r.Params)); d != "" {
				t.Errorf("%s params (-want +got):\n%s", tt.name, d)
			}
		}
		if r.Evidence&snapshot.FromRuntime == 0 {
			t.Errorf("%s: evidence %v lacks runtime", tt.name, r.Evidence)
		}
	}
	if n := tr.Lookup("os.stat"); n == nil || n.Kind != snapshot.KindAlias || n.Target != "posix.stat" {
		t.Errorf("os.stat = %+v, want alias to posix.stat", n)
	}
	if n := tr.Lookup("os.path"); n == nil || n.Kind != snapshot.KindAlias || n.Target != "posixpath" {
		t.Errorf("os.path = %+v, want alias to posixpath", n)
	}
	if n := tr.Lookup("tarfile.TarFile.extractall"); n != nil && !slices.ContainsFunc(n.Params, func(p snapshot.Param) bool {
		return p.Name == "filter" && p.Kind == snapshot.ParamKeywordOnly && p.Default != ""
	}) {
		t.Errorf("extractall params %+v lack keyword-only filter=None", n.Params)
	}
	if n := tr.Lookup("tarfile.TarFile.extractall"); n != nil && n.File != "Lib/tarfile.py" {
		t.Errorf("extractall file = %q", n.File)
	}
	if n := tr.Lookup("no_such_module_xyz"); n != nil {
		t.Error("a module the interpreter lacks was indexed")
	}
}

// TestFullRun introspects every stdlib module of the available trusted
// interpreters and reports the time taken, the number of modules and the
// import failures.
func TestFullRun(t *testing.T) {
	if testing.Short() {
		t.Skip("full stdlib introspection is slow")
	}
	type interp struct{ name, python string }
	var interps []interp
	for _, v := range []string{"3.12.1", "3.9.18"} {
		t.Run("find-"+v, func(t *testing.T) {
			interps = append(interps, interp{v, pyenvPython(t, v)})
		})
	}
	extra, _ := filepath.Glob("/var/cache/pyrefcheck/bin/python3*")
	for _, p := range extra {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
			interps = append(interps, interp{filepath.Base(p), p})
		}
	}
	if len(interps) == 0 {
		t.Skip("no interpreter available")
	}
	for _, in := range interps {
		t.Run(in.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			start := time.Now()
			d, err := Run(ctx, in.python)
			if err != nil {
				t.Fatal(err)
			}
			elapsed := time.Since(start)
			var failed []string
			notFound := 0
			for _, m := range d.Modules {
				switch {
				case m.NotFound:
					notFound++
				case m.ImportError != "":
					failed = append(failed, m.Name+": "+m.ImportError)
				}
				if m.DescribeError != "" {
					failed = append(failed, m.Name+" (describe): "+m.DescribeError)
				}
			}
			t.Logf("%s (Python %s): %d modules in %v; %d not on this platform; %d failed:\n  %s",
				in.python, d.Version, len(d.Modules), elapsed.Round(time.Millisecond), notFound, len(failed),
				strings.Join(failed, "\n  "))
			if len(d.Modules) < 300 {
				t.Errorf("only %d modules", len(d.Modules))
			}
			tr := snapshot.NewTree(d.Version, d.Version)
			st := Index(tr, d)
			cov := Compare(d, treeResolve(tr))
			t.Logf("index: %+v", st)
			t.Logf("self-coverage: modules %d/%d, names %d/%d, members %d/%d, params %d/%d, misses %d",
				cov.ModulesOK, cov.Modules, cov.ModuleNamesOK, cov.ModuleNames, cov.ClassMembersOK, cov.ClassMembers,
				cov.ParamsMatched, cov.ParamsChecked, len(cov.Misses))
			for i, m := range cov.Misses {
				if i == 20 {
					break
				}
				t.Logf("  miss %+v", m)
			}
			for _, name := range []string{"tarfile.TarFile.extractall", "os.stat", "json.loads", "socket.AF_INET",
				"signal.SIGINT", "ssl.PROTOCOL_TLS_CLIENT", "hashlib.sha256", "xml.etree.ElementTree.fromstring"} {
				if r := treeResolve(tr)(name); r.Status != snapshot.StatusOK {
					t.Errorf("%s: %v", name, r.Status)
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Run(ctx, "/nonexistent/python3"); err == nil {
		t.Error("Run with a missing interpreter succeeded")
	}
	// An interpreter that prints something else than the protocol.
	fake := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'not json'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, fake); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Run with a bogus interpreter: %v", err)
	}
	// One that hangs is stopped by the context.
	slow := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Run(cctx, slow); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("Run with a hanging interpreter: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Run took %v to give up", time.Since(start))
	}
}

// An import hook installed from site-packages (setuptools'
// distutils-precedence.pth serves its own distutils) must not replace a
// stdlib module: the script drops such hooks before importing anything.
func TestRunIgnoresSitePackagesHooks(t *testing.T) {
	py := pyenvPython(t, "3.11.7")
	dir := t.TempDir()
	site := filepath.Join(dir, "site-packages")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	hook := `import sys, types
class Finder:
    def find_spec(self, name, path=None, target=None):
        if name != "colorsys":
            return None
        import importlib.util
        return importlib.util.spec_from_loader(name, self)
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        module.planted_by_hook = True
sys.meta_path.insert(0, Finder())
`
	if err := os.WriteFile(filepath.Join(site, "plant.py"), []byte(hook), 0o644); err != nil {
		t.Fatal(err)
	}
	// The wrapper plays site: it loads the hook, then runs the script.
	wrapper := filepath.Join(dir, "python")
	sh := "#!/bin/sh\nshift 2\nscript=$1\nshift\nexec " + py + ` -s -B -c "import sys, runpy; sys.path.append('` + site +
		`'); import plant; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')" "$script" "$@"` + "\n"
	if err := os.WriteFile(wrapper, []byte(sh), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	d, err := Run(ctx, wrapper, "--modules", "colorsys")
	if err != nil {
		t.Fatal(err)
	}
	if findName(d, "colorsys", "planted_by_hook") != nil {
		t.Error("colorsys came from the site-packages hook")
	}
	if findName(d, "colorsys", "rgb_to_hsv") == nil {
		t.Error("the stdlib's colorsys.rgb_to_hsv was not seen")
	}
}
