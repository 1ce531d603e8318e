package verify

import (
	"testing"
	"time"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// tinySnapshots builds three versions by hand: typing.override arrives in
// 3.12, telnetlib leaves in 3.12, copy.replace (with **changes) arrives in
// 3.12, and zipfile.Path gains a keyword in 3.12.
func tinySnapshots(t *testing.T) *Snapshots {
	t.Helper()
	build := func(minor, micro string, add func(*snapshot.Tree)) *snapshot.Snapshot {
		tr := snapshot.NewTree(minor, micro)
		py := snapshot.FromPythonSource
		tr.Add("typing", snapshot.Fact{Kind: snapshot.KindModule, Evidence: py})
		tr.Add("copy", snapshot.Fact{Kind: snapshot.KindModule, Evidence: py})
		tr.Add("zipfile", snapshot.Fact{Kind: snapshot.KindPackage, Evidence: py})
		tr.Add("zipfile.Path", snapshot.Fact{Kind: snapshot.KindClass, Evidence: py})
		tr.AddFile("Lib/zipfile/__init__.py", []string{"Path", "ZipFile"})
		add(tr)
		data, err := tr.Encode()
		if err != nil {
			t.Fatal(err)
		}
		s, err := snapshot.Load(data)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	init := func(params ...snapshot.Param) snapshot.Fact {
		return snapshot.Fact{Kind: snapshot.KindMethod, Evidence: snapshot.FromPythonSource, ParamsKnown: true, Params: params}
	}
	root := snapshot.Param{Name: "root", Kind: snapshot.ParamNormal}
	at := snapshot.Param{Name: "at", Kind: snapshot.ParamNormal, Default: "''"}
	return NewSnapshots(
		build("3.11", "3.11.7", func(tr *snapshot.Tree) {
			tr.Add("telnetlib", snapshot.Fact{Kind: snapshot.KindModule, Evidence: snapshot.FromPythonSource})
			tr.Add("zipfile.Path.__init__", init(root))
		}),
		build("3.12", "3.12.1", func(tr *snapshot.Tree) {
			tr.Add("typing.override", snapshot.Fact{Kind: snapshot.KindFunction, Evidence: snapshot.FromPythonSource})
			tr.Add("copy.replace", snapshot.Fact{Kind: snapshot.KindFunction, Evidence: snapshot.FromPythonSource, ParamsKnown: true,
				Params: []snapshot.Param{{Name: "obj", Kind: snapshot.ParamPositionalOnly}, {Name: "changes", Kind: snapshot.ParamVarKeywords}}})
			tr.Add("zipfile.Path.__init__", init(root, at))
		}),
	)
}

func TestJudge(t *testing.T) {
	c := NewChecker(tinySnapshots(t), &versions.Table{}, Options{Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	v := func(s string) versions.Version { x, _ := versions.Parse(s); return x }
	tests := []struct {
		name    string
		ref     report.Reference
		checked []string
		micro   map[string]versions.Version
		rule    string // "" for no finding
		status  string
	}{
		{"added later", report.Reference{Symbol: "typing.override", Kind: report.RefAttribute}, []string{"3.11"}, nil, "missing-in-version", report.StatusVersionMismatch},
		{"removed", report.Reference{Symbol: "telnetlib", Kind: report.RefModule}, []string{"3.12"}, nil, "missing-in-version", report.StatusVersionMismatch},
		{"everywhere", report.Reference{Symbol: "typing.overload_all", Kind: report.RefAttribute}, []string{"3.12"}, nil, "hallucinated-attribute", report.StatusMissing},
		{"third-party", report.Reference{Symbol: "requests", Kind: report.RefModule}, []string{"3.12"}, nil, "third-party-module", report.StatusUnknown},
		{"claimed stdlib", report.Reference{Symbol: "safetar", Kind: report.RefModule, ClaimedStdlib: true}, []string{"3.12"}, nil, "hallucinated-module", report.StatusMissing},
		{"keyword through **changes", report.Reference{Symbol: "copy.replace(name)", Kind: report.RefParameter, Callee: "copy.replace"}, []string{"3.11"}, nil, "", report.StatusUnknown},
		{"keyword added in a later minor, claimed on a later micro", report.Reference{Symbol: "zipfile.Path(at)", Kind: report.RefParameter, Callee: "zipfile.Path"},
			[]string{"3.11"}, map[string]versions.Version{"3.11": v("3.11.9")}, "", report.StatusUnknown},
		{"keyword added in a later minor, claimed on the snapshot's micro", report.Reference{Symbol: "zipfile.Path(at)", Kind: report.RefParameter, Callee: "zipfile.Path"},
			[]string{"3.11"}, map[string]versions.Version{"3.11": v("3.11.7")}, "missing-in-version", report.StatusVersionMismatch},
		{"invented keyword", report.Reference{Symbol: "zipfile.Path(max_depth)", Kind: report.RefParameter, Callee: "zipfile.Path"}, []string{"3.12"}, nil, "hallucinated-parameter", report.StatusMissing},
		{"python 2 name without claims", report.Reference{Symbol: "urllib2", Kind: report.RefModule}, nil, nil, "", report.StatusUnknown},
		{"hunk header", report.Reference{Symbol: "zipfile.ZipFile", Text: "ZipFile", Kind: report.RefAttribute, DefinedIn: "Lib/zipfile/__init__.py"}, []string{"3.12"}, nil, "", report.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ref := tc.ref
			f := c.judge(&ref, tc.checked, tc.checked != nil, tc.micro, nil)
			rule := ""
			if f != nil {
				rule = f.Rule
			}
			if rule != tc.rule || ref.Status != tc.status {
				t.Errorf("rule %q status %q (note %q); want %q %q", rule, ref.Status, ref.Note, tc.rule, tc.status)
			}
		})
	}
}

func TestHistory(t *testing.T) {
	p := &perVersion{minors: []string{"3.10", "3.11", "3.12", "3.13"},
		status: []snapshot.Status{snapshot.StatusMissing, snapshot.StatusOK, snapshot.StatusOK, snapshot.StatusMissing}}
	if got := history(p); got != "added in 3.11, removed in 3.13" {
		t.Errorf("history = %q", got)
	}
}
