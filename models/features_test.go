package models

import (
	"slices"
	"testing"
)

func TestSpeakerKind(t *testing.T) {
	for _, tc := range []struct {
		speaker, role, want string
	}{
		{"", "", "none"},
		{"Ana Ruiz", "", "named"},
		{"Ministry of Defence", "", "named"},
		{"unknown", "a senior official", "unnamed"},
		{"unknown", "residents", "unnamed"},
		{"unknown", "journalist", "press"},
		{"unknown", "Reporter (Porto Daily)", "press"},
		{"unknown", "question", "press"},
	} {
		in := &Input{Speaker: tc.speaker, Role: tc.role}
		if got := speakerKind(in); got != hashString(tc.want) {
			t.Errorf("speakerKind(%q, %q) is not %s", tc.speaker, tc.role, tc.want)
		}
	}
}

// The speaker-kind features make the same question by a reporter and by a
// named speaker two different inputs, and only with the setting on.
func TestSpeakerKindFeatures(t *testing.T) {
	text := "Briefing\n\nWill the ceasefire hold until the talks resume?"
	feats := func(on bool, speaker, role string) []uint32 {
		cfg := DefaultFeatures()
		cfg.SpeakerKind = on
		cfg.Subwords = false
		x := newExtractor(cfg, nil)
		var ts []compiledTarget
		for _, tg := range DefaultTargets() {
			if tg.Name == "ceasefire" {
				ts = append(ts, compileTarget(tg))
			}
		}
		in := seedInput(t, text, "Will the ceasefire hold until the talks resume?")
		in.Speaker, in.Role = speaker, role
		v := new(view)
		x.load(v, &in)
		matchQuote(v, ts)
		x.stance(v, ts, 0, &in)
		var idx []uint32
		for _, f := range v.feats {
			idx = append(idx, f.idx)
		}
		slices.Sort(idx)
		return idx
	}
	if a, b := feats(true, "unknown", "journalist"), feats(true, "Ana Ruiz", ""); slices.Equal(a, b) {
		t.Error("a reporter's and a named speaker's question have the same features")
	}
	if a, b := feats(false, "unknown", "journalist"), feats(false, "Ana Ruiz", ""); !slices.Equal(a, b) {
		t.Error("with SpeakerKind off, the speaker changed the features")
	}
}

// The markers include hedges, forecasts and reported positions, which lean
// neutral, beside the modal and conditional ones.
func TestHedgeMarkers(t *testing.T) {
	for _, tc := range []struct {
		text, phrase string
	}{
		{"Whether it holds remains to be seen.", "remains to be seen"},
		{"Talks are expected to resume in May.", "expected to"},
		{"They say the truce is a trap.", "they say"},
		{"It is too early to call it peace.", "too early"},
		{"The ceasefire might hold.", "might"},
	} {
		low, toks := tokenize(tc.text, 0, len(tc.text), 0, 0, nil, nil)
		var found []string
		for _, h := range markerLex.match(0, low, toks, false, nil) {
			found = append(found, markerLex.phrases[h.phrase].text)
		}
		if !slices.Contains(found, tc.phrase) {
			t.Errorf("%q: markers %q, want %q among them", tc.text, found, tc.phrase)
		}
	}
}
