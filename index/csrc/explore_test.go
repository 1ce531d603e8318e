package csrc

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tsc "github.com/tree-sitter/tree-sitter-c/bindings/go"
)

func TestExplore(t *testing.T) {
	root := "/var/cache/pyrefcheck/src/3.13"
	var files []string
	for _, d := range []string{"Modules", "Objects", "Python", "Parser", "PC", "Programs", "Include"} {
		filepath.WalkDir(filepath.Join(root, d), func(p string, e os.DirEntry, err error) error {
			if strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h") {
				files = append(files, p)
			}
			return nil
		})
	}
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(sitter.NewLanguage(tsc.Language()))
	kinds := map[string]int{}
	errs := map[string]int{}
	start := time.Now()
	var total int
	for _, f := range files {
		src, _ := os.ReadFile(f)
		total += len(src)
		tr := p.Parse(src, nil)
		r := tr.RootNode()
		n := r.ChildCount()
		for i := uint(0); i < n; i++ {
			c := r.Child(i)
			kinds[c.Kind()]++
			if c.Kind() == "ERROR" {
				errs[f]++
			}
		}
		tr.Close()
	}
	fmt.Println(len(files), total, time.Since(start))
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		fmt.Println(k, kinds[k])
	}
	for f, n := range errs {
		fmt.Println("ERR", f, n)
	}
}
