package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	snapshots "github.com/pyrefcheck/pyrefcheck/stdlib-snapshots"
	"github.com/pyrefcheck/pyrefcheck/verify"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// loadSnapshots loads the embedded snapshots and those in extra folders;
// a user's snapshot of a minor replaces the embedded one.
func loadSnapshots(extraDirs []string) (*verify.Snapshots, error) {
	names, data := snapshots.Snapshots()
	var all []*snapshot.Snapshot
	for i, b := range data {
		s, err := snapshot.Load(b)
		if err != nil {
			return nil, fmt.Errorf("embedded snapshot %s: %w", names[i], err)
		}
		all = append(all, s)
	}
	for _, dir := range extraDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.snap"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("--snapshots %s: no *.snap files there", dir)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			s, err := snapshot.Load(b)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			all = append(all, s)
		}
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no snapshots: this binary was built without stdlib-snapshots/*.snap")
	}
	return verify.NewSnapshots(all...), nil
}

func loadReleases() (*versions.Table, error) {
	t, err := versions.Load(snapshots.Releases())
	if err != nil {
		return nil, fmt.Errorf("embedded release table: %w", err)
	}
	return t, nil
}

// parseMinors reads "3.12,3.13" into minors that have snapshots.
func parseMinors(list []string, snaps *verify.Snapshots) ([]string, error) {
	var out []string
	for _, item := range list {
		for _, v := range strings.Split(item, ",") {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			pv, ok := versions.Parse(v)
			if !ok {
				return nil, fmt.Errorf("%q is not a Python version (want X.Y)", v)
			}
			minor := pv.Branch()
			if snaps.Get(minor) == nil {
				return nil, fmt.Errorf("no snapshot of Python %s (have %s)", minor, strings.Join(snaps.Minors(), ", "))
			}
			out = append(out, minor)
		}
	}
	return out, nil
}
