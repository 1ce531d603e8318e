package runtime

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// fakeDump is a small dump in the script's output format, written by hand:
// a package that re-exports from a private module, a C module, a module
// with __getattr__, one that failed to import and one that does not exist.
//
// A line starting with a space continues the previous one; jsonl joins
// them into the one-object-per-line form the script writes.
var fakeDump = jsonl(`{"type":"header","version":"3.13.0","implementation":"cpython","platform":"linux","stdlib":"/x/lib/python3.13"}
{"type":"module","name":"builtins","names":[
 {"name":"object","kind":"class","bases":[],"members":[{"name":"__init__","kind":"method","own":true,"params":[{"name":"args","kind":2},{"name":"kwargs","kind":4}]}]},
 {"name":"len","kind":"function","params":[{"name":"obj","kind":0}]}]}
{"type":"module","name":"shop","file":"Lib/shop/__init__.py","package":true,"all":["Basket","open_basket"],"names":[
 {"name":"Basket","kind":"class","defined_in":"shop._impl.Basket","bases":["shop._impl.BaseBasket"],"params":[{"name":"size","kind":1,"default":"3"}],"members":[
   {"name":"add","kind":"method","own":true,"params":[{"name":"item","kind":1},{"name":"quantity","kind":3,"default":"1"}],"file":"Lib/shop/_impl.py","line":10},
   {"name":"make","kind":"classmethod","own":true,"params":[{"name":"spec","kind":1}],"file":"Lib/shop/_impl.py","line":14},
   {"name":"__init__","kind":"method","own":true,"params":[{"name":"size","kind":1,"default":"3"}],"file":"Lib/shop/_impl.py","line":8},
   {"name":"total","kind":"property","from":"shop._impl.BaseBasket"},
   {"name":"count","kind":"method","from":"_cshop.Core"},
   {"name":"__getattr__","kind":"method","own":true,"params":[{"name":"name","kind":1}]}]},
 {"name":"open_basket","kind":"function","defined_in":"shop._impl.open_basket","params":[]},
 {"name":"_impl","kind":"module","target":"shop._impl"},
 {"name":"os","kind":"module","target":"os"},
 {"name":"strange","kind":"module","target":"not_in_dump"},
 {"name":"MAX","kind":"other"},
 {"name":"Legacy","kind":"class","defined_in":"shop._impl.Legacy","bases":[],"members":[]}]}
{"type":"module","name":"shop._impl","file":"Lib/shop/_impl.py","names":[
 {"name":"BaseBasket","kind":"class","bases":["_cshop.Core"],"members":[
   {"name":"total","kind":"property","own":true},
   {"name":"clear","kind":"method","own":true,"params":[],"file":"Lib/shop/_impl.py","line":4},
   {"name":"count","kind":"method","from":"_cshop.Core"},
   {"name":"__init__","kind":"method","from":"builtins.object"}]},
 {"name":"Basket","kind":"class","bases":["shop._impl.BaseBasket"],"params":[{"name":"size","kind":1,"default":"3"}],"members":[
   {"name":"add","kind":"method","own":true,"params":[{"name":"item","kind":1},{"name":"quantity","kind":3,"default":"1"}],"file":"Lib/shop/_impl.py","line":10},
   {"name":"make","kind":"classmethod","own":true,"params":[{"name":"spec","kind":1}],"file":"Lib/shop/_impl.py","line":14},
   {"name":"__init__","kind":"method","own":true,"params":[{"name":"size","kind":1,"default":"3"}],"file":"Lib/shop/_impl.py","line":8},
   {"name":"total","kind":"property","from":"shop._impl.BaseBasket"},
   {"name":"count","kind":"method","from":"_cshop.Core"},
   {"name":"__getattr__","kind":"method","own":true,"params":[{"name":"name","kind":1}]}]},
 {"name":"open_basket","kind":"function","params":[],"file":"Lib/shop/_impl.py","line":20}]}
{"type":"module","name":"_cshop","names":[
 {"name":"Core","kind":"class","bases":["builtins.object"],"members":[{"name":"count","kind":"method","own":true,"params":[]}]}]}
{"type":"module","name":"os","file":"Lib/os.py","names":[{"name":"sep","kind":"other"}]}
{"type":"module","name":"lazy","file":"Lib/lazy.py","names":[{"name":"__getattr__","kind":"function","params":[{"name":"name","kind":1}]}]}
{"type":"module","name":"winonly","import_error":"ImportError: needs _winonly"}
{"type":"module","name":"srconly","import_error":"ImportError: needs _srconly"}
{"type":"module","name":"absent","import_error":"ModuleNotFoundError: No module named 'absent'","not_found":true}
{"type":"end","modules":9}
`)

