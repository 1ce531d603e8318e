package input

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// emailLimit is how large one raw email may be. It is looser than the
// report limit because a message carries attachments, encodings and
// headers besides the text that becomes the report.
func emailLimit(maxSize int64) int64 { return 8 * maxSize }

// readEmail reads a file that holds one email message.
func (w *walker) readEmail(src string, br *bufio.Reader, size int64) error {
	limit := emailLimit(w.maxSize)
	data, err := readLimited(br, limit, size)
	if err != nil {
		var se *sizeError
		if errors.As(err, &se) {
			se.What = "email message"
		}
		return w.emitErr(src, 0, pathCause(err))
	}
	r, err := parseMessage(data, w.maxSize)
	if err != nil {
		return w.emitErr(src, 0, err)
	}
	r.Source = src
	return w.emitReport(r)
}

// readMbox reads a mailbox: messages each introduced by a "From " line, as
// mbox writers produce them. Messages are read one at a time; a message that
// cannot be read is reported at its first line and the next one is read.
// Body lines escaped as ">From " (mboxo and mboxrd) lose one ">".
func (w *walker) readMbox(src string, br *bufio.Reader) error {
	limit := emailLimit(w.maxSize)
	lr := lineReader{r: br, limit: limit}
	var msg []byte
	start := 0 // line of the current message's first header; 0 before any
	over := false
	flush := func() error {
		switch {
		case start == 0:
			return nil
		case over:
			return w.emitErr(src, start, &sizeError{What: "email message", Size: -1, Limit: limit})
		}
		// The blank line before a "From " line belongs to the separator.
		if bytes.HasSuffix(msg, []byte("\n\n")) {
			msg = msg[:len(msg)-1]
		}
		r, err := parseMessage(msg, w.maxSize)
		if err != nil {
			return w.emitErr(src, start, err)
		}
		r.Source, r.Line = src, start+r.Line-1
		return w.emitReport(r)
	}
	for lineNo := 1; ; lineNo++ {
		line, tooLong, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			if stop := flush(); stop != nil {
				return stop
			}
			return w.emitErr(src, lineNo, err)
		}
		switch {
		case err != nil && len(line) == 0:
			// the end of the file, not a line
		case !tooLong && bytes.HasPrefix(line, []byte("From ")):
			if stop := flush(); stop != nil {
				return stop
			}
			start, msg, over = lineNo+1, msg[:0], false
		case start == 0 && !tooLong && len(bytes.TrimSpace(line)) == 0:
			// blank lines before the first message
		default:
			if start == 0 {
				// No "From " line first: read the mailbox as one message.
				start = lineNo
			}
			if tooLong || over || int64(len(msg)+len(line)+1) > limit {
				over, msg = true, msg[:0]
				break
			}
			if bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) && line[0] == '>' {
				line = line[1:]
			}
			msg = append(msg, line...)
			msg = append(msg, '\n')
		}
		if err != nil { // io.EOF
			return flush()
		}
	}
}

// parseMessage reads one email into a report: the text of its body's
// text/plain part as Text, Subject as Title, Message-ID as ID, Date as
// Date. Line is the line of the message where the text starts (1 is the
// first header line), found on a best-effort basis.
func parseMessage(data []byte, maxSize int64) (report.Report, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return report.Report{}, fmt.Errorf("invalid email: %w", err)
	}
	h := textproto.MIMEHeader(msg.Header)
	var f partFinder
	if err := f.walk(h, msg.Body, 0); err != nil && f.best.rank == 0 {
		return report.Report{}, err
	}
	if f.best.rank == 0 {
		return report.Report{}, errors.New("email has no text part")
	}
	if n := int64(len(f.best.text)); n > maxSize {
		return report.Report{}, &sizeError{Size: n, Limit: maxSize}
	}
	r := report.Report{
		Text:  cleanText(f.best.text),
		Title: decodeHeader(h.Get("Subject")),
		ID:    messageID(h.Get("Message-Id")),
		Kind:  report.Markdown,
	}
	if strings.TrimSpace(r.Text) == "" {
		return report.Report{}, ErrEmpty
	}
	if t, err := mail.ParseDate(h.Get("Date")); err == nil {
		r.Date = t.Format(time.DateOnly)
	}
	r.Line = textLine(data, string(f.best.raw))
	return r, nil
}

// Limits on MIME structure, so that a hostile message cannot make the walk
// recurse or loop without end.
const (
	maxMIMEDepth = 8
	maxMIMEParts = 500
)

// partFinder walks a MIME tree for the part that holds the report's text.
// Best is an inline text/plain part; failing that another inline text part
// (Markdown, HTML); failing that a text attachment.
type partFinder struct {
	best  foundText
	parts int
}

type foundText struct {
	text string
	raw  []byte // the part's body as it stands in the message
	rank int    // 3 inline text/plain, 2 other inline text, 1 text attachment
}

func (f *partFinder) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	f.parts++
	if depth > maxMIMEDepth || f.parts > maxMIMEParts {
		return errors.New("email's MIME structure is too deep or has too many parts")
	}
	media, params := mediaType(h.Get("Content-Type"))
	if strings.HasPrefix(media, "multipart/") {
		return f.walkMultipart(params["boundary"], body, depth)
	}
	if !strings.HasPrefix(media, "text/") {
		return nil
	}
	rank := 2
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" {
		rank = 1
	} else if media == "text/plain" {
		rank = 3
	}
	if rank <= f.best.rank {
		return nil
	}
	raw, err := io.ReadAll(body)
	if err != nil && len(raw) == 0 {
		return fmt.Errorf("reading email body: %w", err)
	}
	text := decodeCharset(decodeTransfer(h.Get("Content-Transfer-Encoding"), raw), params["charset"])
	if media == "text/html" {
		text = htmlText(text)
	}
	f.best = foundText{text: text, raw: raw, rank: rank}
	return nil
}

