package quotes

import (
	"reflect"
	"strings"
	"testing"
)

// The speaker resolver reads words through helpers that avoid allocating
// (spans instead of strings.Fields, slices of the lower-case text instead
// of lower, one lexicon lookup instead of several); these tests hold each
// to the code it replaced.

var fastSeeds = []string{
	"",
	" ",
	"the Foreign Minister, Ana Ruiz",
	"  A municipal OFFICIAL\tsaid\n",
	"Ruiz’s campaign manager",
	",the, ,, ministry's,",
	"ÉTÉ\u00a0Ⅻ Ⓐ x\u2003y \u0085z İstanbul K",
	"\xff\xe2\x80 broken\xc2 words\xc2\xa0here",
	"The President of the Slovak Republic",
	"Veterans' Union said",
}

// checkFast compares the helpers with what they replace on s.
func checkFast(t *testing.T, s string) {
	t.Helper()
	g := seg{0, len(s)}
	// fieldSegs and appendFields split as strings.Fields does
	want := strings.Fields(s)
	var got []string
	for _, f := range fieldSegs(s, g, nil) {
		got = append(got, s[f.s:f.e])
	}
	if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Fatalf("fieldSegs(%q) = %q, want %q", s, got, want)
	}
	if got := appendFields(nil, s); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Fatalf("appendFields(%q) = %q, want %q", s, got, want)
	}
	if ts := trimSpaceSeg(s, g); s[ts.s:ts.e] != strings.TrimSpace(s) {
		t.Fatalf("trimSpaceSeg(%q) = %q, want %q", s, s[ts.s:ts.e], strings.TrimSpace(s))
	}
	if lw := lastWord(s); len(want) > 0 && lw != want[len(want)-1] || len(want) == 0 && lw != "" {
		t.Fatalf("lastWord(%q) = %q", s, lw)
	}
	// lowSeg and lowWord are lower on spans, with and without the aligned
	// lower-case text
	for _, low := range []string{"", func() string { l, _ := lowerAligned(s); return l }()} {
		r := &resolver{t: s, low: low}
		if got, want := r.lowSeg(g), lower(s); got != want {
			t.Fatalf("lowSeg(%q) = %q, want %q (low %q)", s, got, want, low)
		}
		for _, f := range fieldSegs(s, g, nil) {
			w := s[f.s:f.e]
			if got, want := r.lowWord(w, f), lower(trimPossessive(strings.Trim(w, ","))); got != want {
				t.Fatalf("lowWord(%q) = %q, want %q", w, got, want)
			}
		}
		if words, fs := appendFields(nil, s), fieldSegs(s, g, nil); len(words) > 0 {
			if got, want := r.npHeadAt(words, fs), npHead(words); got != want {
				t.Fatalf("npHeadAt(%q) = %q, want %q", s, got, want)
			}
		}
	}
	// containsWordAfterSpace is strings.Contains(s, " "+w)
	for _, w := range append([]string{"", "the", "a", ","}, want...) {
		if got := containsWordAfterSpace(s, w); got != strings.Contains(s, " "+w) {
			t.Fatalf("containsWordAfterSpace(%q, %q) = %v", s, w, got)
		}
	}
}

func TestFastHelpers(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, s)
	}
}

func FuzzFastHelpers(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add(s)
	}
	f.Fuzz(checkFast)
}

// TestLexOf holds lexOf to the word lists it stands for, on every word of
// every list and on words of no list.
func TestLexOf(t *testing.T) {
	lists := []struct {
		c  lexClass
		in func(string) bool
	}{
		{lexCue, func(w string) bool { _, ok := cueForms[w]; return ok }},
		{lexNPStop, func(w string) bool { return npStops[w] }},
		{lexPrep, func(w string) bool { return prepositions[w] }},
		{lexConnector, func(w string) bool { return connectorWords[w] }},
		{lexObjectDet, func(w string) bool { return objectDets[w] }},
		{lexRoleNoun, func(w string) bool { return roleNouns[w] }},
		{lexOrgHead, func(w string) bool { return orgHeads[w] }},
		{lexOrgWord, func(w string) bool { return orgWords[w] }},
		{lexDeterminer, func(w string) bool { return determiners[w] }},
		{lexTimeWord, func(w string) bool { return timeWords[w] }},
		{lexMonthDay, func(w string) bool { return monthsDays[w] }},
		{lexSubordinator, func(w string) bool { return subordinators[w] }},
		{lexSubjectPronoun, func(w string) bool { return subjectPronoun[w] }},
		{lexSpeakerPronoun, func(w string) bool { return speakerPronoun[w] != "" }},
		{lexAbbrev, func(w string) bool { return abbrevs[w] }},
	}
	words := []string{"", "x", "ruiz", "ana", "thez", "saidx", "minister’s", strings.Repeat("a", 40), "président"}
	for w := range lexClasses {
		words = append(words, w, w+"s", "x"+w)
	}
	for _, s := range fastSeeds {
		words = append(words, strings.Fields(lower(s))...)
	}
	for _, w := range words {
		c := lexOf(w)
		for _, l := range lists {
			if (c&l.c != 0) != l.in(w) {
				t.Fatalf("lexOf(%q) = %b: class %b wrong", w, c, l.c)
			}
		}
	}
}
