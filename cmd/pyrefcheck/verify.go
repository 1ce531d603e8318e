package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pyrefcheck/pyrefcheck/verify"
	"github.com/pyrefcheck/pyrefcheck/verify/input"
	"github.com/pyrefcheck/pyrefcheck/verify/output"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

type verifyFlags struct {
	format   string
	failOn   string
	python   []string
	jobs     int
	maxSize  int64
	exclude  []string
	date     string
	disable  []string
	progress bool
}

func newVerifyCmd(g *globals) *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify [flags] PATH... | -",
		Short: "Check reports for hallucinated references and policy problems",
		Long: `verify reads reports from files, folders (recursively), JSON Lines, JSON
arrays, email (.eml, .mbox), bare PoC scripts (.py) and patches (.diff,
.patch), or "-" for stdin, and checks every stdlib reference in each of them
in every Python version the report claims (or, when it claims none, in every
branch that is in bugfix or security status on the report's date).

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 for
usage or internal errors. A report that cannot be read is an error finding
for that report; the rest of the batch is still checked.`,
		Example: `  pyrefcheck verify report.md
  pyrefcheck verify reports/ inbox.mbox batch.jsonl
  cat report.md | pyrefcheck verify -
  pyrefcheck verify --format sarif reports/ > pyrefcheck.sarif
  pyrefcheck verify --python 3.12,3.13 --fail-on warning drafts/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(cmd.Context(), g, &f, args) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text, json, sarif, github, summary")
	fl.StringVar(&f.failOn, "fail-on", "error", "lowest severity that makes the exit status 1: error, warning, info, never")
	fl.StringSliceVar(&f.python, "python", nil, "versions to check when a report claims none, e.g. 3.12,3.13")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "reports checked at once (default: number of CPUs)")
	fl.Int64Var(&f.maxSize, "max-size", input.DefaultMaxSize, "largest report accepted, in bytes")
	fl.StringSliceVar(&f.exclude, "exclude", nil, "glob of paths to skip (repeatable)")
	fl.StringVar(&f.date, "date", "", "judge versions as of this date (YYYY-MM-DD; default: today or the email's date)")
	fl.StringSliceVar(&f.disable, "disable", nil, "rule ids to turn off (repeatable)")
	fl.BoolVar(&f.progress, "progress", true, "show a progress bar on a terminal for large batches")
	return cmd
}

func runVerify(ctx context.Context, g *globals, f *verifyFlags, paths []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := loadConfig(g.config)
	if err != nil {
		return err
	}
	failOn, err := severityThreshold(f.failOn)
	if err != nil {
		return err
	}
	snaps, err := loadSnapshots(append(cfg.Snapshots, g.snapshotDirs...))
	if err != nil {
		return err
	}
	table, err := loadReleases()
	if err != nil {
		return err
	}
	opts := verify.Options{Today: time.Now(), Disabled: map[string]bool{}, Severity: cfg.severities()}
	if f.date != "" {
		if opts.Today, err = time.Parse("2006-01-02", f.date); err != nil {
			return fmt.Errorf("--date %q: want YYYY-MM-DD", f.date)
		}
	}
	if opts.DefaultVersions, err = parseMinors(append(cfg.Versions, f.python...), snaps); err != nil {
		return err
	}
	for _, id := range append(cfg.Disable, f.disable...) {
		if err := checkRuleID(id); err != nil {
			return err
		}
		opts.Disabled[id] = true
	}
	checker := verify.NewChecker(snaps, table, opts)

	var micros []string
	for _, s := range snaps.List() {
		micros = append(micros, s.Micro())
	}
	w, err := output.New(g.stdout, output.Options{Format: f.format, Color: useColor(g.stdout), Verbose: g.verbose,
		Quiet: g.quiet, ToolVersion: version, Snapshots: micros})
	if err != nil {
		return err
	}
	var sum output.Summary
	worst := report.Severity("")
	var writeErr error
	// The bar appears only once a batch proves large: a hook checking a
	// few files should print nothing but findings.
	var bar *progressbar.ProgressBar
	checked := 0
	batch := checker.NewBatch(f.jobs)
	done := func(res *report.Result) {
		checked++
		if checked == progressAfter {
			bar = newProgress(g, f.progress)
			if bar != nil {
				bar.Add(checked - 1)
			}
		}
		sum.Add(res)
		if s := res.Worst(); s.Rank() > worst.Rank() {
			worst = s
		}
		if res.Error != "" && worst.Rank() < report.SeverityError.Rank() {
			worst = report.SeverityError
		}
		if err := w.Write(res); err != nil && writeErr == nil {
			writeErr = err
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	walkErr := input.Walk(ctx, paths, input.Options{MaxSize: f.maxSize, Exclude: append(cfg.Exclude, f.exclude...), Stdin: g.stdin},
		func(it input.Item) error {
			batch.Submit(it.Report, it.Err, done)
			return nil
		})
	batch.Wait()
	if bar != nil {
		bar.Finish()
	}
	if err := w.Close(sum); err != nil && writeErr == nil {
		writeErr = err
	}
	if walkErr != nil {
		return walkErr
	}
	if writeErr != nil {
		return writeErr
	}
	if failOn != "" && worst.Rank() >= failOn.Rank() {
		return errFindings
	}
	return nil
}

// severityThreshold reads --fail-on; "never" gives "".
func severityThreshold(s string) (report.Severity, error) {
	switch s {
	case "error", "warning", "info":
		return report.Severity(s), nil
	case "never", "none":
		return "", nil
	}
	return "", fmt.Errorf("--fail-on %q: want error, warning, info or never", s)
}

// useColor: colour only on a terminal, and never with NO_COLOR set.
func useColor(w any) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressAfter is the batch size from which a progress bar is shown.
const progressAfter = 200

// newProgress shows a spinner-style counter on stderr when it is a terminal.
func newProgress(g *globals, enabled bool) *progressbar.ProgressBar {
	f, ok := g.stderr.(*os.File)
	if !enabled || g.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("checking reports"),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("reports"),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
}
