package inventory

import (
	"bytes"
	"compress/zlib"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// makeInv builds an objects.inv in memory from a header and body lines.
func makeInv(t *testing.T, header string, lines ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(header)
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const goodHeader = "# Sphinx inventory version 2\n# Project: Python\n# Version: 3.13\n# The remainder of this file is compressed using zlib.\n"

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		want    *Inventory
		wantErr string
	}{
		{
			name: "entries",
			data: makeInv(t, goodHeader,
				"tarfile py:module 0 library/tarfile.html#module-$ -",
				"tarfile.TarFile.extractall py:method 1 library/tarfile.html#$ -",
				"bad file descriptor std:label -1 library/errors.html#bad-fd Bad file descriptor",
				"PyObject_Call c:function 1 c-api/call.html#c.$ -",
				"", // blank lines are skipped
			),
			want: &Inventory{Project: "Python", Version: "3.13", Entries: []Entry{
				{Name: "tarfile", Domain: "py", Role: "module", Priority: 0, URI: "library/tarfile.html#module-tarfile", DispName: "tarfile"},
				{Name: "tarfile.TarFile.extractall", Domain: "py", Role: "method", Priority: 1, URI: "library/tarfile.html#tarfile.TarFile.extractall", DispName: "tarfile.TarFile.extractall"},
				{Name: "bad file descriptor", Domain: "std", Role: "label", Priority: -1, URI: "library/errors.html#bad-fd", DispName: "Bad file descriptor"},
				{Name: "PyObject_Call", Domain: "c", Role: "function", Priority: 1, URI: "c-api/call.html#c.PyObject_Call", DispName: "PyObject_Call"},
			}},
		},
		{
			name:    "version 1",
			data:    []byte("# Sphinx inventory version 1\n# Project: X\n# Version: 1\nfoo mod foo.html\n"),
			wantErr: "unsupported header",
		},
		{
			name:    "truncated header",
			data:    []byte("# Sphinx inventory version 2\n# Project: X\n"),
			wantErr: "truncated header",
		},
		{
			name:    "not zlib",
			data:    []byte(goodHeader + "plain text, not compressed"),
			wantErr: "objects.inv",
		},
		{
			name:    "garbage line",
			data:    makeInv(t, goodHeader, "justonefield"),
			wantErr: "cannot parse",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(bytes.NewReader(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// sampleInv is a small inventory in the shape of the Python docs'.
func sampleInv(t *testing.T) *Inventory {
	data := makeInv(t, goodHeader,
		"tarfile py:module 0 library/tarfile.html#module-$ -",
		"tarfile.TarFile py:class 1 library/tarfile.html#$ -",
		"tarfile.TarFile.extractall py:method 1 library/tarfile.html#$ -",
		"tarfile.TarFile.name py:attribute 1 library/tarfile.html#$ -",
		"tarfile.data_filter py:function 1 library/tarfile.html#$ -",
		"tarfile.ReadError py:exception 1 library/tarfile.html#$ -",
		"asyncio py:module 0 library/asyncio.html#module-$ -",
		"asyncio.StreamWriter.write py:method 1 library/asyncio-stream.html#$ -",
		"xml py:module 0 library/xml.html#module-$ -",
		"xml.etree.ElementTree py:module 0 library/xml.etree.elementtree.html#module-$ -",
		"xml.etree.ElementTree.fromstring py:function 1 library/xml.etree.elementtree.html#$ -",
		"cgi py:module 0 library/cgi.html#module-$ -",
		"os.path py:module 0 library/os.path.html#module-$ -",
		"os.path.join py:function 1 library/os.path.html#$ -",
		"docsonly py:module 0 library/docsonly.html#module-$ -",
		"docsonly.thing py:data 1 library/docsonly.html#$ -",
		"functools.cached_property.attrname py:property 1 library/functools.html#$ -",
		"print py:function 1 library/functions.html#$ -",
		"str.encode py:method 1 library/stdtypes.html#$ -",
		"dict.fromkeys py:classmethod 1 library/stdtypes.html#$ -",
		"ValueError py:exception 1 library/exceptions.html#$ -",
		"generator.send py:method 1 reference/expressions.html#$ -",
		"PyObject_Call c:function 1 c-api/call.html#c.$ -",
		"Py_INCREF c:macro 1 c-api/refcounting.html#c.$ -",
		"PyTypeObject.tp_name c:member 1 c-api/typeobj.html#c.$ -",
		"PyObject_Call.callable c:functionParam 1 c-api/call.html#c.$ -",
		"bad file descriptor std:label -1 library/errors.html#bad-fd Bad file descriptor",
		"cmdoption std:cmdoption 1 using/cmdline.html#$ -",
	)
	inv, err := Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// seededTree is what the source indexers would have produced before the
// docs indexer runs.
func seededTree() *snapshot.Tree {
	t := snapshot.NewTree("3.13", "3.13.0")
	src := snapshot.FromPythonSource
	t.Add("tarfile", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src, File: "Lib/tarfile.py"})
	t.Add("tarfile.TarFile", snapshot.Fact{Kind: snapshot.KindClass, Evidence: src, File: "Lib/tarfile.py", Line: 10})
	t.Add("asyncio", snapshot.Fact{Kind: snapshot.KindPackage, Evidence: src})
	t.Add("asyncio.streams.StreamWriter", snapshot.Fact{Kind: snapshot.KindClass, Evidence: src})
	t.Add("asyncio.StreamWriter", snapshot.Fact{Kind: snapshot.KindAlias, Target: "asyncio.streams.StreamWriter", Evidence: src})
	t.Add("functools", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src})
	t.Add("functools.cached_property", snapshot.Fact{Kind: snapshot.KindClass, Evidence: src})
	t.Add("os", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src})
	t.Add("posixpath", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src})
	t.Add("os.path", snapshot.Fact{Kind: snapshot.KindAlias, Target: "posixpath", Evidence: src})
	t.Add("builtins", snapshot.Fact{Kind: snapshot.KindModule, Evidence: snapshot.FromCSource})
	t.Add("builtins.str", snapshot.Fact{Kind: snapshot.KindClass, Evidence: snapshot.FromCSource})
	t.Add("builtins.dict", snapshot.Fact{Kind: snapshot.KindClass, Evidence: snapshot.FromCSource})
	return t
}

func TestIndex(t *testing.T) {
	tr := seededTree()
	st := Index(tr, sampleInv(t))

	type want struct {
		kind     snapshot.Kind
		evidence snapshot.Evidence
		flags    snapshot.Flags
		target   string
		file     string
	}
	src, docs := snapshot.FromPythonSource, snapshot.FromDocs
	tests := []struct {
		name string
		want *want // nil: the node must not exist
	}{
		{"tarfile", &want{kind: snapshot.KindModule, evidence: src | docs, file: "Lib/tarfile.py"}},
		{"tarfile.TarFile", &want{kind: snapshot.KindClass, evidence: src | docs, file: "Lib/tarfile.py"}},
		{"tarfile.TarFile.extractall", &want{kind: snapshot.KindMethod, evidence: docs}},
		{"tarfile.TarFile.name", &want{kind: snapshot.KindAttribute, evidence: docs}},
		{"tarfile.data_filter", &want{kind: snapshot.KindFunction, evidence: docs}},
		// A class only the docs define: its inherited members are not listed.
		{"tarfile.ReadError", &want{kind: snapshot.KindClass, evidence: docs, flags: snapshot.FlagOpen}},
		// Documented under the public alias, recorded on the definition.
		{"asyncio.streams.StreamWriter.write", &want{kind: snapshot.KindMethod, evidence: docs}},
		{"asyncio.StreamWriter", &want{kind: snapshot.KindAlias, evidence: src, target: "asyncio.streams.StreamWriter"}},
		{"asyncio.StreamWriter.write", nil},
		{"asyncio", &want{kind: snapshot.KindPackage, evidence: src | docs}},
		// Modules only the docs know are open: their members answer unknown.
		{"xml", &want{kind: snapshot.KindPackage, evidence: docs, flags: snapshot.FlagOpen}},
		{"xml.etree.ElementTree", &want{kind: snapshot.KindModule, evidence: docs, flags: snapshot.FlagOpen}},
		{"xml.etree.ElementTree.fromstring", &want{kind: snapshot.KindFunction, evidence: docs}},
		{"docsonly", &want{kind: snapshot.KindModule, evidence: docs, flags: snapshot.FlagOpen}},
		// A page that declares a module and documents nothing is a
		// removal stub when other sources filled the tree.
		{"cgi", nil},
		// The docs call os.path a module; it stays the alias it is.
		{"os.path", &want{kind: snapshot.KindAlias, evidence: src | docs, target: "posixpath"}},
		{"posixpath.join", &want{kind: snapshot.KindFunction, evidence: docs}},
		{"os.path.join", nil},
		{"docsonly.thing", &want{kind: snapshot.KindAttribute, evidence: docs}},
		{"functools.cached_property.attrname", &want{kind: snapshot.KindProperty, evidence: docs}},
		// Module-less names are builtins.
		{"builtins.print", &want{kind: snapshot.KindFunction, evidence: docs}},
		{"builtins.str.encode", &want{kind: snapshot.KindMethod, evidence: docs}},
		{"builtins.dict.fromkeys", &want{kind: snapshot.KindMethod, evidence: docs}},
		{"builtins.ValueError", &want{kind: snapshot.KindClass, evidence: docs, flags: snapshot.FlagOpen}},
		{"print", nil},
		{"str", nil},
		// A prose protocol type is no builtin once builtins are known.
		{"builtins.generator", nil},
		// std:* and c:* never reach the Python tree.
		{"PyObject_Call", nil},
		{"bad file descriptor", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tr.Lookup(tt.name)
			if tt.want == nil {
				if n != nil {
					t.Fatalf("node %s exists (kind %v), want none", tt.name, n.Kind)
				}
				return
			}
			if n == nil {
				t.Fatalf("node %s missing", tt.name)
			}
			got := want{kind: n.Kind, evidence: n.Evidence, flags: n.Flags, target: n.Target, file: n.File}
			if d := cmp.Diff(*tt.want, got, cmp.AllowUnexported(want{})); d != "" {
				t.Errorf("node %s (-want +got):\n%s", tt.name, d)
			}
		})
	}

	wantC := map[string]bool{"PyObject_Call": true, "Py_INCREF": true, "PyTypeObject.tp_name": true}
	for name := range wantC {
		c := tr.C[name]
		if c == nil || !c.Public || c.Evidence != snapshot.FromDocs {
			t.Errorf("C symbol %s = %+v, want public, docs", name, c)
		}
	}
	if len(tr.C) != len(wantC) {
		t.Errorf("C symbols = %d, want %d (c:functionParam must be ignored)", len(tr.C), len(wantC))
	}

	wantStats := Stats{Entries: 28, Python: 20, Modules: 6, OpenModules: 3, Stubs: 1, Builtins: 4, Pseudo: 1, C: 3, Ignored: 3}
	if d := cmp.Diff(wantStats, st); d != "" {
		t.Errorf("Stats (-want +got):\n%s", d)
	}
}

// Without builtins from another source, every module-less name is kept:
// the docs are all there is.
func TestIndexDocsOnlyBuiltins(t *testing.T) {
	tr := snapshot.NewTree("3.13", "3.13.0")
	st := Index(tr, sampleInv(t))
	if tr.Lookup("builtins.generator.send") == nil {
		t.Error("builtins.generator.send missing in a docs-only tree")
	}
	if tr.Lookup("cgi") == nil {
		t.Error("cgi missing: with nothing but the docs, every documented module counts")
	}
	if st.Pseudo != 0 || st.Stubs != 0 {
		t.Errorf("Pseudo = %d, Stubs = %d, want 0", st.Pseudo, st.Stubs)
	}
	if n := tr.Lookup("tarfile"); n == nil || n.Flags&snapshot.FlagOpen == 0 {
		t.Error("tarfile should be open in a docs-only tree")
	}
}

// TestRealInventories reads the real Python inventories when they have
// been downloaded.
func TestRealInventories(t *testing.T) {
	paths, _ := filepath.Glob("/var/cache/pyrefcheck/inv/*/objects.inv")
	if len(paths) == 0 {
		t.Skip("no objects.inv under /var/cache/pyrefcheck/inv")
	}
	for _, p := range paths {
		t.Run(filepath.Base(filepath.Dir(p)), func(t *testing.T) {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			inv, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			if inv.Project != "Python" || len(inv.Entries) < 10000 {
				t.Fatalf("project %q, %d entries: not a Python inventory?", inv.Project, len(inv.Entries))
			}
			tr := snapshot.NewTree(inv.Version, "")
			st := Index(tr, inv)
			t.Logf("%s: version %s, %+v", p, inv.Version, st)
			for _, name := range []string{
				"tarfile.TarFile.extractall", "os.stat", "json.loads", "builtins.str.encode",
				"builtins.print", "builtins.ValueError", "asyncio.StreamWriter.write",
			} {
				if tr.Lookup(name) == nil {
					t.Errorf("%s not indexed", name)
				}
			}
			for _, c := range []string{"PyObject_Call", "Py_INCREF", "PyLong_FromLong"} {
				if tr.C[c] == nil {
					t.Errorf("C symbol %s not indexed", c)
				}
			}
		})
	}
}
