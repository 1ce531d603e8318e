package extract

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeOracle knows a few classes and modules.
type fakeOracle struct{}

func (fakeOracle) IsModule(d string) bool {
	switch d {
	case "zipfile", "io", "tarfile", "asyncio", "os", "os.path", "urllib", "urllib.parse", "subprocess":
		return true
	}
	return false
}

func (fakeOracle) IsClass(d string) bool {
	switch d {
	case "zipfile.ZipFile", "zipfile.Path", "io.BytesIO", "tarfile.TarFile", "asyncio.Protocol", "subprocess.Popen":
		return true
	}
	return false
}

func symbols(code string) []string {
	e := New(fakeOracle{})
	defer e.Close()
	var out []string
	for _, r := range e.Python(code, Pos{1, 1}, "code", NewScope()) {
		s := string(r.Kind) + " " + r.Symbol
		if r.Weak {
			s += " (weak)"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func TestPythonReferences(t *testing.T) {
	tests := []struct {
		name, code string
		want       []string
	}{
		{"instances through constructors and with", `
import io, zipfile
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as zf:
    zf.writestr("//a", b"x")
root = zipfile.Path(zipfile.ZipFile(buf), at="x")
print(list(root.iterdir()))
`, []string{"attribute io.BytesIO", "attribute zipfile.Path", "attribute zipfile.Path.iterdir", "attribute zipfile.ZipFile",
			"attribute zipfile.ZipFile", "attribute zipfile.ZipFile.writestr", "module io", "module zipfile", "parameter zipfile.Path(at)"}},
		{"factory and keyword on a method", `
import tarfile
with tarfile.open("x.tar") as tf:
    tf.extractall("/tmp", filter="data", numeric_owner=True)
`, []string{"attribute tarfile.TarFile.extractall", "attribute tarfile.open", "module tarfile",
			"parameter tarfile.TarFile.extractall(filter)", "parameter tarfile.TarFile.extractall(numeric_owner)"}},
		{"from import with alias", `
from os.path import normpath as np
np("a//b", strict=True)
`, []string{"attribute os.path.normpath", "module os.path", "parameter os.path.normpath(strict)"}},
		{"asyncio callback transport", `
import asyncio
class P(asyncio.Protocol):
    def connection_made(self, transport):
        transport.set_write_buffer_limits(high=10)
`, []string{"attribute asyncio.Protocol", "attribute asyncio.Protocol.connection_made (weak)", "attribute asyncio.WriteTransport.set_write_buffer_limits",
			"module asyncio", "parameter asyncio.WriteTransport.set_write_buffer_limits(high)"}},
		{"rebinding a module name stops tracking", `
import json
json = {"a": 1}
json.get("a")
`, []string{"module json"}},
		{"user code is not a reference", `
def helper(x, flag=False):
    return x
helper(1, flag=True)
`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := symbols(strings.TrimSpace(tc.code))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("references (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPythonPositions(t *testing.T) {
	e := New(fakeOracle{})
	defer e.Close()
	refs := e.Python("import zipfile\nzipfile.Path(x)", Pos{Line: 10, Column: 5}, "code", NewScope())
	if len(refs) != 2 || refs[0].Line != 10 || refs[0].Column != 12 || refs[1].Line != 11 || refs[1].Column != 1 {
		t.Fatalf("positions: %+v", refs)
	}
}

func TestDottedSpans(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"call tarfile.TarFile.extractall() now", []string{"tarfile.TarFile.extractall"}},
		{"3.12.4 and x3.y and 3x.y", []string{"x3.y"}},
		{"end of sentence. Next", nil},
		{"a.b.c.d, e.f", []string{"a.b.c.d", "e.f"}},
		{"os.path. and _x._y", []string{"os.path", "_x._y"}},
	}
	for _, tc := range tests {
		var got []string
		for _, sp := range dottedSpans(tc.text) {
			got = append(got, tc.text[sp[0]:sp[1]])
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("dottedSpans(%q) (-want +got):\n%s", tc.text, diff)
		}
	}
	if !isDotted("a.b") || isDotted("a.b()") || isDotted("a") || !isIdent("_x1") || isIdent("1x") {
		t.Error("isDotted/isIdent")
	}
}
