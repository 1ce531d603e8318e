package versions

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	for _, c := range FindVersions(string(b)) {
		fmt.Printf("%d:%d %q tested=%v range=%v exp=%v main=%v\n", c.Line, c.Column, c.Text, c.Tested, c.Range, c.Expanded, c.Main)
	}
}
