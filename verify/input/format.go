package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// format is how an input is split into reports.
type format uint8

const (
	formatNone   format = iota // not a report: left out of folders
	formatText                 // the whole file is one Markdown or plain-text report
	formatPython               // the whole file is one bare PoC
	formatDiff                 // the whole file is one bare patch
	formatJSONL
	formatJSON
	// formatJSONFound is a .json file met inside a folder, where JSON files
	// are often something else (a manifest, a config): one whose first
	// object has no body field is passed over in silence.
	formatJSONFound
	formatEmail
	formatMbox
	formatSniff // decide from the content (stdin)
)

// formatOf picks a file's format from its extension. named says the user
// named the file itself, not a folder holding it: then any file is read,
// as text when its extension says nothing else.
func formatOf(name string, named bool) format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".txt":
		return formatText
	case ".py":
		return formatPython
	case ".diff", ".patch":
		return formatDiff
	case ".jsonl", ".ndjson":
		return formatJSONL
	case ".json":
		if !named {
			return formatJSONFound
		}
		return formatJSON
	case ".eml":
		return formatEmail
	case ".mbox":
		return formatMbox
	}
	if named {
		return formatText
	}
	return formatNone
}

func kindOf(f format) report.TextKind {
	switch f {
	case formatPython:
		return report.Python
	case formatDiff:
		return report.Diff
	}
	return report.Markdown
}

// sniffLen is how much of stdin is looked at to guess its format.
const sniffLen = 64 << 10

// sniff guesses the format of a stream from its first bytes without
// consuming them: JSON Lines when it starts with '{' and its first line is a
// whole JSON value, JSON for an object spread over lines or an array of
// objects, a mailbox when it starts with "From ", an email when it starts
// with mail headers, a patch when it starts like one, else Markdown.
func sniff(br *bufio.Reader) format {
	head, _ := br.Peek(sniffLen)
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 {
		return formatText
	}
	switch t[0] {
	case '{':
		line := t
		if i := bytes.IndexByte(t, '\n'); i >= 0 {
			line = t[:i]
		}
		if json.Valid(line) {
			return formatJSONL
		}
		if next := firstNonSpace(t[1:]); next == '"' || next == '}' {
			return formatJSON
		}
		return formatText
	case '[':
		// "[link](url)" starts many Markdown files; an array of reports
		// holds objects.
		if next := firstNonSpace(t[1:]); next == '{' || next == ']' || next == 0 {
			return formatJSON
		}
		return formatText
	}
	switch {
	case bytes.HasPrefix(t, []byte("From ")):
		return formatMbox
	case looksLikeMail(t):
		return formatEmail
	case looksLikePatch(t):
		return formatDiff
	}
	return formatText
}

// firstNonSpace returns the first byte of b that is not white space, or 0.
func firstNonSpace(b []byte) byte {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

// mailHeaders are headers that mark a header block as an email's; a
// Markdown file with "Title:"/"Date:" front matter has none of them.
var mailHeaders = map[string]bool{
	"from": true, "to": true, "subject": true, "message-id": true, "received": true,
	"return-path": true, "mime-version": true, "delivered-to": true,
}

// looksLikeMail says whether b starts with an RFC 822 header block: only
// header and continuation lines up to a blank line, one of them a mail
// header.
func looksLikeMail(b []byte) bool {
	seen := false
	for len(b) > 0 {
		line := b
		rest := []byte(nil)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, rest = b[:i], b[i+1:]
		} else if len(b) == sniffLen {
			return false // header block longer than we looked at
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			return seen
		case line[0] == ' ' || line[0] == '\t':
			// a folded continuation of the previous header
		default:
			name, _, ok := bytes.Cut(line, []byte(":"))
			if !ok || !isHeaderName(name) {
				return false
			}
			if mailHeaders[strings.ToLower(string(name))] {
				seen = true
			}
		}
		b = rest
	}
	return seen
}

// isHeaderName reports whether b is an RFC 5322 field name: printable
// ASCII without spaces or colons.
func isHeaderName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// looksLikePatch says whether b starts like a unified or git diff.
func looksLikePatch(b []byte) bool {
	if bytes.HasPrefix(b, []byte("diff --git ")) || bytes.HasPrefix(b, []byte("diff -u")) {
		return true
	}
	if !bytes.HasPrefix(b, []byte("--- ")) {
		return false
	}
	_, rest, ok := bytes.Cut(b, []byte("\n"))
	return ok && bytes.HasPrefix(rest, []byte("+++ "))
}
