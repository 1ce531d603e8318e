// Command pyrefcheck checks Python vulnerability reports for hallucinated
// standard library references and against the PSRT security policy.
//
// This package holds flags and output only; the work is done by the index
// and verify packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes, stable for scripts and hooks.
const (
	exitOK       = 0 // nothing reached --fail-on
	exitFindings = 1 // a finding reached --fail-on
	exitUsage    = 2 // bad usage or an internal error
)

// errFindings makes main exit 1 without printing anything more.
var errFindings = errors.New("findings reached --fail-on")

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: testscript and tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		fmt.Fprintln(stderr, "pyrefcheck:", err)
		return exitUsage
	}
}

// globals are the flags every subcommand shares.
type globals struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	quiet, verbose bool
	config         string
	snapshotDirs   []string
	cpuProfile     string
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "pyrefcheck",
		Short: "Check Python vulnerability reports for hallucinated stdlib references",
		Long: `pyrefcheck finds every standard library module, function, class, method,
keyword parameter, CPython source path, C function and Python version that a
vulnerability report references, checks each one in every Python version the
report claims, and lints the report against the PSRT security policy.

Its knowledge of Python 3.9 to 3.15 is embedded: no CPython checkout and no
network are needed.`,
		Example: `  pyrefcheck verify reports/
  pyrefcheck verify --format json batch.jsonl
  pyrefcheck lookup --python 3.12,3.13 tarfile.TarFile.extractall
  pyrefcheck explain hallucinated-parameter`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "print only errors and the summary")
	pf.BoolVarP(&g.verbose, "verbose", "v", false, "print more: every reference and its status")
	pf.StringVar(&g.config, "config", "", "configuration file (default: .pyrefcheck.toml found upward from the working directory)")
	pf.StringSliceVar(&g.snapshotDirs, "snapshots", nil, "extra `DIR` of snapshots built with pyrefcheck index (repeatable)")
	pf.StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) to this file")
	_ = pf.MarkHidden("cpuprofile")
	var profile *os.File
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if g.cpuProfile == "" {
			return nil
		}
		f, err := os.Create(g.cpuProfile)
		if err != nil {
			return err
		}
		profile = f
		return pprof.StartCPUProfile(f)
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) {
		if profile != nil {
			pprof.StopCPUProfile()
			profile.Close()
		}
	}
	root.AddCommand(
		newVerifyCmd(g),
		newLookupCmd(g),
		newIndexCmd(g),
		newCrosscheckCmd(g),
		newSnapshotsCmd(g),
		newReleasesCmd(g),
		newExplainCmd(g),
	)
	return root
}
