package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// lookupResult is one line of `lookup --json`.
type lookupResult struct {
	Symbol      string        `json:"symbol"`
	Version     string        `json:"version"`
	Micro       string        `json:"micro"`
	Status      string        `json:"status"`
	Kind        string        `json:"kind"`
	Resolved    string        `json:"resolved,omitempty"`
	DefinedIn   string        `json:"defined_in"`
	Params      []lookupParam `json:"params"`
	Evidence    []string      `json:"evidence"`
	Suggestions []string      `json:"suggestions"`
	Why         string        `json:"why,omitempty"`
}

type lookupParam struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Default string `json:"default,omitempty"`
}

func newLookupCmd(g *globals) *cobra.Command {
	var (
		pythons []string
		asJSON  bool
		stdin   bool
	)
	cmd := &cobra.Command{
		Use:   "lookup [--python X.Y[,X.Y...]] [--json] [--stdin] [SYMBOL...]",
		Short: "Say whether stdlib names exist, version by version",
		Long: `lookup answers ok, missing or unknown for each symbol in each version, with
its kind, where it is defined, its parameters, the evidence for it and, when
missing, the closest real names. Symbols are spelled canonically:
tarfile.TarFile.extractall, os.path.join, Lib/tarfile.py, PyUnicode_AsUTF8.`,
		Example: `  pyrefcheck lookup tarfile.TarFile.extractall
  pyrefcheck lookup --python 3.12,3.13 --json asyncore annotationlib.get_annotations
  printf 'json.loads\nos.path.joinn\n' | pyrefcheck lookup --stdin --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			snaps, err := loadSnapshots(g.snapshotDirs)
			if err != nil {
				return err
			}
			minors := snaps.Minors()
			if len(pythons) > 0 {
				if minors, err = parseMinors(pythons, snaps); err != nil {
					return err
				}
			}
			symbols := args
			if stdin {
				sc := bufio.NewScanner(g.stdin)
				sc.Buffer(make([]byte, 64*1024), 1024*1024)
				for sc.Scan() {
					if s := strings.TrimSpace(sc.Text()); s != "" {
						symbols = append(symbols, s)
					}
				}
				if err := sc.Err(); err != nil {
					return fmt.Errorf("reading stdin: %w", err)
				}
			}
			if len(symbols) == 0 {
				return fmt.Errorf("no symbols: give some as arguments or with --stdin")
			}
			out := bufio.NewWriter(g.stdout)
			defer out.Flush()
			enc := json.NewEncoder(out)
			// Lists of names repeat themselves; answer each once per version.
			answers := map[string]lookupResult{}
			for _, sym := range symbols {
				for _, m := range minors {
					r, ok := answers[m+"\x00"+sym]
					if !ok {
						r = lookupOne(snaps.Get(m), sym)
						answers[m+"\x00"+sym] = r
					}
					if asJSON {
						if err := enc.Encode(r); err != nil {
							return err
						}
						continue
					}
					printLookup(out, r)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&pythons, "python", nil, "versions to look in (default: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per symbol and version")
	cmd.Flags().BoolVar(&stdin, "stdin", false, "read symbols from stdin, one per line")
	return cmd
}

// lookupOne answers for one symbol in one snapshot. The symbol's shape
// says its kind: a path, a parameter "f(x)", a C name or a dotted name.
func lookupOne(s *snapshot.Snapshot, sym string) lookupResult {
	res := lookupResult{Symbol: sym, Version: s.Version(), Micro: s.Micro(), Params: []lookupParam{}, Evidence: []string{}, Suggestions: []string{}}
	switch {
	case strings.Contains(sym, "/"):
		res.Kind = "path"
		if defs, ok := s.File(sym); ok {
			res.Status, res.DefinedIn = "ok", sym
			_ = defs
		} else if top, _, _ := strings.Cut(sym, "/"); s.HasFiles(top + "/") {
			res.Status = "missing"
		} else {
			res.Status, res.Why = "unknown", "no "+top+"/ sources in this snapshot"
		}
		return res
	case strings.HasSuffix(sym, ")") && strings.Contains(sym, "("):
		res.Kind = "parameter"
		callee := sym[:strings.IndexByte(sym, '(')]
		param := strings.TrimSuffix(sym[strings.IndexByte(sym, '(')+1:], ")")
		cr := s.Resolve(callee)
		if cr.Status != snapshot.StatusOK {
			res.Status, res.Why = cr.Status.String(), cr.Why
			return res
		}
		params, known, from := s.CallParams(callee)
		res.Resolved = from
		res.Params = convertParams(params)
		switch {
		case !known:
			res.Status, res.Why = "unknown", "signature not known"
		case snapshot.AcceptsKeyword(params, param):
			res.Status = "ok"
		default:
			res.Status = "missing"
			var names []string
			for _, p := range params {
				names = append(names, p.Name)
			}
			res.Suggestions = nonNil(snapshot.Rank(param, names, 3))
		}
		return res
	}
	r := s.Resolve(sym)
	res.Status, res.Why, res.Resolved = r.Status.String(), r.Why, r.Target
	if r.Status == snapshot.StatusOK {
		res.Kind = r.Kind.String()
		if r.File != "" {
			res.DefinedIn = r.File
			if r.Line > 0 {
				res.DefinedIn = fmt.Sprintf("%s:%d", r.File, r.Line)
			}
		}
		if params, known, _ := s.CallParams(sym); known {
			res.Params = convertParams(params)
		}
		res.Evidence = nonNil(r.Evidence.Names())
		return res
	}
	if c, ok := s.CSymbol(sym); ok {
		res.Status, res.Kind, res.Why = "ok", "c-symbol", ""
		res.DefinedIn = fmt.Sprintf("%s:%d", c.File, c.Line)
		res.Evidence = nonNil(c.Evidence.Names())
		return res
	}
	if r.Status == snapshot.StatusMissing {
		res.Suggestions = nonNil(s.Suggest(r.Missing, 3))
	}
	return res
}

// paramKinds reads back the kind names lookup prints.
var paramKinds = func() map[string]snapshot.ParamKind {
	m := map[string]snapshot.ParamKind{}
	for k := snapshot.ParamPositionalOnly; k <= snapshot.ParamVarKeywords; k++ {
		m[k.String()] = k
	}
	return m
}()

func convertParams(ps []snapshot.Param) []lookupParam {
	out := []lookupParam{}
	for _, p := range ps {
		out = append(out, lookupParam{Name: p.Name, Kind: p.Kind.String(), Default: p.Default})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func printLookup(w *bufio.Writer, r lookupResult) {
	fmt.Fprintf(w, "%s\t%s\t%s", r.Version, r.Symbol, r.Status)
	if r.Kind != "" {
		fmt.Fprintf(w, "\t%s", r.Kind)
	}
	if r.DefinedIn != "" {
		fmt.Fprintf(w, "\t%s", r.DefinedIn)
	}
	if len(r.Params) > 0 {
		params := make([]snapshot.Param, len(r.Params))
		for i, p := range r.Params {
			params[i] = snapshot.Param{Name: p.Name, Default: p.Default, Kind: paramKinds[p.Kind]}
		}
		fmt.Fprintf(w, "\t%s", snapshot.FormatParams(params))
	}
	if r.Why != "" {
		fmt.Fprintf(w, "\t%s", r.Why)
	}
	if len(r.Suggestions) > 0 {
		fmt.Fprintf(w, "\tdid you mean %s?", strings.Join(r.Suggestions, ", "))
	}
	fmt.Fprintln(w)
}
