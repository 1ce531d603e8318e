package snapshot

import (
	"sort"
	"strings"
)

// Members lists the names reachable on dotted: its own children and, for a
// class, those of its bases. Used for "did you mean".
func (s *Snapshot) Members(dotted string) []string {
	n := node(0)
	if dotted != "" {
		var ok bool
		n, _, ok = s.find(dotted)
		if !ok {
			return nil
		}
	}
	seen := map[string]bool{}
	var out []string
	var collect func(n node, hops int)
	collect = func(n node, hops int) {
		first, count := s.children(n)
		for i := uint32(0); i < count; i++ {
			name := s.name(node(first + i))
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
		if s.kind(n) != KindClass || hops > 4 {
			return
		}
		for _, b := range s.bases(n) {
			if b == "builtins.object" {
				continue
			}
			if bn, _, fail := s.lookup(b, 0); fail == nil {
				collect(bn, hops+1)
			}
		}
	}
	collect(n, 0)
	sort.Strings(out)
	return out
}

// Suggest returns up to limit names close to the last component of
// missing, taken from the members of its parent, best first, spelled as
// full dotted names.
func (s *Snapshot) Suggest(missing string, limit int) []string {
	parent, last := "", missing
	if i := strings.LastIndexByte(missing, '.'); i >= 0 {
		parent, last = missing[:i], missing[i+1:]
	}
	var candidates []string
	if parent == "" {
		candidates = s.Modules()
		// Only top-level modules compete with a top-level name.
		top := candidates[:0]
		for _, m := range candidates {
			if !strings.Contains(m, ".") {
				top = append(top, m)
			}
		}
		candidates = top
	} else {
		candidates = s.Members(parent)
	}
	ranked := Rank(last, candidates, limit)
	for i, r := range ranked {
		if parent != "" {
			ranked[i] = parent + "." + r
		}
	}
	return ranked
}

// Rank orders candidates by closeness to word and keeps the good ones.
func Rank(word string, candidates []string, limit int) []string {
	type scored struct {
		name  string
		score float64
	}
	var best []scored
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if c == word {
			continue
		}
		sc := Similarity(lw, strings.ToLower(c))
		// Public names are the likelier intent.
		if strings.HasPrefix(c, "_") && !strings.HasPrefix(word, "_") {
			sc -= 0.1
		}
		if sc >= 0.6 {
			best = append(best, scored{c, sc})
		}
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].score != best[j].score {
			return best[i].score > best[j].score
		}
		return best[i].name < best[j].name
	})
	if len(best) > limit {
		best = best[:limit]
	}
	out := make([]string, len(best))
	for i, b := range best {
		out[i] = b.name
	}
	return out
}

// Similarity scores two names in [0,1]: edit distance relative to length,
// with credit when one name contains the other at a word boundary
// (safe_extractall ~ extractall, set_write_buffer_limits ~ set_write_buffer_limit).
func Similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	bonus := 0.0
	if len(short) >= 4 && (strings.HasSuffix(long, short) || strings.HasPrefix(long, short)) {
		bonus = 0.8 // safe_extractall ~ extractall
	}
	// The edit distance is at least the difference in length: skip the
	// quadratic computation when that alone rules the pair out.
	if 1-float64(len(long)-len(short))/float64(len(long)) < 0.6 {
		return bonus
	}
	return max(bonus, 1-float64(levenshtein(a, b))/float64(max(la, lb)))
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
