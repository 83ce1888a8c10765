package corpus

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"unicode"
)

// A Problem is one thing wrong with a labeled file, at a line.
type Problem struct {
	Line int
	Err  error
}

// CheckGold validates labeled articles (ValidateArticle on each), and checks
// the set as a whole: ids unique, every split present, and no near-duplicate
// text across splits. targets nil means DefaultTargetNames.
func CheckGold(arts []GoldArticle, targets []string) []Problem {
	var probs []Problem
	ids := map[string]int{}
	splits := map[string]int{}
	for _, a := range arts {
		for _, err := range ValidateArticle(a, targets) {
			probs = append(probs, Problem{a.Line, err})
		}
		if prev, ok := ids[a.ID]; ok {
			probs = append(probs, Problem{a.Line, fmt.Errorf("duplicate id %q (first at line %d)", a.ID, prev)})
		}
		ids[a.ID] = a.Line
		splits[a.Split]++
	}
	if len(arts) > 0 {
		for _, s := range []string{SplitTrain, SplitDev, SplitTest} {
			if splits[s] == 0 {
				probs = append(probs, Problem{0, fmt.Errorf("no article in the %s split", s)})
			}
		}
	}
	for _, d := range NearDuplicates(arts, 0.5) {
		a, b := arts[d.A], arts[d.B]
		if a.Split != b.Split {
			probs = append(probs, Problem{b.Line, fmt.Errorf("%s (%s) nearly duplicates %s (%s, line %d): %.0f%% of shingles shared across splits", b.ID, b.Split, a.ID, a.Split, a.Line, 100*d.Similarity)})
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return probs
}

// A DupPair names two articles (indexes) whose texts are near duplicates.
type DupPair struct {
	A, B       int
	Similarity float64 // shared shingles / shingles of the smaller text
}

// NearDuplicates returns the pairs of articles sharing at least threshold
// of the smaller text's 5-word shingles (containment, so an excerpt of a
// longer text counts).
func NearDuplicates(arts []GoldArticle, threshold float64) []DupPair {
	sets := make([]map[uint64]bool, len(arts))
	index := map[uint64][]int{}
	for i, a := range arts {
		sets[i] = shingles(a.Text, 5)
		for h := range sets[i] {
			index[h] = append(index[h], i)
		}
	}
	var out []DupPair
	for i := range arts {
		shared := map[int]int{}
		for h := range sets[i] {
			for _, j := range index[h] {
				if j > i {
					shared[j]++
				}
			}
		}
		for j, n := range shared {
			small := min(len(sets[i]), len(sets[j]))
			if small == 0 {
				continue
			}
			if sim := float64(n) / float64(small); sim >= threshold {
				out = append(out, DupPair{i, j, sim})
			}
		}
	}
	sort.Slice(out, func(x, y int) bool {
		if out[x].A != out[y].A {
			return out[x].A < out[y].A
		}
		return out[x].B < out[y].B
	})
	return out
}

func shingles(text string, k int) map[uint64]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	set := map[uint64]bool{}
	for i := 0; i+k <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+k] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		set[h.Sum64()] = true
	}
	return set
}

// GoldStats counts a labeled set: articles and quotes per split, quotes by
// kind, labels per target × stance × split, and conditions.
type GoldStats struct {
	Articles   map[string]int                      // split → articles
	Quotes     map[string]int                      // split → quotes
	Addressing map[string]int                      // split → quotes addressing at least one target
	Kinds      map[string]map[string]int           // kind → split → quotes
	Labels     map[string]map[Label]map[string]int // target → stance → split → labels
	Conditions map[string]int                      // split → labels with a condition
	LabelTotal map[string]int                      // split → labels
	Genres     map[string]int                      // genre → articles
	Unrelated  int                                 // articles whose quotes address no target
}

// Stats counts arts.
func Stats(arts []GoldArticle) GoldStats {
	s := GoldStats{
		Articles: map[string]int{}, Quotes: map[string]int{}, Addressing: map[string]int{},
		Kinds: map[string]map[string]int{}, Labels: map[string]map[Label]map[string]int{},
		Conditions: map[string]int{}, LabelTotal: map[string]int{}, Genres: map[string]int{},
	}
	for _, a := range arts {
		s.Articles[a.Split]++
		s.Genres[a.Genre]++
		any := false
		for _, q := range a.Quotes {
			s.Quotes[a.Split]++
			if s.Kinds[q.Kind] == nil {
				s.Kinds[q.Kind] = map[string]int{}
			}
			s.Kinds[q.Kind][a.Split]++
			if len(q.Stances) > 0 {
				s.Addressing[a.Split]++
				any = true
			}
			for t, st := range q.Stances {
				if s.Labels[t] == nil {
					s.Labels[t] = map[Label]map[string]int{}
				}
				if s.Labels[t][st.Stance] == nil {
					s.Labels[t][st.Stance] = map[string]int{}
				}
				s.Labels[t][st.Stance][a.Split]++
				s.LabelTotal[a.Split]++
				if st.Condition != "" {
					s.Conditions[a.Split]++
				}
			}
		}
		if !any {
			s.Unrelated++
		}
	}
	return s
}
