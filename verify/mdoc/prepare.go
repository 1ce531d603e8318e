package mdoc

import "strings"

// prepare finds the <details> sections of src by scanning its lines (tags
// inside fenced code do not count) and returns a copy of src in which each
// line made only of <details>/<summary> tags is blanked with spaces. Byte
// offsets are unchanged. Blanking lets a fenced block that directly follows
// "<details><summary>PoC</summary>" parse as code rather than as part of a
// raw HTML block, as CommonMark would have it.
func prepare(src string, idx *lineIndex) (string, []LineRange) {
	if !strings.Contains(src, "<") {
		return src, nil
	}
	var (
		out      []byte // lazily copied
		ranges   []LineRange
		open     []int // lines of unclosed <details>
		fenceCh  byte
		fenceLen int
	)
	for ln, start := range idx.starts {
		end := len(src)
		if ln+1 < len(idx.starts) {
			end = idx.starts[ln+1] - 1
		}
		line := src[start:end]
		trimmed := strings.TrimLeft(line, " \t")
		if fenceCh != 0 {
			if n := fenceRun(trimmed, fenceCh); n >= fenceLen && isBlank(trimmed[n:]) {
				fenceCh = 0
			}
			continue
		}
		if n := fenceRun(trimmed, '`'); n >= 3 && !strings.Contains(trimmed[n:], "`") {
			fenceCh, fenceLen = '`', n
			continue
		}
		if n := fenceRun(trimmed, '~'); n >= 3 {
			fenceCh, fenceLen = '~', n
			continue
		}
		if !strings.HasPrefix(trimmed, "<") {
			continue
		}
		lower := strings.ToLower(trimmed)
		for i := 0; i < len(lower); {
			j := strings.Index(lower[i:], "details")
			if j < 0 {
				break
			}
			at := i + j
			i = at + len("details")
			if i < len(lower) && lower[i] != '>' && lower[i] != ' ' && lower[i] != '\t' && lower[i] != '/' {
				continue
			}
			switch {
			case at >= 2 && lower[at-2:at] == "</":
				if len(open) > 0 {
					ranges = append(ranges, LineRange{open[len(open)-1], ln + 1})
					open = open[:len(open)-1]
				}
			case at >= 1 && lower[at-1] == '<':
				open = append(open, ln+1)
			}
		}
		if onlyTags(trimmed) {
			if out == nil {
				out = []byte(src)
			}
			for k := start; k < end; k++ {
				if out[k] != '\r' {
					out[k] = ' '
				}
			}
		}
	}
	last := len(idx.starts)
	for k := len(open) - 1; k >= 0; k-- {
		ranges = append(ranges, LineRange{open[k], last})
	}
	sortRanges(ranges)
	if out == nil {
		return src, ranges
	}
	return string(out), ranges
}

func sortRanges(rs []LineRange) {
	// insertion sort: there are a handful at most
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && (rs[j].Start < rs[j-1].Start || rs[j].Start == rs[j-1].Start && rs[j].End < rs[j-1].End); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// fenceRun returns how many times ch repeats at the start of s.
func fenceRun(s string, ch byte) int {
	n := 0
	for n < len(s) && s[n] == ch {
		n++
	}
	return n
}

// collapseTags are the tags a "collapsed section" line is made of.
var collapseTags = map[string]bool{
	"details": true, "summary": true, "b": true, "strong": true, "em": true,
	"i": true, "br": true, "p": true, "code": true,
}

// onlyTags reports whether a line holds nothing but <details>/<summary>
// tags (and the summary's text), with at least one details or summary tag.
func onlyTags(s string) bool {
	inSummary, seen := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c == '<' {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return false
			}
			tag := strings.ToLower(strings.TrimSpace(s[i+1 : i+j]))
			closing := strings.HasPrefix(tag, "/")
			tag = strings.TrimPrefix(tag, "/")
			tag = strings.TrimSuffix(tag, "/")
			if k := strings.IndexAny(tag, " \t"); k >= 0 {
				tag = tag[:k]
			}
			if !collapseTags[tag] {
				return false
			}
			if tag == "summary" {
				inSummary = !closing
				seen = true
			}
			if tag == "details" {
				seen = true
			}
			i += j + 1
			continue
		}
		if !inSummary && c != ' ' && c != '\t' && c != '\r' {
			return false
		}
		i++
	}
	return seen
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// splitLines splits s into lines without their "\n"; a final newline does
// not start an extra empty line.
func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
