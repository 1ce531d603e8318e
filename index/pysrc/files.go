package pysrc

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// mode says how much of a file is indexed.
type mode uint8

const (
	// modeFull records every module-level name and class member.
	modeFull mode = iota
	// modeTopLevel records only the module's top-level function and class
	// names: test modules are numerous and nobody references their members.
	modeTopLevel
	// modeFileOnly records only the repository file and its definitions:
	// the path is not importable (a component is not an identifier).
	modeFileOnly
)

// sourceFile is one .py file under the Lib directory.
type sourceFile struct {
	abs       string // path on disk
	rel       string // slash-separated path below Lib/, e.g. "zipfile/_path/__init__.py"
	module    string // dotted module name, "" when not importable
	isPackage bool   // an __init__.py
	mode      mode
}

// repoPath is the file's path in CPython-checkout layout.
func (f *sourceFile) repoPath() string { return "Lib/" + f.rel }

// skippedDir reports directories that hold no stdlib source: third-party
// packages, bytecode caches, extension modules and an installed tree's
// build configuration (config-3.12-x86_64-linux-gnu).
func skippedDir(name string) bool {
	switch name {
	case "site-packages", "dist-packages", "__pycache__", "lib-dynload":
		return true
	}
	return strings.HasPrefix(name, "config-") || strings.HasPrefix(name, ".")
}

// listSources returns the .py files under libDir sorted by relative path,
// the order in which their facts are merged.
func listSources(libDir string) ([]sourceFile, error) {
	var out []sourceFile
	err := filepath.WalkDir(libDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != libDir && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".py") || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(libDir, path)
		if err != nil {
			return err
		}
		out = append(out, describe(path, filepath.ToSlash(rel)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", libDir, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// describe derives a file's module name and indexing mode from its path.
func describe(abs, rel string) sourceFile {
	f := sourceFile{abs: abs, rel: rel, mode: modeFileOnly}
	parts := strings.Split(strings.TrimSuffix(rel, ".py"), "/")
	if parts[len(parts)-1] == "__init__" {
		parts = parts[:len(parts)-1]
		f.isPackage = true
	}
	if len(parts) == 0 {
		return f
	}
	for _, p := range parts {
		if !isIdentifier(p) {
			return f
		}
	}
	f.module = strings.Join(parts, ".")
	f.mode = moduleMode(parts)
	return f
}

// moduleMode keeps the test suite small: the test package itself and
// test.support (which reports do cite) are indexed fully, every other test
// module only by its top-level names. Test packages nested in other
// packages (idlelib.idle_test, older unittest.test, lib2to3.tests) alike.
func moduleMode(parts []string) mode {
	if parts[0] == "test" {
		if len(parts) == 1 || parts[1] == "support" {
			return modeFull
		}
		return modeTopLevel
	}
	for _, p := range parts[1:] {
		if p == "test" || p == "tests" || p == "idle_test" {
			return modeTopLevel
		}
	}
	return modeFull
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9':
			if i == 0 {
				return false
			}
		case c >= 0x80:
			// Non-ASCII identifiers are legal Python; accept them.
		default:
			return false
		}
	}
	return true
}
