// Package runtime introspects a trusted Python interpreter at snapshot build
// time: it imports every standard library module the interpreter has and
// records the names, classes, members and signatures it finds, as
// FromRuntime evidence. It also measures how much of that a snapshot covers
// (pyrefcheck crosscheck).
//
// Only a maintainer's own interpreter is ever run, and only when building
// or checking snapshots; verifying reports never runs Python, and nothing
// from a report is ever executed.
package runtime

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// script is the introspection program. It runs on Python 3.9 through 3.15.
//
//go:embed introspect.py
var script []byte

// Script returns the embedded introspection program, for maintainers who
// want to run it by hand.
func Script() []byte { return append([]byte(nil), script...) }

// Dump is what one interpreter reported.
type Dump struct {
	Version        string // "3.13.0"; pre-releases carry their suffix, "3.15.0a1"
	Implementation string // "cpython"
	Platform       string // sys.platform
	Stdlib         string // the interpreter's stdlib directory
	Modules        []Module
	// Stderr holds the interpreter's diagnostics: import failures and
	// anything modules printed while being imported.
	Stderr string
}

// Module is one stdlib module as the interpreter saw it.
type Module struct {
	Name    string   `json:"name"`
	File    string   `json:"file"`    // repository path for pure-Python modules ("Lib/tarfile.py"), else ""
	Package bool     `json:"package"` // has __path__
	Names   []Name   `json:"names"`
	All     []string `json:"all"`
	// ImportError is set when importing failed. NotFound says the module
	// itself does not exist on this interpreter (a Windows-only module on
	// Linux), as opposed to existing but failing to import.
	ImportError   string `json:"import_error"`
	NotFound      bool   `json:"not_found"`
	DescribeError string `json:"describe_error"`
}

// Imported reports whether the module imported and its names are known.
func (m *Module) Imported() bool { return m.ImportError == "" && !m.NotFound }

// Name is one entry of dir(module).
type Name struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // module, class, function, other
	// Target is the __name__ of a module value (os.path -> posixpath).
	Target string `json:"target"`
	// DefinedIn is module.qualname of a class or function reached under
	// another name (os.stat -> posix.stat), checked to lead to the same object.
	DefinedIn   string   `json:"defined_in"`
	Bases       []string `json:"bases"`
	Params      []Param  `json:"params"`
	ParamsKnown bool     `json:"-"`    // a signature was obtained
	File        string   `json:"file"` // for pure-Python functions: repository path of the code
	Line        int      `json:"line"`
	Members     []Member `json:"members"`
	Error       string   `json:"error"`
}

// Member is one entry of dir(cls).
type Member struct {
	Name string `json:"name"`
	// Kind is method, classmethod, staticmethod, property, class or attribute.
	Kind string `json:"kind"`
	// Own: the member is in the class's own __dict__. From is
	// module.qualname of the class that defines an inherited member (empty
	// when no class in the MRO holds it, as for metaclass attributes).
	Own         bool    `json:"own"`
	From        string  `json:"from"`
	Params      []Param `json:"params"`
	ParamsKnown bool    `json:"-"`
	File        string  `json:"file"`
	Line        int     `json:"line"`
}

// Param is one signature parameter. Kind follows inspect.Parameter.kind,
// which has the same order as snapshot.ParamKind. Default is a short
// literal's repr, "..." for other defaults, "" when there is none.
type Param struct {
	Name    string `json:"name"`
	Kind    int    `json:"kind"`
	Default string `json:"default"`
}