func jsonl(s string) string {
	return strings.ReplaceAll(s, "\n ", "")
}

func decodeFake(t *testing.T) *Dump {
	t.Helper()
	d, err := Decode(strings.NewReader(fakeDump))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDecode(t *testing.T) {
	d := decodeFake(t)
	if d.Version != "3.13.0" || d.Platform != "linux" || len(d.Modules) != 9 {
		t.Fatalf("header/modules wrong: %q %q %d", d.Version, d.Platform, len(d.Modules))
	}
	ob := findName(d, "shop", "open_basket")
	if !ob.ParamsKnown || ob.Params == nil || len(ob.Params) != 0 {
		t.Errorf("an empty params list must be a known signature: %+v", ob)
	}
	if n := findName(d, "shop", "MAX"); n.ParamsKnown {
		t.Errorf("absent params must be unknown: %+v", n)
	}

	bad := []struct{ name, in, wantErr string }{
		{"truncated", strings.Join(strings.Split(fakeDump, "\n")[:5], "\n"), "truncated"},
		{"no header", `{"type":"end","modules":0}` + "\n", "no header"},
		{"count mismatch", `{"type":"header","version":"3.9.0"}` + "\n" + `{"type":"end","modules":2}` + "\n", "end says 2"},
		{"not json", "Traceback (most recent call last):\n", "line 1"},
		{"unknown type", `{"type":"mystery"}` + "\n", "unknown type"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Decode error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestIndex(t *testing.T) {
	tr := snapshot.NewTree("3.13", "3.13.0")
	// The Python source indexer ran first: it spells shop.Legacy as an
	// alias of its own, knows srconly, and placed open_basket in the file.
	src := snapshot.FromPythonSource
	tr.Add("shop", snapshot.Fact{Kind: snapshot.KindPackage, Evidence: src, File: "Lib/shop/__init__.py"})
	tr.Add("shop.Legacy", snapshot.Fact{Kind: snapshot.KindAlias, Target: "shop._impl.OldBasket", Evidence: src})
	tr.Add("shop._impl.open_basket", snapshot.Fact{Kind: snapshot.KindFunction, Evidence: src, File: "Lib/shop/_impl.py", Line: 19,
		Params: []snapshot.Param{}, ParamsKnown: true})
	tr.Add("srconly", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src, File: "Lib/srconly.py"})

	st := Index(tr, decodeFake(t))
	wantStats := Stats{Modules: 8, NotFound: 1, ImportErrors: 2, Names: 15, Aliases: 3, Members: 8, ParamsKnown: 11}
	if d := cmp.Diff(wantStats, st); d != "" {
		t.Errorf("Stats (-want +got):\n%s", d)
	}

	type want struct {
		Kind     snapshot.Kind
		Evidence snapshot.Evidence
		Flags    snapshot.Flags
		Target   string
		File     string
		Line     int
		Bases    []string
		Params   string // formatParams, or "?" when unknown
	}
	rt := snapshot.FromRuntime
	tests := []struct {
		name string
		want *want
	}{
		{"shop", &want{Kind: snapshot.KindPackage, Evidence: src | rt, File: "Lib/shop/__init__.py", Params: "?"}},
		{"shop.Basket", &want{Kind: snapshot.KindAlias, Evidence: rt, Target: "shop._impl.Basket", Params: "?"}},
		{"shop.open_basket", &want{Kind: snapshot.KindAlias, Evidence: rt, Target: "shop._impl.open_basket", Params: "?"}},
		// The source's implied parent of shop._impl.open_basket.
		{"shop._impl", &want{Kind: snapshot.KindModule, Evidence: src | rt, File: "Lib/shop/_impl.py", Params: "?"}},
		{"shop.os", &want{Kind: snapshot.KindAlias, Evidence: rt, Target: "os", Params: "?"}},
		{"shop.strange", &want{Kind: snapshot.KindAttribute, Evidence: rt, Params: "?"}},
		{"shop.MAX", &want{Kind: snapshot.KindAttribute, Evidence: rt, Params: "?"}},
		// The source's alias survives, with the runtime's word added.
		{"shop.Legacy", &want{Kind: snapshot.KindAlias, Evidence: src | rt, Target: "shop._impl.OldBasket", Params: "?"}},
		// A class with __getattr__ is open; bases and constructor recorded.
		{"shop._impl.Basket", &want{Kind: snapshot.KindClass, Evidence: rt, Flags: snapshot.FlagOpen,
			Bases: []string{"shop._impl.BaseBasket"}, Params: "(size=…)"}},
		{"shop._impl.Basket.add", &want{Kind: snapshot.KindMethod, Evidence: rt, File: "Lib/shop/_impl.py", Line: 10, Params: "(item, *, quantity=…)"}},
		{"shop._impl.Basket.make", &want{Kind: snapshot.KindMethod, Evidence: rt, File: "Lib/shop/_impl.py", Line: 14, Params: "(spec)"}},
		// Inherited through a base in the dump: left to the resolver.
		{"shop._impl.Basket.total", nil},
		{"shop._impl.Basket.count", nil},
		{"shop._impl.BaseBasket.total", &want{Kind: snapshot.KindProperty, Evidence: rt, Params: "?"}},
		{"shop._impl.BaseBasket.__init__", nil},
		// The source's location and signature win.
		{"shop._impl.open_basket", &want{Kind: snapshot.KindFunction, Evidence: src | rt, File: "Lib/shop/_impl.py", Line: 19, Params: "()"}},
		{"_cshop.Core.count", &want{Kind: snapshot.KindMethod, Evidence: rt, Params: "()"}},
		{"builtins.len", &want{Kind: snapshot.KindFunction, Evidence: rt, Params: "(obj, /)"}},
		{"lazy", &want{Kind: snapshot.KindModule, Evidence: rt, Flags: snapshot.FlagOpen, File: "Lib/lazy.py", Params: "?"}},
		// Failed imports: open unless another source saw the names.
		{"winonly", &want{Kind: snapshot.KindModule, Evidence: rt, Flags: snapshot.FlagOpen, Params: "?"}},
		{"srconly", &want{Kind: snapshot.KindModule, Evidence: src | rt, File: "Lib/srconly.py", Params: "?"}},
		{"absent", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tr.Lookup(tt.name)
			if tt.want == nil {
				if n != nil {
					t.Fatalf("%s exists (%v), want none", tt.name, n.Kind)
				}
				return
			}
			if n == nil {
				t.Fatalf("%s missing", tt.name)
			}
			got := want{Kind: n.Kind, Evidence: n.Evidence, Flags: n.Flags, Target: n.Target, File: n.File, Line: n.Line,
				Bases: n.Bases, Params: "?"}
			if n.ParamsKnown {
				got.Params = snapshot.FormatParamNames(n.Params)
			}
			if d := cmp.Diff(*tt.want, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, d)
			}
		})
	}
}

// Without the defining module in the dump, an inherited member cannot be
// found through Bases and lands on the subclass; a re-export whose
// definition is not in the dump is a plain fact.
func TestIndexPartialDump(t *testing.T) {
	var keep []string
	for _, l := range strings.Split(fakeDump, "\n") {
		if strings.Contains(l, `"name":"_cshop"`) || strings.HasPrefix(l, `{"type":"end"`) {
			continue
		}
		keep = append(keep, l)
	}
	keep = append(keep, `{"type":"end","modules":8}`)
	d, err := Decode(strings.NewReader(strings.Join(keep, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	tr := snapshot.NewTree("3.13", "3.13.0")
	Index(tr, d)
	for _, name := range []string{"shop._impl.BaseBasket.count", "shop._impl.Basket.count"} {
		if n := tr.Lookup(name); n == nil || n.Kind != snapshot.KindMethod {
			t.Errorf("%s = %+v, want a method recorded on the class", name, n)
		}
	}
	if n := tr.Lookup("shop._impl.Basket.total"); n != nil {
		t.Errorf("shop._impl.Basket.total recorded although BaseBasket is in the dump")
	}
	if n := tr.Lookup("shop.Legacy"); n == nil || n.Kind != snapshot.KindClass {
		t.Errorf("shop.Legacy = %+v, want a plain class (shop._impl.Legacy is not in the dump)", n)
	}
}

func TestCompare(t *testing.T) {
	d := decodeFake(t)
	// What a snapshot under test answers.
	params := func(ps ...snapshot.Param) snapshot.Resolution {
		return snapshot.Resolution{Status: snapshot.StatusOK, Params: ps, ParamsKnown: true}
	}
	ok := snapshot.Resolution{Status: snapshot.StatusOK}
	answers := map[string]snapshot.Resolution{
		"builtins": ok, "builtins.object": ok, "builtins.len": ok,
		"shop": ok, "shop._impl": ok, "shop.Basket": ok, "shop.open_basket": ok, "shop.os": ok,
		"shop.MAX":         {Status: snapshot.StatusUnknown},
		"shop.Basket.add":  ok,
		"shop.Basket.make": params(snapshot.Param{Name: "spec", Kind: snapshot.ParamNormal}),
		// __init__ lost its default: a signature mismatch.
		"shop.Basket.__init__": params(snapshot.Param{Name: "size", Kind: snapshot.ParamNormal}),
		"shop.Basket.count":    ok,
		"os":                   ok, "os.sep": ok, "lazy": ok, "winonly": ok,
	}
	var asked []string
	resolve := func(dotted string) snapshot.Resolution {
		asked = append(asked, dotted)
		if r, ok := answers[dotted]; ok {
			r.Name = dotted
			return r
		}
		return snapshot.Resolution{Status: snapshot.StatusMissing, Name: dotted}
	}
	got := Compare(d, resolve)
	want := Coverage{
		// builtins lazy os shop shop._impl srconly winonly; not _cshop (private C), not absent.
		Modules: 7, ModulesOK: 6, ModulesMissing: 1,
		// builtins.len builtins.object os.sep shop.Basket shop.Legacy shop.MAX shop.open_basket shop.os shop.strange;
		// nothing of shop._impl (private), _cshop, winonly (no names).
		ModuleNames: 9, ModuleNamesOK: 6, ModuleNamesMissing: 2, ModuleNamesUnknown: 1,
		// shop.Basket: add count make (total is a property, counted too); shop.Legacy has no members.
		ClassMembers: 4, ClassMembersOK: 3, ClassMembersMissing: 1,
		// Lib/ code only: shop.Basket.add (resolution has no params),
		// make (matches), __init__ (differs); open_basket is a re-export.
		ParamsChecked: 3, ParamsMatched: 1,
		Misses: []Miss{
			{Symbol: "shop.Basket.__init__", Status: "params-differ", Kind: "params", Detail: "interpreter: (size=…); snapshot: (size)"},
			{Symbol: "shop.Basket.add", Status: "params-unknown", Kind: "params", Detail: "interpreter: (item, *, quantity=…)"},
			{Symbol: "shop.Basket.total", Status: "missing", Kind: "member"},
			{Symbol: "shop.Legacy", Status: "missing", Kind: "name"},
			{Symbol: "shop.MAX", Status: "unknown", Kind: "name"},
			{Symbol: "shop.strange", Status: "missing", Kind: "name"},
			{Symbol: "srconly", Status: "missing", Kind: "module"},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Compare (-want +got):\n%s", d)
	}
	for _, a := range asked {
		if strings.HasPrefix(a, "_cshop") || strings.HasPrefix(a, "absent") || strings.Contains(a, ".__getattr__") {
			t.Errorf("Compare asked about %s", a)
		}
	}
}

func TestFormatParams(t *testing.T) {
	P := func(name string, k snapshot.ParamKind, def string) snapshot.Param {
		return snapshot.Param{Name: name, Kind: k, Default: def}
	}
	tests := []struct {
		in   []snapshot.Param
		want string
	}{
		{nil, "()"},
		{[]snapshot.Param{P("a", snapshot.ParamPositionalOnly, ""), P("b", snapshot.ParamNormal, "1")}, "(a, /, b=…)"},
		{[]snapshot.Param{P("args", snapshot.ParamVarArgs, ""), P("k", snapshot.ParamKeywordOnly, "")}, "(*args, k)"},
		{[]snapshot.Param{P("k", snapshot.ParamKeywordOnly, "None"), P("kw", snapshot.ParamVarKeywords, "")}, "(*, k=…, **kw)"},
	}
	for _, tt := range tests {
		if got := snapshot.FormatParamNames(tt.in); got != tt.want {
			t.Errorf("snapshot.FormatParamNames(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A function the source defines in its except-ImportError branch gives way
// to the class the interpreter really has under that name.
func TestIndexClassReplacesFallbackFunction(t *testing.T) {
	d, err := Decode(strings.NewReader(jsonl(`{"type":"header","version":"3.13.0","implementation":"cpython","platform":"linux"}
{"type":"module","name":"_thr","names":[
 {"name":"_Args","kind":"class","bases":["builtins.tuple"],"members":[{"name":"exc_type","kind":"property","own":true}]}]}
{"type":"module","name":"thr","file":"Lib/thr.py","names":[
 {"name":"Args","kind":"class","defined_in":"_thr._Args","bases":["builtins.tuple"],"members":[]},
 {"name":"hook","kind":"function","defined_in":"_thr.hook","params":[]}]}
{"type":"end","modules":2}
`)))
	if err != nil {
		t.Fatal(err)
	}
	tr := snapshot.NewTree("3.13", "3.13.0")
	src := snapshot.FromPythonSource
	tr.Add("thr", snapshot.Fact{Kind: snapshot.KindModule, Evidence: src, File: "Lib/thr.py"})
	for _, name := range []string{"thr.Args", "thr.hook"} {
		tr.Add(name, snapshot.Fact{Kind: snapshot.KindFunction, Evidence: src, File: "Lib/thr.py", Line: 9,
			Params: []snapshot.Param{{Name: "args", Kind: snapshot.ParamNormal}}, ParamsKnown: true})
	}
	Index(tr, d)
	if n := tr.Lookup("thr.Args"); n == nil || n.Kind != snapshot.KindAlias || n.Target != "_thr._Args" || n.ParamsKnown {
		t.Errorf("thr.Args = %+v, want an alias of _thr._Args without the fallback's signature", n)
	}
	// A runtime function under another name is not a reason to drop one.
	if n := tr.Lookup("thr.hook"); n == nil || n.Kind != snapshot.KindFunction {
		t.Errorf("thr.hook = %+v, want the source's function kept", n)
	}
}
