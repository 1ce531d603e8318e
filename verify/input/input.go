// Package input reads a batch of vulnerability reports — Markdown and text
// files, bare PoCs and patches, JSON Lines, JSON, email messages and
// mailboxes, folders of any of these, and standard input — into
// report.Report values.
//
// Reports are handed over one at a time, in a fixed order, while the input
// is still being read: a JSON Lines file of a million reports is checked in
// the memory of one report. Nothing in a batch stops the walk: a file or
// line that cannot be read becomes an Item carrying an *Error, and the walk
// goes on with the next one. Report content is only ever parsed, never run.
package input

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// DefaultMaxSize is the largest report accepted when Options.MaxSize is 0.
const DefaultMaxSize = 1 << 20

// Options says how Walk reads a batch.
type Options struct {
	// MaxSize is the largest report text accepted, in bytes; larger ones are
	// skipped with an error naming the size and the limit. 0 means
	// DefaultMaxSize.
	MaxSize int64
	// Exclude holds glob patterns for paths to leave out, matched against
	// slash-separated paths: both the path relative to a folder being walked
	// and the path as given. "*" and "?" match within one path element, "**"
	// matches any number of elements ("drafts/**", "**/old/*.md"). A pattern
	// without a slash matches an element's name at any depth ("*.tmp.md").
	// An excluded folder is not entered. Excluded paths yield nothing.
	Exclude []string
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// StdinName is the Source of reports read from stdin; "" means "-".
	StdinName string
}

// Item is one report read from the batch, or the reason one could not be.
type Item struct {
	// Report is the report. When Err is set, only Source (and Line, when
	// the error is about one line or message) are filled in.
	Report report.Report
	// Err, when set, is an *Error: that file, line or message was skipped.
	Err error
}

// Error says why a file, a line of a JSON Lines file, or one message of a
// mailbox was skipped. Its text names where: "batch.jsonl:7: invalid JSON: ...".
type Error struct {
	Path string
	Line int // 0 when the error is about the whole file
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Causes an Error may wrap; test them with errors.Is.
var (
	ErrBinary   = errors.New("binary file skipped")
	ErrTooLarge = errors.New("report too large")
	ErrNoBody   = errors.New("no body field (body, text, content, description or details)")
	ErrEmpty    = errors.New("empty report skipped")
)

// sizeError says how large a skipped report was. Size is -1 when the input
// was not read to its end (a stream, or a line cut off at the limit).
type sizeError struct {
	What        string // what was too large; "" means "report"
	Size, Limit int64
}

func (e *sizeError) Error() string {
	what := e.What
	if what == "" {
		what = "report"
	}
	if e.Size < 0 {
		return fmt.Sprintf("%s is over the %d-byte limit", what, e.Limit)
	}
	return fmt.Sprintf("%s is %d bytes, over the %d-byte limit", what, e.Size, e.Limit)
}

func (e *sizeError) Is(target error) bool { return target == ErrTooLarge }

// Walk reads every report named by paths and calls yield with each, in a
// deterministic order: paths in the order given, each folder walked
// recursively in lexical order. "-" reads Options.Stdin, whose format is
// guessed from its content.
//
// Files are recognised by extension: .md .markdown .txt (Markdown or plain
// text), .py (a bare PoC), .diff .patch (a bare patch), .jsonl .ndjson (one
// JSON object per line), .json (an array of objects, one object, or
// {"reports": [...]}), .eml (one email) and .mbox (a mailbox). A file named
// directly is read as text whatever its extension; inside folders, files
// with other extensions or none, and hidden files and folders, are left out,
// and so is a .json file whose first object has no body field (a manifest,
// not reports).
// A path reached twice is read once.
//
// Walk returns the first error yield returns, or ctx's error once ctx is
// done, and stops there. Problems with the batch itself never stop it; they
// are yielded as Items. Only malformed Exclude patterns make Walk fail
// before it reads anything.
func Walk(ctx context.Context, paths []string, opts Options, yield func(Item) error) error {
	excl, err := compilePatterns(opts.Exclude)
	if err != nil {
		return err
	}
	w := &walker{
		ctx:     ctx,
		yield:   yield,
		exclude: excl,
		maxSize: opts.MaxSize,
		stdin:   opts.Stdin,
		stdinAs: opts.StdinName,
		seen:    make(map[string]bool),
	}
	if w.maxSize <= 0 {
		w.maxSize = DefaultMaxSize
	}
	if w.stdin == nil {
		w.stdin = os.Stdin
	}
	if w.stdinAs == "" {
		w.stdinAs = "-"
	}
	for _, p := range paths {
		if err := w.walkPath(p); err != nil {
			return err
		}
	}
	return nil
}

// walker carries one Walk's state. Its methods return an error only to stop
// the walk (yield failed or ctx is done); problems with the input are
// emitted as Items.
type walker struct {
	ctx       context.Context
	yield     func(Item) error
	exclude   []pattern
	maxSize   int64
	stdin     io.Reader
	stdinAs   string
	stdinRead bool
	seen      map[string]bool
}

func (w *walker) emit(it Item) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.yield(it)
}

