package corpus

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultTargetNames are the targets stance tracks out of the box.
var DefaultTargetNames = []string{"peace", "ceasefire", "security_guarantees"}

const quoteMarks = "\"'“”‘’«»„‚‹›"

// ValidateArticle checks one gold article: offsets in range, parts ordered
// and non-overlapping, quotes ordered and disjoint, known kinds, targets and
// labels, the split equal to SplitOf(id), and spans that exclude quotation
// marks and surrounding space. targets nil means DefaultTargetNames.
func ValidateArticle(a GoldArticle, targets []string) []error {
	if targets == nil {
		targets = DefaultTargetNames
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if a.ID == "" {
		bad("missing id")
	}
	if !utf8.ValidString(a.Text) {
		bad("%s: text is not valid UTF-8", a.ID)
		return errs
	}
	n := utf8.RuneCountInString(a.Text)
	switch a.Split {
	case SplitTrain, SplitDev, SplitTest:
		if want := SplitOf(a.ID); a.Split != want {
			bad("%s: split %q, but the id hashes to %q", a.ID, a.Split, want)
		}
	default:
		bad("%s: unknown split %q", a.ID, a.Split)
	}
	prevEnd := 0
	for i, q := range a.Quotes {
		where := fmt.Sprintf("%s quote %d", a.ID, i+1)
		spans := q.Spans()
		if len(q.Parts) == 1 {
			bad("%s: parts with a single part", where)
		}
		if len(q.Parts) > 1 && (q.Start != q.Parts[0][0] || q.End != q.Parts[len(q.Parts)-1][1]) {
			bad("%s: start/end [%d,%d) do not run from the first part to the last", where, q.Start, q.End)
		}
		ok := true
		for j, s := range spans {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				bad("%s: span [%d,%d) out of range (text has %d code points)", where, s.Start, s.End, n)
				ok = false
				continue
			}
			if j > 0 && s.Start < spans[j-1].End {
				bad("%s: parts not ordered or overlapping", where)
				ok = false
			}
		}
		if !ok {
			continue
		}
		if q.Start < prevEnd {
			bad("%s: overlaps or precedes the previous quote", where)
		}
		prevEnd = q.End
		for _, s := range spans {
			t := SliceRunes(a.Text, s.Start, s.End)
			first, _ := utf8.DecodeRuneInString(t)
			last, _ := utf8.DecodeLastRuneInString(t)
			if unicode.IsSpace(first) || unicode.IsSpace(last) {
				bad("%s: span %q starts or ends with white space", where, short(t))
			}
			if strings.ContainsRune(quoteMarks, first) || (strings.ContainsRune(quoteMarks, last) && last != '’' && last != '\'') {
				bad("%s: span %q includes a quotation mark", where, short(t))
			}
		}
		if !slices.Contains(Kinds, q.Kind) {
			bad("%s: unknown kind %q", where, q.Kind)
		}
		if q.Kind == KindSplit && len(q.Parts) < 2 {
			bad("%s: split quote without parts", where)
		}
		if strings.TrimSpace(q.Speaker) == "" {
			bad("%s: empty speaker (use \"unknown\" with a role)", where)
		}
		if q.Speaker == "unknown" && q.Role == "" {
			bad("%s: unknown speaker without a role", where)
		}
		for t, st := range q.Stances {
			if !slices.Contains(targets, t) {
				bad("%s: unknown target %q", where, t)
			}
			if st.Stance.Index() < 0 {
				bad("%s: target %s: unknown stance %q", where, t, st.Stance)
			}
		}
	}
	return errs
}
