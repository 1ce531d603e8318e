package main

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestEveryCommandHasExamples: every pyrefcheck command, present and
// future, shows examples in its --help and has a one-line summary.
// (cobra's own help and completion commands are added at Execute time and
// are not walked.)
func TestEveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(strings.NewReader(""), io.Discard, io.Discard)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		if c.Short == "" && c.HasParent() {
			t.Errorf("%q has no Short description", c.CommandPath())
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			// A backquoted word in a flag's usage becomes its value name in
			// --help: "--snapshots pyrefcheck index" instead of "--snapshots DIR".
			if name, _ := pflag.UnquoteUsage(f); strings.Contains(name, " ") {
				t.Errorf("%q: flag --%s shows the value name %q; backquote a one-word name (`DIR`) or none", c.CommandPath(), f.Name, name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
