package snapshots

import (
	"bytes"
	"testing"
)

func TestBundleRoundTrip(t *testing.T) {
	files := map[string][]byte{"3.9.snap": []byte("nine"), "3.10.snap": bytes.Repeat([]byte{7}, 13), "empty.snap": {}}
	b := Bundle(files)
	names, data, err := Unbundle(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 3 || names[0] != "3.10.snap" || names[1] != "3.9.snap" {
		t.Fatalf("names = %v", names)
	}
	for i, n := range names {
		if !bytes.Equal(data[i], files[n]) {
			t.Errorf("%s: got %q", n, data[i])
		}
	}
	if !bytes.Equal(b, Bundle(files)) {
		t.Error("bundling is not deterministic")
	}
	if _, _, err := Unbundle([]byte("garbage!")); err == nil {
		t.Error("garbage accepted")
	}
}

func TestEmbeddedBundleReads(t *testing.T) {
	if _, _, err := Unbundle(bundle); err != nil {
		t.Fatal(err)
	}
	if len(Releases()) == 0 {
		t.Fatal("no release table embedded")
	}
}
