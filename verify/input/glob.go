package input

import (
	"fmt"
	"path"
	"strings"
)

// pattern is one compiled Exclude pattern.
type pattern struct {
	elems []string // split on "/"; "**" matches any number of elements
	// anyDepth is set for a pattern without a slash, which matches the last
	// element of a path at any depth, as in .gitignore.
	anyDepth bool
}

func compilePatterns(globs []string) ([]pattern, error) {
	var out []pattern
	for _, g := range globs {
		clean := strings.TrimPrefix(path.Clean(strings.TrimSpace(g)), "./")
		if g == "" || clean == "." {
			return nil, fmt.Errorf("exclude pattern %q is empty", g)
		}
		p := pattern{elems: strings.Split(strings.TrimPrefix(clean, "/"), "/")}
		if strings.HasPrefix(clean, "/") {
			p.elems[0] = "/" + p.elems[0]
		}
		p.anyDepth = !strings.Contains(clean, "/")
		for _, e := range p.elems {
			if _, err := path.Match(e, ""); err != nil {
				return nil, fmt.Errorf("exclude pattern %q: %w", g, err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// matchAny reports whether a pattern matches a path, given both as written
// (full) and relative to the folder being walked (rel, "" for a path named
// directly). Both use slashes.
func matchAny(pats []pattern, full, rel string) bool {
	full = strings.TrimPrefix(path.Clean(full), "./")
	base := path.Base(full)
	for _, p := range pats {
		if p.anyDepth {
			if ok, _ := path.Match(p.elems[0], base); ok {
				return true
			}
			continue
		}
		if matchElems(p.elems, splitPath(full)) {
			return true
		}
		if rel != "" && matchElems(p.elems, splitPath(path.Clean(rel))) {
			return true
		}
	}
	return false
}

// splitPath splits a slash path into elements, keeping a leading "/" on the
// first so that absolute patterns only match absolute paths.
func splitPath(p string) []string {
	if strings.HasPrefix(p, "/") {
		elems := strings.Split(p[1:], "/")
		elems[0] = "/" + elems[0]
		return elems
	}
	return strings.Split(p, "/")
}

func matchElems(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Skip repeated "**"; then try every split of the remainder.
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := range name {
				if matchElems(pat, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
