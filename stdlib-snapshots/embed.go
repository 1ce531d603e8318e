// Package snapshots embeds the standard library snapshots of every
// supported Python version and CPython's release table, so that an
// installed pyrefcheck needs no other file. It holds data only; the
// index and verify packages give it meaning.
package snapshots

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed snap releases.json
var files embed.FS

// Snapshots returns the embedded snapshot files by name ("3.13.snap"), in
// name order. The bytes are read-only and live for the whole program.
func Snapshots() (names []string, data [][]byte) {
	entries, _ := fs.ReadDir(files, "snap")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".snap") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b, _ := files.ReadFile("snap/" + n)
		data = append(data, b)
	}
	return names, data
}

// Releases returns the embedded release table (verify/versions format).
func Releases() []byte {
	b, _ := files.ReadFile("releases.json")
	return b
}
