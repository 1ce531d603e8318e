package lazyre

import "testing"

func TestLazy(t *testing.T) {
	re := New(`(?i)\bmain\b`)
	if re.re != nil {
		t.Fatal("compiled before use")
	}
	if !re.MatchString("the MAIN branch") || re.MatchString("maintain") {
		t.Error("match")
	}
	if got := re.FindStringIndex("on main"); len(got) != 2 || got[0] != 3 {
		t.Errorf("FindStringIndex = %v", got)
	}
}
