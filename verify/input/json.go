package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// Field names read from a report object, in order of preference. Matching
// ignores case. These cover the corpus's own batches, OSV advisories
// (summary, details) and common issue-tracker exports.
var (
	bodyFields  = []string{"body", "text", "content", "description", "details"}
	titleFields = []string{"title", "summary"}
	dateFields  = []string{"date", "published", "created", "created_at"}
)

// rawLimit is how many bytes of JSON one report may take: JSON escapes can
// double a text's size ("\n", "\"") and more for "\u00e9", so the raw limit
// is looser than the limit on the decoded body, which is checked after.
func rawLimit(maxSize int64) int64 { return 2*maxSize + 64<<10 }

// readJSONL reads one JSON object per line. A bad line is reported and
// skipped; blank lines are skipped silently.
func (w *walker) readJSONL(src string, br *bufio.Reader) error {
	lr := lineReader{r: br, limit: rawLimit(w.maxSize)}
	for lineNo := 1; ; lineNo++ {
		line, over, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			return w.emitErr(src, lineNo, err)
		}
		switch {
		case over:
			if stop := w.emitErr(src, lineNo, &sizeError{Size: -1, Limit: w.maxSize}); stop != nil {
				return stop
			}
		case len(bytes.TrimSpace(line)) > 0:
			if stop := w.emitObject(src, lineNo, line); stop != nil {
				return stop
			}
		case lineNo%1024 == 0:
			// Long runs of blank lines yield nothing; still notice ctx.
			if cerr := w.ctx.Err(); cerr != nil {
				return cerr
			}
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}

// emitObject turns the raw JSON of one object into a report and emits it,
// or emits why it could not.
func (w *walker) emitObject(src string, line int, raw []byte) error {
	r, err := reportFromJSON(raw, w.maxSize)
	if err != nil {
		return w.emitErr(src, line, err)
	}
	r.Source, r.Line = src, line
	return w.emitReport(r)
}

// lineReader hands out the lines of a stream one at a time, holding at most
// limit bytes of one line; the rest of a longer line is read and dropped.
type lineReader struct {
	r     *bufio.Reader
	limit int64
	buf   []byte
}

// next returns the next line without its line end. over reports a line
// longer than the limit, whose bytes are not returned. err is io.EOF with
// the last line, or a read error.
func (lr *lineReader) next() (line []byte, over bool, err error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !over {
			if int64(len(lr.buf)+len(chunk)) > lr.limit {
				over = true
				lr.buf = lr.buf[:0]
			} else if len(lr.buf) == 0 && err == nil {
				// The common case: the whole line is in the reader's
				// buffer; hand it out without copying.
				return trimEOL(chunk), false, nil
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if over {
			return nil, true, err
		}
		return trimEOL(lr.buf), false, err
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// reportFromJSON reads one report object.
func reportFromJSON(raw []byte, maxSize int64) (report.Report, error) {
	switch c := firstNonSpace(raw); c {
	case '{':
	case '[':
		return report.Report{}, errors.New("expected a JSON object, found an array")
	default:
		if !json.Valid(raw) {
			break // let Unmarshal say what is wrong
		}
		return report.Report{}, fmt.Errorf("expected a JSON object, found %s", jsonKind(c))
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return report.Report{}, fmt.Errorf("invalid JSON: %w", jsonCause(err))
	}
	return reportFromFields(fields, maxSize)
}

func jsonKind(c byte) string {
	switch {
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	}
	return "a number"
}

// jsonCause strips encoding/json's "json: " prefix from messages, which
// would read oddly after "invalid JSON: ".
func jsonCause(err error) error {
	if msg, ok := strings.CutPrefix(err.Error(), "json: "); ok {
		return errors.New(msg)
	}
	return err
}

// reportFromFields builds a report from an object's fields: body from the
// first non-empty string among bodyFields, title, id (a string or a number,
// as written) and date.
func reportFromFields(fields map[string]json.RawMessage, maxSize int64) (report.Report, error) {
	var r report.Report
	var badType, empty string
	for _, name := range bodyFields {
		raw, ok := lookup(fields, name)
		if !ok {
			continue
		}
		s, isString := jsonString(raw)
		switch {
		case !isString:
			if badType == "" && !isNull(raw) {
				badType = name
			}
		case strings.TrimSpace(s) == "":
			if empty == "" {
				empty = name
			}
		case r.Text == "":
			r.Text = s
		}
	}
	switch {
	case r.Text != "":
	case badType != "":
		return r, fmt.Errorf("field %q is not a string", badType)
	case empty != "":
		return r, fmt.Errorf("field %q is empty", empty)
	default:
		return r, ErrNoBody
	}
	if n := int64(len(r.Text)); n > maxSize {
		return report.Report{}, &sizeError{Size: n, Limit: maxSize}
	}
	r.Text = cleanText(r.Text)
	for _, name := range titleFields {
		if raw, ok := lookup(fields, name); ok {
			if s, ok := jsonString(raw); ok && strings.TrimSpace(s) != "" {
				r.Title = cleanText(strings.TrimSpace(s))
				break
			}
		}
	}
	if raw, ok := lookup(fields, "id"); ok {
		r.ID = jsonID(raw)
	}
	for _, name := range dateFields {
		if raw, ok := lookup(fields, name); ok {
			if s, ok := jsonString(raw); ok {
				if d := isoDate(s); d != "" {
					r.Date = d
					break
				}
			}
		}
	}
	r.Kind = report.Markdown
	r.Flat = true
	return r, nil
}

// lookup finds a field by name, exactly or else ignoring case.
func lookup(fields map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	if raw, ok := fields[name]; ok {
		return raw, true
	}
	for k, raw := range fields {
		if strings.EqualFold(k, name) {
			return raw, true
		}
	}
	return nil, false
}

func jsonString(raw json.RawMessage) (string, bool) {
	if firstNonSpace(raw) != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// jsonID returns an id as written: a string's value, or a number's digits
// (so that 12 and 12.0 stay apart). Anything else counts as no id.
func jsonID(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return cleanText(strings.TrimSpace(s))
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&n) == nil {
		return n.String()
	}
	return ""
}

// isoDate returns the YYYY-MM-DD date a date field starts with
// ("2024-06-01", "2024-06-01T10:00:00Z"), or "".
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return ""
	}
	if len(s) > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't' {
		return ""
	}
	return s[:10]
}
