package input

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// crlf turns LF line ends into CRLF, as mail on the wire has them.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestEmail(t *testing.T) {
	tests := []struct {
		name, msg string
		want      got
	}{
		{"plain", "From: Reporter <r@example.org>\n" +
			"Subject: tarfile filter bypass\n" +
			"Message-ID: <abc.123@example.org>\n" +
			"Date: Tue, 4 Jun 2024 23:30:00 -0700\n" +
			"\n" +
			"Calling `tarfile.TarFile.extractall` ...\n",
			got{ID: "abc.123@example.org", Title: "tarfile filter bypass", Date: "2024-06-04",
				Text: "Calling `tarfile.TarFile.extractall` ...\n", Line: 6}},
		{"CRLF line ends", crlf("Subject: s\nFrom: a@example.org\n\nline one\nline two\n"),
			got{Title: "s", Text: "line one\nline two\n", Line: 4}},
		{"quoted-printable utf-8", "From: a@example.org\n" +
			"Content-Type: text/plain; charset=utf-8\n" +
			"Content-Transfer-Encoding: quoted-printable\n" +
			"\n" +
			"caf=C3=A9 and a soft=\nbreak, a=3Db\n",
			got{Text: "café and a softbreak, a=b\n", Line: 5}},
		{"base64", "From: a@example.org\nContent-Transfer-Encoding: base64\n\n" +
			"VGVzdGVkIG9uIDMuMTIuNC4K\n",
			got{Text: "Tested on 3.12.4.\n", Line: 4}},
		{"base64 with junk", "From: a@example.org\nContent-Transfer-Encoding: BASE64\n\n" +
			"VGVzdGVk IG9u\r\nIDMuMTIuNC4K==\n",
			got{Text: "Tested on 3.12.4.\n", Line: 4}},
		{"latin-1 8bit", "From: a@example.org\nContent-Type: text/plain; charset=\"ISO-8859-1\"\n\ncaf\xe9\n",
			got{Text: "café\n", Line: 4}},
		{"windows-1252 quotes", "From: a@example.org\nContent-Type: text/plain; charset=windows-1252\n\n\x93quoted\x94 \x80\n",
			got{Text: "“quoted” €\n", Line: 4}},
		{"mislabelled utf-8 kept", "From: a@example.org\nContent-Type: text/plain; charset=iso-8859-1\n\ncafé\n",
			got{Text: "café\n", Line: 4}},
		{"unknown charset, best effort", "From: a@example.org\nContent-Type: text/plain; charset=koi8-r\n\nok \xc1\xc2\n",
			got{Text: "ok \uFFFD\n", Line: 4}},
		{"encoded subject", "From: a@example.org\n" +
			"Subject: =?utf-8?q?zipfile_=E2=80=94_loop?= =?ISO-8859-1?Q?caf=E9?=\n\nb\n",
			got{Title: "zipfile — loopcafé", Text: "b\n", Line: 4}},
		{"multipart: text/plain chosen over html and attachments", "From: a@example.org\n" +
			"Subject: multi\n" +
			"MIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=\"outer\"\n" +
			"\n" +
			"This is a multi-part message.\n" +
			"--outer\n" +
			"Content-Type: multipart/alternative; boundary=inner\n" +
			"\n" +
			"--inner\n" +
			"Content-Type: text/html\n" +
			"\n" +
			"<p>HTML version</p>\n" +
			"--inner\n" +
			"Content-Type: text/plain; charset=us-ascii\n" +
			"\n" +
			"Plain version, line 17.\n" +
			"Second line.\n" +
			"--inner--\n" +
			"--outer\n" +
			"Content-Type: text/x-python; name=poc.py\n" +
			"Content-Disposition: attachment; filename=poc.py\n" +
			"\n" +
			"import os\n" +
			"--outer--\n",
			got{Title: "multi", Text: "Plain version, line 17.\nSecond line.", Line: 17}},
		{"multipart: quoted-printable part", "From: a@example.org\n" +
			"Content-Type: multipart/alternative; boundary=b\n" +
			"\n" +
			"--b\n" +
			"Content-Type: text/plain; charset=utf-8\n" +
			"Content-Transfer-Encoding: quoted-printable\n" +
			"\n" +
			"na=C3=AFve\n" +
			"--b--\n",
			got{Text: "naïve", Line: 8}},
		{"html only", "From: a@example.org\nContent-Type: text/html; charset=utf-8\n\n" +
			"<html><body><p>Use <code>os.path.join</code> &amp; friends</p><br>end</body></html>\n",
			got{Text: "\nUse os.path.join & friends\n\nend\n", Line: 4}},
		{"only a text attachment", "From: a@example.org\n" +
			"Content-Type: multipart/mixed; boundary=z\n" +
			"\n" +
			"--z\n" +
			"Content-Type: image/png\n" +
			"Content-Transfer-Encoding: base64\n" +
			"\n" +
			"iVBORw0KGgo=\n" +
			"--z\n" +
			"Content-Type: text/markdown; charset=utf-8\n" +
			"Content-Disposition: attachment; filename=report.md\n" +
			"\n" +
			"# Report in an attachment\n" +
			"--z--\n",
			got{Text: "# Report in an attachment", Line: 13}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"m.eml": tt.msg})
			t.Chdir(dir)
			tt.want.Source = "m.eml"
			if diff := cmp.Diff([]got{tt.want}, walkAll(t, []string{"m.eml"}, Options{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmailErrors(t *testing.T) {
	tests := []struct {
		name, msg, want string
	}{
		{"no text part", "From: a@example.org\nContent-Type: image/png\n\nxyz\n", "m.eml: email has no text part"},
		{"no boundary", "From: a@example.org\nContent-Type: multipart/mixed\n\n--x\n", "m.eml: multipart email without a boundary"},
		{"not mail", "From: a@example.org\nthis line is not a header\n\nbody\n", "m.eml: invalid email: malformed header line: this line is not a header"},
		{"empty body", "From: a@example.org\n\n\n  \n", "m.eml: empty report skipped"},
		{"text over the limit", "From: a@example.org\n\n" + strings.Repeat("w", 300) + "\n", "m.eml: report is 301 bytes, over the 200-byte limit"},
		{"message over the limit", "From: a@example.org\nContent-Type: multipart/mixed; boundary=q\n\n--q\n\nhi\n--q\n\n" + strings.Repeat("A", 2000) + "\n--q--\n",
			"m.eml: email message is 2083 bytes, over the 1600-byte limit"},
		{"too deep", "From: a@example.org\nContent-Type: multipart/mixed; boundary=b0\n\n" + nested(12),
			"m.eml: email's MIME structure is too deep or has too many parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"m.eml": tt.msg})
			t.Chdir(dir)
			want := []got{{Source: "m.eml", Err: tt.want}}
			if diff := cmp.Diff(want, walkAll(t, []string{"m.eml"}, Options{MaxSize: 200})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMbox(t *testing.T) {
	box := "From alice@example.org Mon Jun  3 10:00:00 2024\n" + // 1
		"From: alice@example.org\n" + // 2
		"Subject: first\n" + // 3
		"Message-ID: <one@example.org>\n" + // 4
		"\n" + // 5
		"First body.\n" + // 6
		">From the docs, quoted.\n" + // 7
		">>From deeper.\n" + // 8
		"\n" + // 9
		"From broken@example.org Mon Jun  3 11:00:00 2024\n" + // 10
		"this is not a header\n" + // 11
		"\n" + // 12
		"From carol@example.org Mon Jun  3 12:00:00 2024\n" + // 13
		"From: carol@example.org\n" + // 14
		"Subject: third\n" + // 15
		"Date: Mon, 3 Jun 2024 12:00:00 +0000\n" + // 16
		"\n" + // 17
		"\n" + // 18
		"Third body.\n" // 19
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"box.mbox": box})
	t.Chdir(dir)
	want := []got{
		{Source: "box.mbox", ID: "one@example.org", Title: "first", Text: "First body.\nFrom the docs, quoted.\n>From deeper.\n", Line: 6},
		{Source: "box.mbox", Line: 11, Err: "box.mbox:11: invalid email: malformed header line: this is not a header"},
		{Source: "box.mbox", Title: "third", Date: "2024-06-03", Text: "\nThird body.\n", Line: 18},
	}
	if diff := cmp.Diff(want, walkAll(t, []string{"box.mbox"}, Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMboxOversizeMessage(t *testing.T) {
	box := "From a\nFrom: a@example.org\n\n" + strings.Repeat("long line\n", 200) +
		"From b\nFrom: b@example.org\n\nshort\n"
	items := walkAll(t, []string{"-"}, Options{MaxSize: 100, Stdin: strings.NewReader(box)})
	want := []got{
		{Source: "-", Line: 2, Err: "-:2: email message is over the 800-byte limit"},
		{Source: "-", Text: "short\n", Line: 207},
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMboxWithoutFromLine(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"one.mbox": "\nSubject: lone\nFrom: x@example.org\n\nbody\n"})
	t.Chdir(dir)
	want := []got{{Source: "one.mbox", Title: "lone", Text: "body\n", Line: 5}}
	if diff := cmp.Diff(want, walkAll(t, []string{"one.mbox"}, Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// nested returns MIME parts nested depth deep, a text part at the bottom.
func nested(depth int) string {
	var sb strings.Builder
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&sb, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i+1)
	}
	fmt.Fprintf(&sb, "--b%d\n\ndeep text\n--b%d--\n", depth, depth)
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&sb, "--b%d--\n", i)
	}
	return sb.String()
}
