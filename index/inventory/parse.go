// Package inventory reads a Sphinx objects.inv (the index of everything the
// Python documentation describes) and records the documented names in a
// snapshot.Tree as FromDocs evidence.
package inventory

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Inventory is the decoded content of an objects.inv file.
type Inventory struct {
	Project string
	Version string
	Entries []Entry
}

// Entry is one documented object.
type Entry struct {
	Name     string // "tarfile.TarFile.extractall"; may contain spaces for std:* entries
	Domain   string // "py", "c", "std"
	Role     string // "function", "method", "module", "macro", ...
	Priority int
	// URI is the page and anchor, with Sphinx's "$" shorthand (anchor equals
	// the name) already expanded.
	URI string
	// DispName is the display name; Sphinx's "-" (same as Name) is expanded.
	DispName string
}

// lineRE is the regular expression Sphinx itself uses to split an
// inventory line. Names may contain spaces (std:label entries), so the name
// is the shortest prefix followed by a "domain:role priority" pair.
var lineRE = regexp.MustCompile(`^(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)$`)

// Parse decodes an inventory in format version 2, the only format Sphinx has
// written since 2009.
func Parse(r io.Reader) (*Inventory, error) {
	br := bufio.NewReader(r)
	readHeader := func() (string, error) {
		line, err := br.ReadString('\n')
		if err != nil {
			return "", fmt.Errorf("objects.inv: truncated header: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	first, err := readHeader()
	if err != nil {
		return nil, err
	}
	if first != "# Sphinx inventory version 2" {
		return nil, fmt.Errorf("objects.inv: unsupported header %q (want inventory version 2)", first)
	}
	inv := &Inventory{}
	project, err := readHeader()
	if err != nil {
		return nil, err
	}
	version, err := readHeader()
	if err != nil {
		return nil, err
	}
	var ok bool
	if inv.Project, ok = strings.CutPrefix(project, "# Project: "); !ok {
		return nil, fmt.Errorf("objects.inv: bad project line %q", project)
	}
	if inv.Version, ok = strings.CutPrefix(version, "# Version: "); !ok {
		return nil, fmt.Errorf("objects.inv: bad version line %q", version)
	}
	comp, err := readHeader()
	if err != nil {
		return nil, err
	}
	if !strings.Contains(comp, "zlib") {
		return nil, fmt.Errorf("objects.inv: unsupported compression line %q", comp)
	}
	zr, err := zlib.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("objects.inv: %w", err)
	}
	defer zr.Close()
	body, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("objects.inv: decompress: %w", err)
	}
	for n, raw := range bytes.Split(body, []byte("\n")) {
		line := strings.TrimRight(string(raw), " \t\r")
		if line == "" {
			continue
		}
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("objects.inv: line %d: cannot parse %q", n+1, line)
		}
		domain, role, ok := strings.Cut(m[2], ":")
		if !ok {
			// Sphinx skips such lines too: every type is domain:role.
			continue
		}
		prio, err := strconv.Atoi(m[3])
		if err != nil {
			return nil, fmt.Errorf("objects.inv: line %d: priority %q: %w", n+1, m[3], err)
		}
		e := Entry{Name: m[1], Domain: domain, Role: role, Priority: prio, URI: m[4], DispName: m[5]}
		if strings.HasSuffix(e.URI, "$") {
			e.URI = e.URI[:len(e.URI)-1] + e.Name
		}
		if e.DispName == "-" {
			e.DispName = e.Name
		}
		inv.Entries = append(inv.Entries, e)
	}
	return inv, nil
}
