// Package snapshots embeds the standard library snapshots of every
// supported Python version and CPython's release table, so that an
// installed pyrefcheck needs no other file. It holds data only; the
// index and verify packages give it meaning.
//
// The snapshots travel as one bundle file, embedded as a []byte: an
// embed.FS would copy each file on every read, which is most of a
// process's start-up time when the files are megabytes.
package snapshots

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

//go:embed snapshots.bundle
var bundle []byte

//go:embed releases.json
var releases []byte

// Snapshots returns the embedded snapshot files by name ("3.13.snap"), in
// name order. The bytes are read-only and live for the whole program.
func Snapshots() (names []string, data [][]byte) {
	names, data, err := Unbundle(bundle)
	if err != nil {
		panic("embedded snapshot bundle: " + err.Error()) // a build problem
	}
	return names, data
}

// Releases returns the embedded release table (verify/versions format).
func Releases() []byte { return releases }

const bundleMagic = "PYRB"

// Bundle packs named files into one: magic, count, then per file a name
// length (u16), the name, an offset and a length (u32), then the data,
// each file 8-byte aligned. Files are stored in name order.
func Bundle(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	le := binary.LittleEndian
	head := []byte(bundleMagic)
	head = le.AppendUint32(head, uint32(len(names)))
	size := len(head)
	for _, n := range names {
		size += 2 + len(n) + 8
	}
	off := align(size)
	for _, n := range names {
		head = le.AppendUint16(head, uint16(len(n)))
		head = append(head, n...)
		head = le.AppendUint32(head, uint32(off))
		head = le.AppendUint32(head, uint32(len(files[n])))
		off = align(off + len(files[n]))
	}
	out := make([]byte, 0, off)
	out = append(out, head...)
	for _, n := range names {
		out = append(out, make([]byte, align(len(out))-len(out))...)
		out = append(out, files[n]...)
	}
	return out
}

func align(n int) int { return (n + 7) &^ 7 }

// Unbundle lists a bundle's files without copying them.
func Unbundle(b []byte) (names []string, data [][]byte, err error) {
	if len(b) == 0 {
		return nil, nil, nil // built before the first snapshot
	}
	if len(b) < 8 || string(b[:4]) != bundleMagic {
		return nil, nil, errors.New("not a snapshot bundle")
	}
	le := binary.LittleEndian
	n := int(le.Uint32(b[4:]))
	p := 8
	for i := 0; i < n; i++ {
		if p+2 > len(b) {
			return nil, nil, errors.New("truncated bundle")
		}
		l := int(le.Uint16(b[p:]))
		if p+2+l+8 > len(b) {
			return nil, nil, errors.New("truncated bundle")
		}
		name := string(b[p+2 : p+2+l])
		off, size := int(le.Uint32(b[p+2+l:])), int(le.Uint32(b[p+6+l:]))
		if off+size > len(b) {
			return nil, nil, fmt.Errorf("bundle entry %s out of range", name)
		}
		names = append(names, name)
		data = append(data, b[off:off+size:off+size])
		p += 2 + l + 8
	}
	return names, data, nil
}
