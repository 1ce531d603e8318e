package input

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"
)

// fuzzWalk reads data as the given format through the whole input path
// (openText, sniffing, the format's reader) and checks every item's
// invariants. Only panics and broken invariants fail.
func fuzzWalk(t *testing.T, data []byte, f format) {
	w := &walker{
		ctx:     context.Background(),
		maxSize: 4 << 10,
		seen:    map[string]bool{},
		yield: func(it Item) error {
			checkItem(t, it)
			return nil
		},
	}
	if err := w.read("fuzz", bytes.NewReader(data), int64(len(data)), f); err != nil {
		t.Fatalf("read stopped the walk: %v", err)
	}
}

func FuzzJSONLines(f *testing.F) {
	for _, seed := range []string{
		`{"id": "a", "title": "t", "body": "b"}` + "\n" + `{"id": 3, "text": "x"}`,
		"\n\n{\"body\": \"\\ud800\"}\r\n{bad\n[1]\n\"s\"\nnull\n",
		`{"body": ["not", "a", "string"], "details": "d"}`,
		"{\"body\": \"\xff\xfe\"}\n" + `{"id": {"nested": true}, "content": "c"}`,
		"\xff\xfe{\x00\"\x00}\x00",
		`{"date": "2024-13-45T", "published": "2024-02-29", "summary": "s", "description": "d"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzWalk(t, data, formatJSONL)
		fuzzWalk(t, data, formatJSON)
		fuzzWalk(t, data, formatJSONFound)
		fuzzWalk(t, data, formatSniff)
	})
}

func FuzzEmail(f *testing.F) {
	for _, seed := range []string{
		"From: a@example.org\nSubject: =?utf-8?b?w6k=?=\nDate: Mon, 3 Jun 2024 12:00:00 +0000\n\nbody\n",
		"From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Transfer-Encoding: quoted-printable\n\n=C3=A9=\n--x--\n",
		"From: a@example.org\nContent-Type: multipart/alternative; boundary=\"y\"\n\n--y\nContent-Type: text/html\n\n<p>a &amp; b</p>\n--y\nContent-Type: text/plain; charset=latin1\nContent-Transfer-Encoding: base64\n\n6Q==\n--y--\n",
		"From x\nFrom: a@example.org\n\n>From quoted\nFrom y\nnot a header\n\nFrom z\n",
		"Subject: \nContent-Type: multipart/mixed; boundary=\n\n--\n",
		"Content-Type: text/plain; charset=\"unterminated\n\n=\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzWalk(t, data, formatEmail)
		fuzzWalk(t, data, formatMbox)
		r, err := parseMessage(data, 1<<20)
		if err == nil && r.Line < 1 {
			t.Errorf("Line = %d", r.Line)
		}
		_ = sniff(bufio.NewReader(strings.NewReader(string(data))))
	})
}
