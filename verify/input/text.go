package input

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// bufSize is the read buffer of every input: big enough to sniff a format
// and to hold an ordinary JSON Lines line without copying.
const bufSize = 64 << 10

// binarySample is how much of an input is looked at to tell binary from text.
const binarySample = 8 << 10

// openText wraps r for reading as text: a UTF-8 byte order mark is dropped,
// UTF-16 with a byte order mark (what Windows PowerShell writes by default)
// is decoded to UTF-8 as it streams, and binary content fails with
// ErrBinary.
//
// A read error met while sniffing is not returned here: it recurs where the
// caller reads that far, so that what came before it is still read.
func openText(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(&stickyReader{r: r}, bufSize)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		br.Discard(2)
		br = bufio.NewReaderSize(&utf16Reader{r: br, bigEndian: false}, bufSize)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		br.Discard(2)
		br = bufio.NewReaderSize(&utf16Reader{r: br, bigEndian: true}, bufSize)
	}
	sample, _ := br.Peek(binarySample)
	if looksBinary(sample) {
		return nil, ErrBinary
	}
	return br, nil
}

// stickyReader returns the first error of r on every later read: a
// bufio.Reader hands an error out once, and reading on after it would
// otherwise ask r again.
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	s.err = err
	return n, err
}

// looksBinary says whether a sample of a file is not text: it holds a NUL
// byte, or more than one byte in ten is a control character that text does
// not use. Bytes that are not UTF-8 do not count: they are what a Latin-1
// or other legacy text looks like.
func looksBinary(sample []byte) bool {
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	odd := 0
	for _, c := range sample {
		if (c < ' ' && !isTextControl(c)) || c == 0x7F {
			odd++
		}
	}
	return odd*10 > len(sample)
}

// isTextControl reports control characters found in real text: tabs, line
// ends, form feeds, backspaces, and ESC of terminal colour codes.
func isTextControl(c byte) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', '\b', 0x1B:
		return true
	}
	return false
}

// cleanText makes text safe for the later stages: invalid UTF-8 becomes
// U+FFFD and CRLF line ends become LF, so that line and column numbers
// computed on the text match the file's.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.Contains(s, "\r\n") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return s
}

// utf16Reader decodes a UTF-16 stream to UTF-8. Unpaired surrogates and a
// trailing odd byte become U+FFFD.
type utf16Reader struct {
	r         io.Reader
	bigEndian bool
	in        [4096]byte
	n         int    // bytes of in not yet decoded
	out       []byte // decoded bytes not yet returned
	outBuf    []byte
	err       error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		m, err := u.r.Read(u.in[u.n:])
		u.n += m
		u.err = err
		u.decode()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) unit(i int) rune {
	if u.bigEndian {
		return rune(u.in[i])<<8 | rune(u.in[i+1])
	}
	return rune(u.in[i+1])<<8 | rune(u.in[i])
}

// decode turns the whole code units in u.in into UTF-8 in u.out, keeping a
// trailing half unit or lone high surrogate for the next read unless the
// input has ended.
func (u *utf16Reader) decode() {
	ended := u.err != nil
	out := u.outBuf[:0]
	i := 0
	for i+2 <= u.n {
		c := u.unit(i)
		switch {
		case utf16.IsSurrogate(c) && c < 0xDC00: // high surrogate
			if i+4 > u.n {
				if !ended {
					goto keep
				}
				out = utf8.AppendRune(out, utf8.RuneError)
				i += 2
				continue
			}
			if r := utf16.DecodeRune(c, u.unit(i+2)); r != utf8.RuneError {
				out = utf8.AppendRune(out, r)
				i += 4
				continue
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			i += 2
		case utf16.IsSurrogate(c):
			out = utf8.AppendRune(out, utf8.RuneError)
			i += 2
		default:
			out = utf8.AppendRune(out, c)
			i += 2
		}
	}
	if ended && i < u.n {
		out = utf8.AppendRune(out, utf8.RuneError)
		i = u.n
	}
keep:
	u.n = copy(u.in[:], u.in[i:u.n])
	u.outBuf = out
	u.out = out
}
