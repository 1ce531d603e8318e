package tsfast

/*
#include <stdint.h>
#include <stdlib.h>

typedef struct TSParser TSParser;
typedef struct TSTree TSTree;

TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
*/
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Parse parses src with p and returns the tree, like p.Parse(src, nil).
//
// go-tree-sitter's Parse feeds the text through a Go callback that copies
// the rest of the document into a new C string each time the lexer asks
// for input, which it does again after every backtrack: parsing cost grew
// with the square of a report's size. ts_parser_parse_string reads the
// bytes in place. The binding does not expose it, so this reaches its
// handles, each a struct holding one C pointer, in go-tree-sitter v0.25.0
// (a test checks the trees are the same as Parse's).
func Parse(p *sitter.Parser, src []byte) *sitter.Tree {
	parser := *(**C.TSParser)(unsafe.Pointer(p))
	var text *C.char
	if len(src) > 0 {
		text = (*C.char)(unsafe.Pointer(&src[0]))
	}
	raw := C.ts_parser_parse_string(parser, nil, text, C.uint32_t(len(src)))
	if raw == nil {
		return nil
	}
	t := new(sitter.Tree)
	*(**C.TSTree)(unsafe.Pointer(t)) = raw
	return t
}
