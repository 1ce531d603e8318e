package extract

import (
	"testing"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// FuzzReport: no report text may panic extraction, whatever its Markdown,
// code, diffs or encoding.
func FuzzReport(f *testing.F) {
	for _, seed := range []string{
		"`tarfile.TarFile.extractall()` in Lib/tarfile.py\n\n```python\nimport tarfile\nwith tarfile.open('x') as tf:\n    tf.extractall(filter='data')\n```\n",
		"```diff\n--- a/Lib/x.py\n+++ b/Lib/x.py\n@@ -1,2 +1,2 @@ def f(a):\n-a\n+b\n```\n",
		">>> import os\n>>> os.path.join('a', 'b')\n'a/b'\n",
		"python3 -c 'import json; json.loads(\"[\")'\n",
		"```python\nclass P(asyncio.Protocol):\n    def connection_made(self, transport):\n        transport.write(\n```",
		"`PyUnicode_AsUTF8AndSize` and `_Py_normpath()` in Modules/posixmodule.c",
		"\xff\xfe\x00`a.b`\n```\x00\n",
	} {
		f.Add(seed)
	}
	e := New(fakeOracle{})
	defer e.Close()
	f.Fuzz(func(t *testing.T, text string) {
		for _, kind := range []report.TextKind{report.Markdown, report.Python, report.Diff} {
			r := report.Report{Source: "fuzz.md", Text: text, Line: 1, Kind: kind}
			for _, ref := range e.Report(&r, mdoc.Parse(text)) {
				if ref.Line < 1 || ref.Column < 1 {
					t.Fatalf("reference %+v has no position", ref)
				}
			}
		}
	})
}
