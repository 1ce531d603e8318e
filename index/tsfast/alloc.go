// Package tsalloc makes tree-sitter allocate with the C library directly.
//
// go-tree-sitter routes every malloc and free of the tree-sitter core
// through exported Go functions, so that Go code could replace the
// allocator: each allocation is a C-to-Go-to-C round trip. Parsing
// allocates for every node, and the round trips cost about a third of the
// parse time. Importing this package points tree-sitter back at libc's
// allocator once, for the whole process; go-tree-sitter's own C.free
// calls stay consistent with it.
package tsfast

/*
#include <stdlib.h>

void ts_set_allocator(
	void *(*new_malloc)(size_t),
	void *(*new_calloc)(size_t, size_t),
	void *(*new_realloc)(void *, size_t),
	void (*new_free)(void *));

static void use_libc_allocator(void) { ts_set_allocator(malloc, calloc, realloc, free); }
*/
import "C"

import (
	// Its init installs the Go callbacks; ours must run after it.
	_ "github.com/tree-sitter/go-tree-sitter"
)

func init() { C.use_libc_allocator() }
