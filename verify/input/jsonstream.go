package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// readJSON reads a .json file: an array of report objects, one object, or
// an object whose "reports" field is such an array. Several of these one
// after another are read in turn. Arrays are streamed element by element,
// so a large array costs the memory of one report.
//
// A malformed object inside an array is reported and skipped; a syntax
// error ends the file, since JSON cannot be resynchronised after one.
//
// probe says the file was found in a folder rather than named: if its first
// object has no body field, the file is not a batch of reports and is left
// without a word.
func (w *walker) readJSON(src string, br *bufio.Reader, probe bool) error {
	t := &lineTracker{r: br, line: 1, limit: rawLimit(w.maxSize), maxSize: w.maxSize}
	s := &jsonStream{w: w, src: src, t: t, dec: json.NewDecoder(t), probe: probe}
	for {
		t.advance(s.dec.InputOffset())
		tok, err := s.dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.fail(err)
		}
		var stop, fatal error
		switch tok {
		case json.Delim('['):
			stop, fatal = s.array()
		case json.Delim('{'):
			stop, fatal = s.object()
		default:
			line := t.lineAt(s.dec.InputOffset() - 1)
			stop = w.emitErr(src, line, fmt.Errorf("expected a JSON object or array, found %v", tok))
		}
		if stop != nil {
			return stop
		}
		if errors.Is(fatal, errNotReports) {
			return nil
		}
		if fatal != nil {
			return s.fail(fatal)
		}
	}
}

// jsonStream is one .json file being read.
type jsonStream struct {
	w   *walker
	src string
	t   *lineTracker
	dec *json.Decoder
	// probe is set until the first object is read when the file was found
	// in a folder; see readJSON.
	probe bool
}

// errNotReports ends the reading of a JSON file found in a folder whose
// first object shows it holds no reports.
var errNotReports = errors.New("not a file of reports")

// emit emits one object read from the file, or why it is not a report.
func (s *jsonStream) emit(line int, r report.Report, err error) (stop, fatal error) {
	if s.probe {
		s.probe = false
		if errors.Is(err, ErrNoBody) {
			return nil, errNotReports
		}
	}
	if err != nil {
		return s.w.emitErr(s.src, line, err), nil
	}
	r.Source, r.Line = s.src, line
	return s.w.emitReport(r), nil
}

// fail emits a decoding error that ends the file, at the line it happened.
func (s *jsonStream) fail(err error) error {
	line := s.t.line
	var se *json.SyntaxError
	var size *sizeError
	switch {
	case errors.As(err, &se):
		line = s.t.lineAt(se.Offset)
		err = fmt.Errorf("invalid JSON: %w", jsonCause(err))
	case errors.As(err, &size):
		// The tracker refused to hold more: the object starting at the
		// tracker's mark is too large.
		line = s.t.lineAt(s.t.firstValue())
	case errors.Is(err, io.ErrUnexpectedEOF):
		line = s.t.lineAt(s.t.firstValue()) // where the cut value starts
		err = errors.New("invalid JSON: unexpected end of file")
	}
	return s.w.emitErr(s.src, line, err)
}

// array reads the elements of an array whose "[" was just read, each an
// object that is one report. stop is set when the walk must stop; fatal
// when the file cannot be read on.
func (s *jsonStream) array() (stop, fatal error) {
	for s.dec.More() {
		s.t.advance(s.dec.InputOffset())
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return nil, err
		}
		// raw holds the element's exact bytes, which end where the
		// decoder now stands.
		line := s.t.lineAt(s.dec.InputOffset() - int64(len(raw)))
		r, err := reportFromJSON(raw, s.w.maxSize)
		if stop, fatal := s.emit(line, r, err); stop != nil || fatal != nil {
			return stop, fatal
		}
	}
	_, err := s.dec.Token() // "]"
	return nil, err
}

// object reads a top-level object whose "{" was just read: either one
// report, or a container with a "reports" array, which is streamed.
func (s *jsonStream) object() (stop, fatal error) {
	line := s.t.lineAt(s.dec.InputOffset() - 1)
	fields := make(map[string]json.RawMessage)
	container := false
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if key == "reports" {
			tok, err := s.dec.Token()
			if err != nil {
				return nil, err
			}
			switch tok {
			case json.Delim('['):
				container = true
				if stop, fatal := s.array(); stop != nil || fatal != nil {
					return stop, fatal
				}
			case json.Delim('{'):
				if err := skipRest(s.dec); err != nil {
					return nil, err
				}
			}
			continue
		}
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return nil, err
		}
		fields[key] = raw
	}
	if _, err := s.dec.Token(); err != nil { // "}"
		return nil, err
	}
	if container {
		return nil, nil
	}
	r, err := reportFromFields(fields, s.w.maxSize)
	return s.emit(line, r, err)
}

// skipRest reads and drops the rest of an object or array whose opening
// delimiter was just read.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// lineTracker sits between a stream and a json.Decoder and keeps the bytes
// the decoder has read since a mark, so that a decoder offset can be turned
// into a line number. It holds at most limit bytes past the mark, which
// bounds the memory one object may take: past that, reads fail with a
// *sizeError.
type lineTracker struct {
	r     io.Reader
	buf   []byte // bytes read since the mark start at buf[start]
	start int
	base  int64 // stream offset of buf[start]
	line  int   // line number at base
	limit int64
	// maxSize is the report limit that limit derives from, for messages.
	maxSize int64
}

// maxChunk keeps single reads small, so that the decoder's read-ahead past
// the object it is decoding stays small next to limit.
const maxChunk = 32 << 10

func (t *lineTracker) Read(p []byte) (int, error) {
	if int64(len(t.buf)-t.start) > t.limit {
		return 0, &sizeError{Size: -1, Limit: t.maxSize}
	}
	if len(p) > maxChunk {
		p = p[:maxChunk]
	}
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// advance moves the mark to stream offset off, counting the lines passed.
func (t *lineTracker) advance(off int64) {
	k := t.index(off)
	t.line += bytes.Count(t.buf[t.start:k], []byte("\n"))
	t.base += int64(k - t.start)
	t.start = k
	// Drop the bytes before the mark once they are most of the buffer;
	// copying then costs no more than reading them did.
	if t.start > len(t.buf)/2 {
		t.buf = t.buf[:copy(t.buf, t.buf[t.start:])]
		t.start = 0
	}
}

// lineAt returns the line of stream offset off, which must not be before
// the mark (an earlier offset answers the mark's line).
func (t *lineTracker) lineAt(off int64) int {
	return t.line + bytes.Count(t.buf[t.start:t.index(off)], []byte("\n"))
}

// firstValue returns the offset of the first byte after the mark that is
// not white space or a comma: where the next value starts.
func (t *lineTracker) firstValue() int64 {
	i := t.start
	for i < len(t.buf) && bytes.IndexByte([]byte(" \t\r\n,"), t.buf[i]) >= 0 {
		i++
	}
	return t.base + int64(i-t.start)
}

// index turns a stream offset into an index of buf, clamped to what is held.
func (t *lineTracker) index(off int64) int {
	k := off - t.base
	if k < 0 {
		k = 0
	}
	if k > int64(len(t.buf)-t.start) {
		k = int64(len(t.buf) - t.start)
	}
	return t.start + int(k)
}
