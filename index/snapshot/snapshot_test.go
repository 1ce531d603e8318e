package snapshot

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sampleTree builds a small stdlib-like tree by hand: aliases, a class
// hierarchy across modules, an open module, C symbols and files.
func sampleTree() *Tree {
	t := NewTree("3.13", "3.13.5")
	t.Sources = []string{"test"}
	py := FromPythonSource
	t.Add("builtins", Fact{Kind: KindModule, Evidence: FromRuntime})
	t.Add("builtins.object", Fact{Kind: KindClass, Evidence: FromRuntime})
	t.Add("builtins.object.__init__", Fact{Kind: KindMethod, Evidence: FromRuntime, ParamsKnown: true,
		Params: []Param{{Name: "args", Kind: ParamVarArgs}, {Name: "kwargs", Kind: ParamVarKeywords}}})
	t.Add("tarfile", Fact{Kind: KindModule, Evidence: py, File: "Lib/tarfile.py"})
	t.Add("tarfile.TarFile", Fact{Kind: KindClass, Evidence: py, File: "Lib/tarfile.py", Line: 1500, Bases: []string{"builtins.object"}})
	t.Add("tarfile.TarFile.__init__", Fact{Kind: KindMethod, Evidence: py, ParamsKnown: true,
		Params: []Param{{Name: "name", Kind: ParamNormal, Default: "None"}, {Name: "mode", Kind: ParamNormal, Default: "'r'"}}})
	t.Add("tarfile.TarFile.extractall", Fact{Kind: KindMethod, Evidence: py, File: "Lib/tarfile.py", Line: 2200, ParamsKnown: true,
		Params: []Param{{Name: "path", Kind: ParamNormal, Default: "'.'"}, {Name: "filter", Kind: ParamKeywordOnly, Default: "None"}}})
	t.Add("tarfile.open", Fact{Kind: KindAlias, Target: "tarfile.TarFile.open", Evidence: py})
	t.Add("tarfile.TarFile.open", Fact{Kind: KindMethod, Evidence: py, ParamsKnown: true})
	t.Add("http.cookies", Fact{Kind: KindModule, Evidence: py})
	t.Add("http.cookies.BaseCookie", Fact{Kind: KindClass, Evidence: py, Bases: []string{"builtins.dict"}})
	t.Add("http.cookies.BaseCookie.load", Fact{Kind: KindMethod, Evidence: py})
	t.Add("http.cookies.SimpleCookie", Fact{Kind: KindClass, Evidence: py, Bases: []string{"http.cookies.BaseCookie"}})
	t.Add("os", Fact{Kind: KindModule, Evidence: py})
	t.Add("os.path", Fact{Kind: KindAlias, Target: "posixpath", Evidence: py})
	t.Add("posixpath", Fact{Kind: KindModule, Evidence: py})
	t.Add("posixpath.join", Fact{Kind: KindFunction, Evidence: py})
	t.Add("os.environ", Fact{Kind: KindAttribute, Evidence: py})
	t.Add("lazy", Fact{Kind: KindModule, Evidence: py, Flags: FlagOpen})
	t.Add("guessed", Fact{Kind: KindModule, Evidence: FromNeighbour})
	t.Add("ssl", Fact{Kind: KindModule, Evidence: py})
	t.Add("ssl._ASN1Object", Fact{Kind: KindClass, Evidence: py, Flags: FlagOpen})
	t.Add("ssl.Purpose", Fact{Kind: KindClass, Evidence: py, Bases: []string{"ssl._ASN1Object"}})
	t.Add("shutil", Fact{Kind: KindModule, Evidence: py})
	t.Add("shutil.nt", Fact{Kind: KindAlias, Target: "guessed", Evidence: py})
	t.Add("socket", Fact{Kind: KindModule, Evidence: py})
	t.Add("socket.socket", Fact{Kind: KindClass, Evidence: py, Bases: []string{"_socket.socket"}})
	t.AddC(CSymbol{Name: "PyUnicode_AsUTF8AndSize", File: "Include/unicodeobject.h", Line: 10, Public: true, Evidence: FromCSource})
	t.AddC(CSymbol{Name: "child_exec", File: "Modules/_posixsubprocess.c", Line: 500, Evidence: FromCSource})
	t.AddFile("Lib/tarfile.py", []string{"TarFile", "extractall", "open"})
	t.AddFile("Modules/_json.c", []string{"scanstring_unicode"})
	return t
}

