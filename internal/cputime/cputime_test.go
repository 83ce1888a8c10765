package cputime

import "testing"

func TestNowGrows(t *testing.T) {
	a := Now()
	if a < 0 {
		t.Skip("no CPU time on this platform")
	}
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i % 7
	}
	if b := Now(); b < a || x < 0 {
		t.Fatalf("CPU time went back: %v then %v", a, b)
	}
}
