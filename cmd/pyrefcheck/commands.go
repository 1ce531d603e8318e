package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pyrefcheck/pyrefcheck/index"
	"github.com/pyrefcheck/pyrefcheck/index/runtime"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/pyrefcheck/pyrefcheck/verify/output"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

func newIndexCmd(g *globals) *cobra.Command {
	var in index.Inputs
	var out string
	var neighbours []string
	cmd := &cobra.Command{
		Use:   "index --version X.Y [--source DIR] [--lib DIR] [--inventory FILE] [--python EXE] -o FILE",
		Short: "Build the snapshot of one Python version",
		Long: `index builds a snapshot from any combination of a CPython source tree, an
installed stdlib tree, a docs inventory (objects.inv) and a trusted
interpreter of that version, which is introspected now (never at verify
time). Add the result beside the embedded snapshots with --snapshots DIR.`,
		Example: `  pyrefcheck index --version 3.13 --micro 3.13.5 --source ~/src/cpython -o snaps/3.13.snap
  pyrefcheck index --version 3.15 --lib /usr/lib/python3.15 --python python3.15 -o snaps/3.15.snap`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if in.Version == "" || out == "" {
				return fmt.Errorf("--version and -o are required")
			}
			if in.SourceTree == "" && in.LibDir == "" && in.Python == "" && in.Inventory == "" {
				return fmt.Errorf("give at least one of --source, --lib, --inventory, --python")
			}
			if in.Micro == "" {
				in.Micro = in.Version
			}
			for _, f := range neighbours {
				b, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				nb, err := snapshot.Load(b)
				if err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
				in.Neighbours = append(in.Neighbours, nb)
			}
			start := time.Now()
			t, rep, err := index.Build(context.Background(), in)
			if err != nil {
				return err
			}
			data, err := t.Encode()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return err
			}
			s, _ := snapshot.Load(data)
			m := s.Meta()
			if !g.quiet {
				fmt.Fprintf(g.stderr, "%s: Python %s (%s): %d modules, %d names, %d C symbols, %d files, %d bytes in %s\n",
					out, m.Version, m.Micro, m.Modules, m.Names, m.CSymbols, m.Files, len(data), time.Since(start).Round(time.Millisecond))
				if rep.Python.ParseErrors > 0 {
					fmt.Fprintf(g.stderr, "  %d Python files had syntax the grammar could not parse (their other definitions were kept)\n", rep.Python.ParseErrors)
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&in.Version, "version", "", "minor version, e.g. 3.13")
	fl.StringVar(&in.Micro, "micro", "", "the full version of the newest evidence, e.g. 3.13.5")
	fl.StringVar(&in.SourceTree, "source", "", "CPython source tree (Lib/, Modules/, Objects/, Include/ ...)")
	fl.StringVar(&in.LibDir, "lib", "", "installed stdlib tree (lib/pythonX.Y)")
	fl.StringVar(&in.Inventory, "inventory", "", "Sphinx objects.inv of that version's docs")
	fl.StringVar(&in.Python, "python", "", "trusted interpreter of that version to introspect")
	fl.StringVarP(&out, "output", "o", "", "snapshot file to write")
	fl.StringSliceVar(&neighbours, "neighbour", nil, "snapshot of a nearby version built with C sources, for its platform-specific modules (repeatable)")
	return cmd
}

func newCrosscheckCmd(g *globals) *cobra.Command {
	var python, minor string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "crosscheck --python EXE [--snapshot X.Y] [--json]",
		Short: "Compare a snapshot with what an interpreter really exposes",
		Long: `crosscheck runs a trusted interpreter (your own) with an embedded
introspection script and reports how much of what it exposes the snapshot
knows: public module-level names, public class members and parameter names,
with every miss listed. This is how a maintainer proves a snapshot complete.`,
		Example: `  pyrefcheck crosscheck --python python3.13
  pyrefcheck crosscheck --python ~/.pyenv/versions/3.12.1/bin/python --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if python == "" {
				return fmt.Errorf("--python is required")
			}
			snaps, err := loadSnapshots(g.snapshotDirs)
			if err != nil {
				return err
			}
			d, err := runtime.Run(context.Background(), python)
			if err != nil {
				return err
			}
			if minor == "" {
				v, ok := versions.Parse(d.Version)
				if !ok {
					return fmt.Errorf("interpreter reported version %q", d.Version)
				}
				minor = v.Branch()
			}
			s := snaps.Get(minor)
			if s == nil {
				return fmt.Errorf("no snapshot of Python %s", minor)
			}
			cov := runtime.Compare(d, s.Resolve)
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"interpreter": d.Version, "snapshot": s.Micro(), "coverage": cov})
			}
			printCoverage(g, d.Version, s.Micro(), cov)
			return nil
		},
	}
	cmd.Flags().StringVar(&python, "python", "", "interpreter to compare with")
	cmd.Flags().StringVar(&minor, "snapshot", "", "snapshot version (default: the interpreter's)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newSnapshotsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "snapshots [--json]",
		Short: "List the snapshots pyrefcheck checks against",
		Example: `  pyrefcheck snapshots
  pyrefcheck snapshots --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			snaps, err := loadSnapshots(g.snapshotDirs)
			if err != nil {
				return err
			}
			table, err := loadReleases()
			if err != nil {
				return err
			}
			type row struct {
				Version  string   `json:"version"`
				Micro    string   `json:"micro"`
				Sources  []string `json:"provenance"`
				Modules  int      `json:"modules"`
				Names    int      `json:"names"`
				CSymbols int      `json:"c_symbols"`
				Files    int      `json:"files"`
				Size     int      `json:"size"`
				Status   string   `json:"status"`
			}
			var rows []row
			for _, s := range snaps.List() {
				m := s.Meta()
				rows = append(rows, row{m.Version, m.Micro, m.Sources, m.Modules, m.Names, m.CSymbols, m.Files, s.Size(),
					string(table.BranchStatus(m.Version, time.Now()))})
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tMICRO\tSTATUS\tMODULES\tNAMES\tC SYMBOLS\tFILES\tSIZE\tPROVENANCE")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d KB\t%v\n", r.Version, r.Micro, r.Status, r.Modules, r.Names, r.CSymbols, r.Files, r.Size/1024, r.Sources)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newReleasesCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "releases",
		Short: "Refresh CPython's release table",
		Long: `The release table is how pyrefcheck judges "Tested on Python 3.12.27": it knows
every CPython release and each branch's lifecycle as of its date, and allows
for releases made since.`,
		Example: `  pyrefcheck releases update --toml python-releases.toml`,
	}
	var tomlPath, gitDir, out string
	update := &cobra.Command{
		Use:   "update (--toml python-releases.toml | --git CPYTHON-CHECKOUT) [-o FILE]",
		Short: "Merge newer release data into the release table",
		Long: `update reads a newer copy of the release-management python-releases.toml
file, or the tags of a CPython git checkout, merges it into the embedded
table and writes the result (default: stdlib-snapshots/releases.json, which a
rebuild embeds).`,
		Example: `  pyrefcheck releases update --toml python-releases.toml
  pyrefcheck releases update --git ~/src/cpython -o stdlib-snapshots/releases.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			base, err := loadReleases()
			if err != nil {
				return err
			}
			var newer *versions.Table
			switch {
			case tomlPath != "":
				data, err := os.ReadFile(tomlPath)
				if err != nil {
					return err
				}
				if newer, err = versions.FromTOML(data); err != nil {
					return fmt.Errorf("%s: %w", tomlPath, err)
				}
			case gitDir != "":
				if newer, err = versions.FromGitTags(gitDir); err != nil {
					return err
				}
			default:
				return fmt.Errorf("give --toml or --git")
			}
			merged := versions.Update(base, newer)
			data, err := merged.Marshal()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(g.stderr, "wrote %s (as of %s)\n", out, merged.AsOf.Format("2006-01-02"))
			return nil
		},
	}
	update.Flags().StringVar(&tomlPath, "toml", "", "python-releases.toml to read")
	update.Flags().StringVar(&gitDir, "git", "", "CPython git checkout whose tags to read")
	update.Flags().StringVarP(&out, "output", "o", "stdlib-snapshots/releases.json", "file to write")
	cmd.AddCommand(update)
	return cmd
}

func newExplainCmd(g *globals) *cobra.Command {
	var list bool
	cmd := &cobra.Command{
		Use:   "explain RULE | --list",
		Short: "Explain a rule: what triggers it and which policy it enforces",
		Example: `  pyrefcheck explain missing-in-version
  pyrefcheck explain --list`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if list || len(args) == 0 {
				tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
				for _, r := range rules.All() {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
				}
				return tw.Flush()
			}
			if err := checkRuleID(args[0]); err != nil {
				return err
			}
			return output.Explain(g.stdout, args[0])
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list every rule")
	return cmd
}

func printCoverage(g *globals, interp, snap string, c runtime.Coverage) {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	fmt.Fprintf(g.stdout, "interpreter %s against snapshot %s\n", interp, snap)
	fmt.Fprintf(g.stdout, "module-level names: %d/%d ok (%.2f%%), %d missing (%.3f%%), %d unknown\n",
		c.ModuleNamesOK, c.ModuleNames, pct(c.ModuleNamesOK, c.ModuleNames), c.ModuleNamesMissing, pct(c.ModuleNamesMissing, c.ModuleNames), c.ModuleNamesUnknown)
	fmt.Fprintf(g.stdout, "class members:      %d/%d ok (%.2f%%), %d missing (%.3f%%), %d unknown\n",
		c.ClassMembersOK, c.ClassMembers, pct(c.ClassMembersOK, c.ClassMembers), c.ClassMembersMissing, pct(c.ClassMembersMissing, c.ClassMembers), c.ClassMembersUnknown)
	fmt.Fprintf(g.stdout, "pure-Python parameters: %d/%d match (%.2f%%)\n", c.ParamsMatched, c.ParamsChecked, pct(c.ParamsMatched, c.ParamsChecked))
	limit := 50
	if g.verbose {
		limit = len(c.Misses)
	}
	for i, m := range c.Misses {
		if i == limit {
			fmt.Fprintf(g.stdout, "  ... %d more (use -v)\n", len(c.Misses)-limit)
			break
		}
		fmt.Fprintf(g.stdout, "  %s\t%s\t%s\n", m.Status, m.Kind, m.Symbol)
	}
}