func load(t *testing.T) *Snapshot {
	t.Helper()
	data, err := sampleTree().Encode()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestResolve(t *testing.T) {
	s := load(t)
	tests := []struct {
		name   string
		status Status
		target string
		kind   Kind
	}{
		{"tarfile", StatusOK, "tarfile", KindModule},
		{"tarfile.TarFile.extractall", StatusOK, "tarfile.TarFile.extractall", KindMethod},
		{"tarfile.TarFile.safe_extractall", StatusMissing, "", 0},
		{"tarfile.open", StatusOK, "tarfile.TarFile.open", KindMethod},
		{"safetar", StatusMissing, "", 0},
		{"safetar.extract", StatusMissing, "", 0},
		{"http.cookies.SimpleCookie.load", StatusOK, "http.cookies.BaseCookie.load", KindMethod},
		// dict is not in this index: an inherited name cannot be refuted.
		{"http.cookies.SimpleCookie.items", StatusUnknown, "", 0},
		{"os.path.join", StatusOK, "posixpath.join", KindFunction},
		{"os.path.joinn", StatusMissing, "", 0},
		{"os.environ.get", StatusUnknown, "", 0},
		{"lazy.anything", StatusUnknown, "", 0},
		{"guessed.anything", StatusUnknown, "", 0},
		// The source binds the name; only what it stands for is inferred.
		{"shutil.nt", StatusOK, "guessed", KindAlias},
		// A base that is open (made by namedtuple(...)) hides its members.
		{"ssl.Purpose.nid", StatusUnknown, "", 0},
		{"shutil.nt.anything", StatusUnknown, "", 0},
		{"guessed", StatusUnknown, "guessed", 0},
		{"socket.socket.recv", StatusUnknown, "", 0},
		{"tarfile.TarFile.__init__", StatusOK, "tarfile.TarFile.__init__", KindMethod},
	}
	for _, tc := range tests {
		r := s.Resolve(tc.name)
		if r.Status != tc.status || r.Target != tc.target || (tc.status == StatusOK && r.Kind != tc.kind) {
			t.Errorf("Resolve(%q) = %v %q %v (%s); want %v %q %v", tc.name, r.Status, r.Target, r.Kind, r.Why, tc.status, tc.target, tc.kind)
		}
	}
	if r := s.Resolve("safetar.extract"); r.Missing != "safetar" {
		t.Errorf("Missing = %q, want the first absent prefix", r.Missing)
	}
}

func TestCallParams(t *testing.T) {
	s := load(t)
	p, known, callee := s.CallParams("tarfile.TarFile")
	if !known || callee != "tarfile.TarFile.__init__" || len(p) != 2 || p[1].Name != "mode" {
		t.Fatalf("CallParams(TarFile) = %v %v %q", p, known, callee)
	}
	p, known, _ = s.CallParams("tarfile.TarFile.extractall")
	if !known || !AcceptsKeyword(p, "filter") || AcceptsKeyword(p, "numeric_owner") {
		t.Errorf("extractall params = %v", p)
	}
	// A class whose only constructor is object's has no known signature.
	if _, known, _ := s.CallParams("http.cookies.SimpleCookie"); known {
		t.Error("SimpleCookie constructor should be unknown")
	}
}

func TestCAndFiles(t *testing.T) {
	s := load(t)
	if c, ok := s.CSymbol("PyUnicode_AsUTF8AndSize"); !ok || !c.Public || c.File != "Include/unicodeobject.h" {
		t.Errorf("CSymbol = %+v %v", c, ok)
	}
	if s.HasCSymbol("PyUnicode_AsUTF8Safe") || !s.HasCSymbol("child_exec") {
		t.Error("HasCSymbol wrong")
	}
	if !s.FileDefines("Lib/tarfile.py", "extractall") || s.FileDefines("Lib/tarfile.py", "nope") {
		t.Error("FileDefines wrong")
	}
	if _, ok := s.File("Lib/safetar.py"); ok {
		t.Error("unknown file found")
	}
	if !s.HasFiles("Modules/") || s.HasFiles("PC/") {
		t.Error("HasFiles wrong")
	}
}

func TestSuggest(t *testing.T) {
	s := load(t)
	got := s.Suggest("tarfile.TarFile.safe_extractall", 3)
	if diff := cmp.Diff([]string{"tarfile.TarFile.extractall"}, got); diff != "" {
		t.Errorf("Suggest (-want +got):\n%s", diff)
	}
	if got := s.Suggest("tarfil", 3); len(got) == 0 || got[0] != "tarfile" {
		t.Errorf("Suggest(tarfil) = %v", got)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	a, _ := sampleTree().Encode()
	b, _ := sampleTree().Encode()
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of the same tree differ")
	}
}

func TestLoadRefusesNewerFormat(t *testing.T) {
	data, _ := sampleTree().Encode()
	data[4] = FormatVersion + 1
	if _, err := Load(data); !errors.Is(err, ErrNewerFormat) {
		t.Fatalf("Load of a newer format: err = %v", err)
	}
	if _, err := Load([]byte("not a snapshot at all, really")); err == nil {
		t.Fatal("Load accepted garbage")
	}
}

func BenchmarkResolve(b *testing.B) {
	data, _ := sampleTree().Encode()
	s, _ := Load(data)
	for b.Loop() {
		s.Resolve("http.cookies.SimpleCookie.load")
	}
}
