// Command bundle packs snapshot files into stdlib-snapshots/snapshots.bundle.
//
//	go run ./stdlib-snapshots/cmd/bundle -o stdlib-snapshots/snapshots.bundle build/*.snap
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
	flag.Parse()
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