// Run executes the introspection script with a trusted interpreter and
// decodes its output. python is an interpreter or a wrapper script that
// passes its arguments on; args go to the script (for example "--modules",
// "json,os"). The interpreter runs without PYTHON* variables or the user
// site (-s), without writing bytecode (-B), in a scratch directory, with
// stdin from /dev/null and no display. ctx bounds the whole run.
func Run(ctx context.Context, python string, args ...string) (*Dump, error) {
	dir, err := os.MkdirTemp("", "pyrefcheck-introspect-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "introspect.py")
	if err := os.WriteFile(path, script, 0o600); err != nil {
		return nil, err
	}

	// Not -I: it implies -E, and the wrappers that run an unpacked
	// distribution interpreter set PYTHONHOME. introspectEnv drops every
	// other PYTHON* variable instead, and -s keeps the user site out.
	cmd := exec.CommandContext(ctx, python, append([]string{"-s", "-B", path}, args...)...)
	cmd.Dir = dir
	cmd.Env = introspectEnv(os.Environ(), dir)
	cmd.WaitDelay = 5 * time.Second // do not hang on pipes a killed interpreter's children hold
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("introspect: start %s: %w", python, err)
	}
	d, decodeErr := Decode(stdout)
	if decodeErr != nil {
		// Drain so that Wait does not block on a full pipe.
		_, _ = io.Copy(io.Discard, stdout)
	}
	waitErr := cmd.Wait()
	if d != nil {
		d.Stderr = stderr.String()
	}
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("introspect %s: %w%s", python, ctx.Err(), tail(stderr.String()))
	case waitErr != nil:
		return nil, fmt.Errorf("introspect %s: %w%s", python, waitErr, tail(stderr.String()))
	case decodeErr != nil:
		return nil, fmt.Errorf("introspect %s: %w%s", python, decodeErr, tail(stderr.String()))
	}
	return d, nil
}

const fixedHome = "/nonexistent/pyrefcheck-home"

// introspectEnv drops the variables that could make an imported module open
// a window or change how Python starts, and keeps temporary files in dir.
func introspectEnv(env []string, dir string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "DISPLAY", k == "WAYLAND_DISPLAY", k == "TMPDIR", k == "HOME",
			strings.HasPrefix(k, "PYTHON"):
			continue
		}
		out = append(out, kv)
	}
	// HOME is a fixed path that does not exist, not the scratch folder:
	// some signatures' defaults spell it (the REPL's history file), and a
	// random name would make two builds of a snapshot differ.
	return append(out, "TMPDIR="+dir, "HOME="+fixedHome, "PYTHONDONTWRITEBYTECODE=1", "TERM=dumb")
}

func tail(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return "\nstderr:\n" + s
}

// line is any one line of the script's output.
type line struct {
	Type           string `json:"type"`
	Version        string `json:"version"`
	Implementation string `json:"implementation"`
	Platform       string `json:"platform"`
	Stdlib         string `json:"stdlib"`
	Modules        int    `json:"modules"` // on the end line
	Module
}

// Decode reads the script's JSON lines (for example a dump saved with
// `python -s -B introspect.py > dump.jsonl`). A stream without the final
// "end" line is truncated and an error.
func Decode(r io.Reader) (*Dump, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	d := &Dump{}
	header, end := false, false
	for n := 1; ; n++ {
		raw, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(raw)) > 0 {
			var l line
			if jerr := json.Unmarshal(raw, &l); jerr != nil {
				return nil, fmt.Errorf("introspect output line %d: %w", n, jerr)
			}
			switch l.Type {
			case "header":
				header = true
				d.Version, d.Implementation, d.Platform, d.Stdlib = l.Version, l.Implementation, l.Platform, l.Stdlib
			case "module":
				m := l.Module
				markParams(&m)
				d.Modules = append(d.Modules, m)
			case "end":
				end = true
				if l.Modules != len(d.Modules) {
					return nil, fmt.Errorf("introspect output: end says %d modules, read %d", l.Modules, len(d.Modules))
				}
			default:
				return nil, fmt.Errorf("introspect output line %d: unknown type %q", n, l.Type)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if !header {
		return nil, errors.New("introspect output: no header line")
	}
	if !end {
		return nil, fmt.Errorf("introspect output: truncated after %d modules", len(d.Modules))
	}
	return d, nil
}

// markParams sets ParamsKnown where the script sent a signature: a present
// "params" array, even an empty one, decodes to a non-nil slice.
func markParams(m *Module) {
	for i := range m.Names {
		n := &m.Names[i]
		n.ParamsKnown = n.Params != nil
		for j := range n.Members {
			n.Members[j].ParamsKnown = n.Members[j].Params != nil
		}
	}
}
