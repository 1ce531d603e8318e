package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files (and cmp expectations in testdata/script/*.txtar)")

// TestMain lets the test binary act as the pyrefcheck command: testscript
// copies it into $PATH under that name, so scripts (and strace, and shell
// pipelines) run the real CLI in a separate process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pyrefcheck": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestScripts runs testdata/script/*.txtar. Expectations are regexps, not
// whole outputs, so that adding snapshots of more Python versions does not
// break them.
func TestScripts(t *testing.T) {
	root := repoRoot(t)
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(root, "testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", filepath.Join(root, "testdata", "examples"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":   cmdExits,
			"binfile": cmdBinfile,
			"bigfile": cmdBigfile,
		},
	})
}

// cmdExits runs a program and checks its exact exit status, which plain
// `exec` and `! exec` cannot tell apart (1 = findings, 2 = usage error):
//
//	exits 2 pyrefcheck verify --format nope report.md
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdBinfile writes a small PNG-like binary file (NUL bytes included), which
// txtar archives cannot hold:
//
//	binfile batch/image.md
func cmdBinfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: binfile FILE")
	}
	data := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00IEND\xaeB`\x82")
	writeScriptFile(ts, args[0], data)
}

// cmdBigfile writes a text report of at least SIZE bytes:
//
//	bigfile huge.md 2000000
func cmdBigfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigfile FILE SIZE")
	}
	size, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("bigfile: bad size %q", args[1])
	}
	line := "Tested on Python 3.12.1. The `shlex.quote` function is used here.\n"
	data := bytes.Repeat([]byte(line), size/len(line)+1)
	writeScriptFile(ts, args[0], data)
}

func writeScriptFile(ts *testscript.TestScript, name string, data []byte) {
	p := ts.MkAbs(name)
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, data, 0o644))
}
