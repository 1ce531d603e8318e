// Command genreleases regenerates the release table, releases.json, from
// python-releases.toml (the release history kept with the PEPs) or from the
// tags of a CPython clone, merged with the table already there and with
// versions seen in distribution packages.
//
//	go run ./verify/versions/cmd/genreleases -toml python-releases.toml \
//	    -as-of 2026-08-22 -seen 3.13.18,3.14.10,3.15.2 -seen-in "Debian sid" \
//	    -o stdlib-snapshots/releases.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genreleases:", err)
		os.Exit(1)
	}
}

func run() error {
	tomlPath := flag.String("toml", "", "python-releases.toml to read")
	gitDir := flag.String("git", "", "CPython clone whose release tags to read (instead of -toml)")
	asOf := flag.String("as-of", "", "date the source data was current, YYYY-MM-DD (default: its newest release)")
	seen := flag.String("seen", "", "comma-separated versions seen in distribution packages, newer than the source")
	seenIn := flag.String("seen-in", "", "where the -seen versions were seen, such as \"Debian sid\"")
	out := flag.String("o", "stdlib-snapshots/releases.json", "table to write; an existing one is merged with the new data")
	fresh := flag.Bool("fresh", false, "ignore the existing table instead of merging with it")
	flag.Parse()

	switch {
	case *tomlPath != "" && *gitDir != "":
		return errors.New("give -toml or -git, not both")
	case *tomlPath == "" && *gitDir == "" && *seen == "":
		return errors.New("give -toml, -git or -seen")
	}
	var table *versions.Table
	if !*fresh {
		old, err := os.ReadFile(*out)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		default:
			if table, err = versions.Load(old); err != nil {
				return fmt.Errorf("%s: %w", *out, err)
			}
		}
	}
	merge := func(newer *versions.Table) {
		if table == nil {
			table = newer
			return
		}
		table = versions.Update(table, newer)
	}

	switch {
	case *tomlPath != "":
		data, err := os.ReadFile(*tomlPath)
		if err != nil {
			return err
		}
		var dates []time.Time
		if *asOf != "" {
			d, err := versions.ParseDate(*asOf)
			if err != nil {
				return fmt.Errorf("-as-of: %w", err)
			}
			dates = append(dates, d)
		}
		newer, err := versions.FromTOML(data, dates...)
		if err != nil {
			return fmt.Errorf("%s: %w", *tomlPath, err)
		}
		merge(newer)
	case *gitDir != "":
		newer, err := versions.FromGitTags(*gitDir)
		if err != nil {
			return err
		}
		merge(newer)
	}
	if *seen != "" {
		if *seenIn == "" {
			return errors.New("-seen needs -seen-in")
		}
		newer, err := versions.Seen(*seenIn, strings.Split(*seen, ",")...)
		if err != nil {
			return err
		}
		merge(newer)
	}
	data, err := table.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}
