package csrc

import (
	"strings"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// wantName is one expected node: kind, and the signature when sig != "".
// sig "?" means the parameters must stay unknown.
type wantName struct {
	name  string
	kind  snapshot.Kind
	sig   string
	flags snapshot.Flags
}

func checkNames(t *testing.T, tree *snapshot.Tree, wants []wantName) {
	t.Helper()
	for _, w := range wants {
		n := tree.Lookup(w.name)
		if n == nil {
			t.Errorf("%s: missing", w.name)
			continue
		}
		if n.Kind != w.kind {
			t.Errorf("%s: kind %s, want %s", w.name, n.Kind, w.kind)
		}
		if n.Evidence&snapshot.FromCSource == 0 {
			t.Errorf("%s: evidence %s lacks c-source", w.name, n.Evidence)
		}
		if n.Flags&w.flags != w.flags {
			t.Errorf("%s: flags %s, want at least %s", w.name, n.Flags.String(), w.flags.String())
		}
		switch {
		case w.sig == "?" && n.ParamsKnown:
			t.Errorf("%s: signature %s, want unknown", w.name, snapshot.FormatParams(n.Params))
		case w.sig != "" && w.sig != "?" && (!n.ParamsKnown || snapshot.FormatParams(n.Params) != w.sig):
			t.Errorf("%s: signature %s (known %v), want %s", w.name, snapshot.FormatParams(n.Params), n.ParamsKnown, w.sig)
		}
	}
}

func checkAbsent(t *testing.T, tree *snapshot.Tree, names []string) {
	t.Helper()
	for _, name := range names {
		if tree.Lookup(name) != nil {
			t.Errorf("%s: recorded, want absent", name)
		}
	}
}

func TestFakeTreeFacts(t *testing.T) {
	tree, st := indexFake(t)
	checkNames(t, tree, []wantName{
		{"_fasthash", snapshot.KindModule, "", snapshot.FlagPrivate},
		{"_fasthash.digest", snapshot.KindFunction, "(data, /, *, length=32)", 0},
		{"_fasthash.hexdigest", snapshot.KindFunction, "(data, /, *, length=32)", 0},
		{"_fasthash.spread", snapshot.KindFunction, "(*args, seed=0)", 0},
		{"_fasthash.turbo", snapshot.KindFunction, "(block, lanes=..., /)", snapshot.FlagPlatformSpecific},
		{"_fasthash.backend", snapshot.KindAttribute, "", 0},
		{"_fasthash.Hasher", snapshot.KindClass, "", 0},
		{"_fasthash.Hasher.__init__", snapshot.KindMethod, "(key=None, rounds=8)", 0},
		{"_fasthash.Hasher.update", snapshot.KindMethod, "(data, /)", 0},
		{"_fasthash.Hasher.from_key", snapshot.KindMethod, "(key, *, rounds=8)", 0},
		{"_fasthash.Hasher.name", snapshot.KindProperty, "", 0},
		{"_fasthash.Hasher.rounds", snapshot.KindProperty, "", 0},
		{"_netcore.resolve", snapshot.KindFunction, "(host, port, family=..., *, flags=...)", 0},
		{"_netcore.hostname", snapshot.KindFunction, "()", 0},
		{"_netcore.conn", snapshot.KindClass, "", 0},
		{"_netcore.ConnType", snapshot.KindClass, "", 0},
		{"_netcore.conn.__init__", snapshot.KindMethod, "(family=..., kind=..., *, fd=...)", 0},
		{"_netcore.conn.send", snapshot.KindMethod, "(data, flags=...)", 0},
		{"_netcore.conn.close", snapshot.KindMethod, "()", 0},
		{"_netcore.conn.peek", snapshot.KindMethod, "?", 0},
		{"_netcore.conn.sendfile", snapshot.KindMethod, "?", snapshot.FlagPlatformSpecific},
		{"_netcore.conn.blocking", snapshot.KindProperty, "", 0},
		{"_netcore.conn.fd", snapshot.KindProperty, "", 0},
		{"_netcore.addr", snapshot.KindClass, "", 0},
		{"_netcore.addr.port", snapshot.KindProperty, "", 0},
		{"_netcore.error", snapshot.KindClass, "", 0},
		{"_netcore.AF_INET", snapshot.KindAttribute, "", 0},
		{"_netcore.AF_UNIX", snapshot.KindAttribute, "", snapshot.FlagPlatformSpecific},
		{"_netcore.SOCK_STREAM", snapshot.KindAttribute, "", 0},
		{"_netcore.MSG_PEEK", snapshot.KindAttribute, "", 0},
		{"_netcore.LEVEL_HIGH", snapshot.KindAttribute, "", 0},
		{"_netcore.version", snapshot.KindAttribute, "", 0},
		{"posix.chmod", snapshot.KindFunction, "(path, mode, *, dir_fd=None, follow_symlinks=True)", 0},
		{"nt", snapshot.KindModule, "", snapshot.FlagPlatformSpecific},
		{"nt.chmod", snapshot.KindFunction, "(path, mode, *, dir_fd=None, follow_symlinks=True)", 0},
		{"winfake", snapshot.KindModule, "", snapshot.FlagPlatformSpecific},
		{"winfake.beep", snapshot.KindFunction, "()", 0},
		{"winfake.MB_OK", snapshot.KindAttribute, "", 0},
		{"builtins.shout", snapshot.KindFunction, "(text, /, *, loud=False)", 0},
		{"builtins.fakeobj", snapshot.KindClass, "", 0},
		{"builtins.fakeobj.twist", snapshot.KindMethod, "(turns=1, *, clockwise=True)", 0},
		{"builtins.fakeobj.size", snapshot.KindMethod, "()", 0},
	})
	checkAbsent(t, tree, []string{
		"_fasthash.Hasher.__weaklistoffset__", // configures the heap type, never an attribute
		"builtins.fakeobj_iterator",           // a static type no one adds to builtins
		"_netcore.levels",                     // a local array, not a module name
		"os",                                  // clinic's "module os" is not the module's name
		"spam",                                // Doc/includes example code
	})
	if posix := tree.Lookup("posix"); posix == nil || posix.Flags&snapshot.FlagPlatformSpecific != 0 {
		t.Errorf("posix should be recorded without the platform flag: %+v", posix)
	}

	for _, tt := range []struct {
		name   string
		public bool
		file   string
	}{
		{"PyFake_New", true, "Include/fakeapi.h"},
		{"PyFake_Abort", true, "Include/fakeapi.h"},
		{"PyFake_Type", true, "Include/fakeapi.h"},
		{"PyFake_CheckExact", true, "Include/fakeapi.h"},
		{"PyFake_GET_SIZE", true, "Include/fakeapi.h"},
		{"PyFakeInfo", true, "Include/fakeapi.h"},
		{"PyFake_FromInfo", true, "Include/cpython/fakeapi.h"},
		{"_PyFake_Reset", false, "Include/internal/pycore_fake.h"},
		{"_PyFake_SLOTS", false, "Include/internal/pycore_fake.h"},
		{"conn_send", false, "Modules/netcoremodule.c"},
		{"_fasthash_digest_impl", false, "Modules/fasthashmodule.c"},
		{"ADD_INT_MACRO", false, "Modules/netcoremodule.c"},
	} {
		s := tree.C[tt.name]
		switch {
		case s == nil:
			t.Errorf("C symbol %s: missing", tt.name)
		case s.Public != tt.public || s.File != tt.file:
			t.Errorf("C symbol %s: public=%v file=%s, want %v %s", tt.name, s.Public, s.File, tt.public, tt.file)
		}
	}

	for path, wantDef := range map[string]string{
		"Modules/netcoremodule.c":  "conn_send",
		"Include/fakeapi.h":        "PyFakeInfo",
		"Doc/library/fasthash.rst": "",
		"PCbuild/fake.vcxproj":     "",
		"README.rst":               "",
	} {
		f := tree.Files[path]
		if f == nil {
			t.Errorf("file %s: missing", path)
			continue
		}
		if wantDef != "" && !containsStr(f.Defs, wantDef) {
			t.Errorf("file %s: defs %v lack %s", path, f.Defs, wantDef)
		}
	}
	for path := range tree.Files {
		if len(path) >= 4 && path[:4] == "Lib/" {
			t.Errorf("file %s: Lib/ belongs to the Python indexer", path)
		}
	}
	if st.Modules != 6 || st.CFiles == 0 || st.Files != len(tree.Files) {
		t.Errorf("stats %+v: want 6 modules and Files == %d", st, len(tree.Files))
	}
}

func TestDeterministic(t *testing.T) {
	var dumps []string
	for _, workers := range []int{1, 3} {
		tree := snapshot.NewTree("3.99", "3.99.0")
		if _, err := Index(tree, fakeRoot, Options{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := snapshot.Dump(&b, tree); err != nil {
			t.Fatal(err)
		}
		dumps = append(dumps, b.String())
	}
	if dumps[0] != dumps[1] {
		t.Error("the dump depends on the number of workers")
	}
}

func TestRealTree313(t *testing.T) {
	root := realTree(t, "3.13")
	tree := snapshot.NewTree("3.13", "3.13.5")
	st, err := Index(tree, root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("3.13: %+v", st)
	checkNames(t, tree, []wantName{
		{"_socket", snapshot.KindModule, "", 0},
		{"_socket.getaddrinfo", snapshot.KindFunction, "(host, port, family=..., type=..., proto=..., flags=...)", 0},
		{"_socket.socket", snapshot.KindClass, "", 0},
		{"_socket.socket.recv", snapshot.KindMethod, "", 0},
		{"_socket.socket.__init__", snapshot.KindMethod, "(family=-1, type=-1, proto=-1, fileno=NULL)", 0},
		{"_socket.AF_INET", snapshot.KindAttribute, "", 0},
		{"posix.stat", snapshot.KindFunction, "(path, *, dir_fd=None, follow_symlinks=True)", 0},
		{"nt.stat", snapshot.KindFunction, "(path, *, dir_fd=None, follow_symlinks=True)", 0},
		{"nt", snapshot.KindModule, "", snapshot.FlagPlatformSpecific},
		{"posix.stat_result.st_mtime", snapshot.KindProperty, "", 0},
		{"posix.O_RDONLY", snapshot.KindAttribute, "", 0},
		{"builtins.str", snapshot.KindClass, "", 0},
		{"builtins.str.encode", snapshot.KindMethod, "(encoding='utf-8', errors='strict')", 0},
		{"builtins.OSError.errno", snapshot.KindProperty, "", 0},
		{"builtins.print", snapshot.KindFunction, "", 0},
		{"_json", snapshot.KindModule, "", 0},
		{"_io", snapshot.KindModule, "", 0},
		{"_io.FileIO.readinto", snapshot.KindMethod, "(buffer, /)", 0},
		{"_collections.deque", snapshot.KindClass, "", 0},
		{"errno.ENOENT", snapshot.KindAttribute, "", 0},
		{"_stat.S_IFMT", snapshot.KindFunction, "", 0},
		{"_codecs_jp", snapshot.KindModule, "", 0},
		{"winreg", snapshot.KindModule, "", snapshot.FlagPlatformSpecific},
	})
	if p := tree.Lookup("posix.stat").Params; len(p) != 3 || p[1].Name != "dir_fd" || p[1].Kind != snapshot.ParamKeywordOnly {
		t.Errorf("posix.stat params = %+v, want dir_fd keyword-only", p)
	}
	checkAbsent(t, tree, []string{"io", "Token", "os"})
	for _, name := range []string{"os__path_normpath_impl", "_Py_normpath", "PyUnicode_FromWideChar", "child_exec", "PyUnicode_AsUTF8AndSize"} {
		if tree.C[name] == nil {
			t.Errorf("C symbol %s: missing", name)
		}
	}
	if s := tree.C["PyUnicode_AsUTF8AndSize"]; s == nil || !s.Public {
		t.Errorf("PyUnicode_AsUTF8AndSize should be public: %+v", s)
	}
	if s := tree.C["_PyObject_GC_TRACK"]; s == nil || s.Public {
		t.Errorf("_PyObject_GC_TRACK (Include/internal) should be private: %+v", s)
	}
	if tree.Files["Modules/_json.c"] == nil || tree.Files["Doc/library/os.rst"] == nil {
		t.Error("Modules/_json.c and Doc/library/os.rst should be files")
	}
}

func TestRealTree311(t *testing.T) {
	root := realTree(t, "3.11")
	tree := snapshot.NewTree("3.11", "3.11.2")
	st, err := Index(tree, root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("3.11: %+v", st)
	checkNames(t, tree, []wantName{
		{"_socket.socket.__init__", snapshot.KindMethod, "(family=-1, type=-1, proto=-1, fileno=NULL)", 0},
		{"posix.stat", snapshot.KindFunction, "(path, *, dir_fd=None, follow_symlinks=True)", 0},
		{"builtins.str.encode", snapshot.KindMethod, "(encoding='utf-8', errors='strict')", 0},
		{"_io.FileIO", snapshot.KindClass, "", 0},
		{"_ctypes.Structure", snapshot.KindClass, "", 0},
	})
}