func (f *partFinder) walkMultipart(boundary string, body io.Reader, depth int) error {
	if boundary == "" {
		return errors.New("multipart email without a boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for f.best.rank < 3 {
		// NextRawPart leaves transfer encodings to decodeTransfer, so that
		// every encoding is handled in one place.
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading MIME parts: %w", err)
		}
		if err := f.walk(p.Header, p, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// mediaType parses a Content-Type, defaulting to text/plain as RFC 2045
// says. A malformed parameter list still yields the media type.
func mediaType(ct string) (string, map[string]string) {
	if strings.TrimSpace(ct) == "" {
		return "text/plain", nil
	}
	media, params, err := mime.ParseMediaType(ct)
	if media == "" || (err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter)) {
		media, _, _ = strings.Cut(strings.ToLower(ct), ";")
		media = strings.TrimSpace(media)
	}
	return media, params
}

// decodeTransfer undoes a Content-Transfer-Encoding. A body that does not
// decode cleanly keeps what did decode (base64) or stays as it was
// (quoted-printable).
func decodeTransfer(cte string, raw []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return raw
		}
		return dec
	case "base64":
		clean := make([]byte, 0, len(raw))
		for _, c := range raw {
			if c == '+' || c == '/' || c == '=' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
				clean = append(clean, c)
			}
		}
		clean = bytes.TrimRight(clean, "=")
		dec := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, _ := base64.RawStdEncoding.Decode(dec, clean)
		return dec[:n]
	}
	return raw
}

// decodeCharset turns text in a declared charset into a Go string. UTF-8
// and ASCII pass through. Latin-1 and its kin are decoded as Windows-1252,
// as browsers do, since mail labelled Latin-1 is often Windows-1252 — unless
// the bytes are valid UTF-8: real Latin-1 text almost never is, while
// mislabelled UTF-8 is common. Other charsets are taken as UTF-8 on a
// best-effort basis: their ASCII survives, and invalid bytes become U+FFFD
// later.
func decodeCharset(b []byte, charset string) string {
	if isLatin1(charset) && !utf8.Valid(b) {
		return decode1252(b)
	}
	return string(b)
}

func isLatin1(charset string) bool {
	switch strings.ToLower(strings.Trim(charset, " \t\"'")) {
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
		"iso-8859-15", "iso8859-15", "latin9", "latin-9",
		"windows-1252", "cp1252", "x-cp1252":
		return true
	}
	return false
}

// cp1252High maps bytes 0x80-0x9F of Windows-1252; 0 marks the five
// unassigned ones, which are kept as the C1 controls Latin-1 has there.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0 && cp1252High[c-0x80] != 0:
			sb.WriteRune(cp1252High[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// decodeHeader decodes RFC 2047 encoded words ("=?utf-8?q?...?=") in a
// header. A header that does not decode is kept as written.
func decodeHeader(s string) string {
	wd := mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		if !isLatin1(charset) {
			return nil, fmt.Errorf("unhandled charset %q", charset)
		}
		b, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(decode1252(b)), nil
	}}
	if dec, err := wd.DecodeHeader(s); err == nil {
		s = dec
	}
	return cleanText(strings.Join(strings.Fields(s), " "))
}

// messageID returns a Message-ID without its angle brackets.
func messageID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	return cleanText(strings.TrimSpace(s))
}

// textLine finds the line of the raw message where the chosen part starts:
// where part's first non-blank line appears in the message body, or else
// the body's first line. part is the part's body before transfer decoding,
// so that it can be found as written.
func textLine(raw []byte, part string) int {
	bodyStart := len(raw)
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 {
		bodyStart = i + 2
	}
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 && i+4 < bodyStart {
		bodyStart = i + 4
	}
	bodyLine := 1 + bytes.Count(raw[:bodyStart], []byte("\n"))

	skipped := 0 // blank lines at the top of the part
	probe := part
	for {
		line, rest, ok := strings.Cut(probe, "\n")
		if strings.TrimSpace(line) != "" || !ok {
			probe = strings.TrimSpace(line)
			break
		}
		probe = rest
		skipped++
	}
	if len(probe) > 80 {
		probe = probe[:80]
	}
	if len(probe) < 4 {
		return bodyLine
	}
	i := bytes.Index(raw[bodyStart:], []byte(probe))
	if i < 0 {
		return bodyLine
	}
	line := 1 + bytes.Count(raw[:bodyStart+i], []byte("\n")) - skipped
	return max(line, bodyLine)
}

// htmlText reduces an HTML body to its text: tags dropped, line breaks
// kept at <br> and block ends, entities decoded. Crude, but an HTML-only
// report is rare, and it is only read, never rendered.
func htmlText(s string) string {
	var sb strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			sb.WriteString(s)
			break
		}
		sb.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(strings.TrimLeft(s[i+1:i+j], "/ "))
		name, _, _ := strings.Cut(tag, " ")
		switch strings.TrimRight(name, "/") {
		case "br", "p", "div", "li", "tr", "pre", "h1", "h2", "h3", "h4", "h5", "h6":
			sb.WriteByte('\n')
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(sb.String())
}