func (w *walker) emitReport(r report.Report) error {
	return w.emit(Item{Report: r})
}

func (w *walker) emitErr(path string, line int, err error) error {
	return w.emit(Item{
		Report: report.Report{Source: path, Line: line},
		Err:    &Error{Path: path, Line: line, Err: err},
	})
}

func (w *walker) walkPath(p string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if p == "-" {
		return w.readStdin()
	}
	if w.excluded(p, "") {
		return nil
	}
	fi, err := os.Stat(p)
	if err != nil {
		return w.emitErr(p, 0, pathCause(err))
	}
	if fi.IsDir() {
		return w.walkDir(p)
	}
	return w.readFile(p, formatOf(p, true))
}

func (w *walker) walkDir(root string) error {
	start := root
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not descend into a link, even a named one; a
		// trailing separator makes it resolve the link first.
		start = root + string(filepath.Separator)
	}
	return filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			// An unreadable folder is reported and skipped; WalkDir calls
			// us again for it only in that case.
			if stop := w.emitErr(p, 0, pathCause(err)); stop != nil {
				return stop
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p == start {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if strings.HasPrefix(d.Name(), ".") || w.excluded(p, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		f := formatOf(p, false)
		if f == formatNone {
			return nil
		}
		switch {
		case d.Type().IsRegular():
		case d.Type()&fs.ModeSymlink != 0:
			// Follow links to files; links to folders are not entered, so
			// a link cycle cannot make the walk endless.
			fi, err := os.Stat(p)
			if err != nil {
				return w.emitErr(p, 0, pathCause(err))
			}
			if !fi.Mode().IsRegular() {
				return nil
			}
		default:
			return nil // sockets, devices, pipes: not reports
		}
		return w.readFile(p, f)
	})
}

func (w *walker) excluded(p, rel string) bool {
	if len(w.exclude) == 0 {
		return false
	}
	return matchAny(w.exclude, filepath.ToSlash(p), filepath.ToSlash(rel))
}

// pathCause drops the operation and path from an *fs.PathError, since
// Error already names the path.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (w *walker) readFile(p string, f format) error {
	key := filepath.Clean(p)
	if w.seen[key] {
		return nil
	}
	w.seen[key] = true

	file, err := os.Open(p)
	if err != nil {
		return w.emitErr(p, 0, pathCause(err))
	}
	defer file.Close()
	size := int64(-1)
	if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return w.read(p, file, size, f)
}

func (w *walker) readStdin() error {
	if w.stdinRead {
		return w.emitErr(w.stdinAs, 0, errors.New("standard input named more than once"))
	}
	w.stdinRead = true
	return w.read(w.stdinAs, w.stdin, -1, formatSniff)
}

// read reads one input of format f. size is the input's size in bytes when
// known (a regular file), else -1; it only makes size errors precise.
func (w *walker) read(src string, r io.Reader, size int64, f format) error {
	br, err := openText(r)
	if err != nil {
		return w.emitErr(src, 0, pathCause(err))
	}
	if f == formatSniff {
		f = sniff(br)
	}
	switch f {
	case formatJSONL:
		return w.readJSONL(src, br)
	case formatJSON, formatJSONFound:
		return w.readJSON(src, br, f == formatJSONFound)
	case formatMbox:
		return w.readMbox(src, br)
	case formatEmail:
		return w.readEmail(src, br, size)
	}
	return w.readWhole(src, br, size, kindOf(f))
}

// readWhole reads a file that is one report.
func (w *walker) readWhole(src string, br *bufio.Reader, size int64, kind report.TextKind) error {
	data, err := readLimited(br, w.maxSize, size)
	if err != nil {
		return w.emitErr(src, 0, pathCause(err))
	}
	text := cleanText(string(data))
	if strings.TrimSpace(text) == "" {
		return w.emitErr(src, 0, ErrEmpty)
	}
	return w.emitReport(report.Report{Source: src, Text: text, Line: 1, Kind: kind})
}

// readLimited reads all of r, failing with a *sizeError once more than
// limit bytes arrive; size, when not -1, is the input's full size for the
// error message.
func readLimited(r io.Reader, limit, size int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &sizeError{Size: size, Limit: limit}
	}
	return data, nil
}
