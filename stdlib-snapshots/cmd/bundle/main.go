// Command bundle packs snapshot files into stdlib-snapshots/snapshots.bundle,
// or with -x unpacks a bundle's files into a folder (so that rebuilding one
// version keeps the others).
//
//	go run ./stdlib-snapshots/cmd/bundle -o stdlib-snapshots/snapshots.bundle build/*.snap
//	go run ./stdlib-snapshots/cmd/bundle -x build stdlib-snapshots/snapshots.bundle
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	snapshots "github.com/pyrefcheck/pyrefcheck/stdlib-snapshots"
)

func main() {
	out := flag.String("o", "stdlib-snapshots/snapshots.bundle", "bundle to write")
	extract := flag.String("x", "", "unpack the bundle given as argument into this folder, keeping files already there")
	flag.Parse()
	if *extract != "" {
		if err := unpack(*extract, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "bundle:", err)
			os.Exit(1)
		}
		return
	}
	files := map[string][]byte{}
	for _, p := range flag.Args() {
		b, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bundle:", err)
			os.Exit(1)
		}
		files[filepath.Base(p)] = b
	}
	if err := os.WriteFile(*out, snapshots.Bundle(files), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

func unpack(dir string, bundles []string) error {
	for _, b := range bundles {
		data, err := os.ReadFile(b)
		if err != nil {
			return err
		}
		names, files, err := snapshots.Unbundle(data)
		if err != nil {
			return fmt.Errorf("%s: %w", b, err)
		}
		for i, n := range names {
			p := filepath.Join(dir, n)
			if _, err := os.Stat(p); err == nil {
				continue
			}
			if err := os.WriteFile(p, files[i], 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
