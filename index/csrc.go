package index

import (
	"github.com/pyrefcheck/pyrefcheck/index/csrc"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// CStats counts what the C indexer recorded.
type CStats = csrc.Stats

func indexC(t *snapshot.Tree, root string) (CStats, error) {
	return csrc.Index(t, root, csrc.Options{})
}
