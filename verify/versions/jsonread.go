package versions

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// jsonReader is a small JSON reader for releases.json. encoding/json's
// reflection costs over a millisecond on this file; reading the few shapes
// the file has by hand keeps Load near a tenth of that. Unknown object keys
// are skipped, so newer files with more fields still load.
type jsonReader struct {
	s string
	i int
}

func (r *jsonReader) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", r.i, fmt.Sprintf(format, args...))
}

func (r *jsonReader) ws() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (r *jsonReader) peek() byte {
	r.ws()
	if r.i >= len(r.s) {
		return 0
	}
	return r.s[r.i]
}

func (r *jsonReader) expect(c byte) error {
	if r.peek() != c {
		return r.errorf("want %q", c)
	}
	r.i++
	return nil
}

// str reads a string. Strings without escapes are sliced, not copied.
func (r *jsonReader) str() (string, error) {
	if r.peek() != '"' {
		return "", r.errorf("want a string")
	}
	start := r.i
	r.i++
	escaped := false
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case '\\':
			escaped = true
			r.i += 2
			continue
		case '"':
			r.i++
			if !escaped {
				return r.s[start+1 : r.i-1], nil
			}
			var out string
			if err := json.Unmarshal([]byte(r.s[start:r.i]), &out); err != nil {
				return "", r.errorf("bad string: %v", err)
			}
			return out, nil
		}
		r.i++
	}
	return "", r.errorf("unterminated string")
}

func (r *jsonReader) integer() (int, error) {
	r.ws()
	start := r.i
	for r.i < len(r.s) && (isDigit(r.s[r.i]) || r.s[r.i] == '-') {
		r.i++
	}
	n, err := strconv.Atoi(r.s[start:r.i])
	if err != nil {
		return 0, r.errorf("want an integer")
	}
	return n, nil
}

// each calls item for every element of an array (open '[') or every key
// of an object (open '{'), which item must then read.
func (r *jsonReader) each(open byte, item func(key string) error) error {
	close := byte(']')
	if open == '{' {
		close = '}'
	}
	if err := r.expect(open); err != nil {
		return err
	}
	if r.peek() == close {
		r.i++
		return nil
	}
	for {
		key := ""
		if open == '{' {
			var err error
			if key, err = r.str(); err != nil {
				return err
			}
			if err := r.expect(':'); err != nil {
				return err
			}
		}
		if err := item(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case close:
			r.i++
			return nil
		default:
			return r.errorf("want ',' or %q", close)
		}
	}
}

// skip passes over any value.
func (r *jsonReader) skip() error {
	switch c := r.peek(); {
	case c == '"':
		_, err := r.str()
		return err
	case c == '[' || c == '{':
		return r.each(c, func(string) error { return r.skip() })
	case c == 0:
		return r.errorf("unexpected end")
	}
	for r.i < len(r.s) && !strings.ContainsRune(",]} \t\r\n", rune(r.s[r.i])) {
		r.i++
	}
	return nil
}

// readFile reads releases.json into its file shape, handing each row of
// "releases" to release as it goes (the row's backing array is reused).
func readFile(data []byte, release func(row []string) error) (fileTable, error) {
	var f fileTable
	r := &jsonReader{s: string(data)}
	var fields [4]string
	err := r.each('{', func(key string) error {
		switch key {
		case "as_of":
			var err error
			f.AsOf, err = r.str()
			return err
		case "branches":
			return r.each('[', func(string) error {
				b, err := r.branch()
				f.Branches = append(f.Branches, b)
				return err
			})
		case "releases":
			return r.each('[', func(string) error {
				n := 0
				err := r.each('[', func(string) error {
					s, err := r.str()
					if n < len(fields) {
						fields[n] = s
					}
					n++
					return err
				})
				if err != nil {
					return err
				}
				if n > len(fields) {
					return r.errorf("release row with %d fields", n)
				}
				return release(fields[:n])
			})
		}
		return r.skip()
	})
	if err == nil && r.peek() != 0 {
		err = r.errorf("trailing data")
	}
	return f, err
}

func (r *jsonReader) branch() (fileBranch, error) {
	var b fileBranch
	err := r.each('{', func(key string) error {
		var dst *string
		switch key {
		case "pep":
			var err error
			b.PEP, err = r.integer()
			return err
		case "minor":
			dst = &b.Minor
		case "status":
			dst = &b.Status
		case "start":
			dst = &b.Start
		case "feature_freeze":
			dst = &b.FeatureFreeze
		case "first_release":
			dst = &b.FirstRelease
		case "end_of_bugfix":
			dst = &b.EndOfBugfix
		case "end_of_life":
			dst = &b.EndOfLife
		default:
			return r.skip()
		}
		var err error
		*dst, err = r.str()
		return err
	})
	return b, err
}
