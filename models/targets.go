package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stance-project/stance/corpus"
	"gopkg.in/yaml.v3"
)

// ErrTargets reports a targets file that cannot be used.
var ErrTargets = errors.New("models: bad targets")

// A lexPhrase is one compiled lexicon entry: the stem hashes of its words,
// and for words written with a trailing '*' the literal prefix instead.
type lexPhrase struct {
	stems  []uint64
	prefix []string // "" unless the word is a prefix pattern
	weight float64
	text   string
}

// A lexicon matches the phrases of one target on token stems.
type lexicon struct {
	first    [1 << 10]uint64  // bit set of first-word stems (low 16 bits): a fast "no"
	byFirst  map[uint64][]int // first-word stem → phrases, longest first
	prefixed []int            // phrases whose first word is a prefix pattern
	phrases  []lexPhrase
}

// A compiledTarget is a target with its matcher and salt.
type compiledTarget struct {
	t    corpus.Target
	salt uint64 // hash of the name: conjoins features with the target
	lex  *lexicon
}

func compileTarget(t corpus.Target) compiledTarget {
	lx := &lexicon{byFirst: map[uint64][]int{}}
	var low []byte
	var toks []token
	for _, e := range t.Lexicon {
		w := e.Weight
		if w == 0 {
			w = 1
		}
		low, toks = tokenize(e.Phrase, 0, len(e.Phrase), 0, 0, low[:0], toks[:0])
		var p lexPhrase
		p.weight, p.text = w, strings.ToLower(strings.TrimSpace(e.Phrase))
		for i := 0; i < len(toks); i++ {
			tk := toks[i]
			if string(low[tk.lo:tk.hi]) == "*" {
				continue
			}
			pre := ""
			if i+1 < len(toks) && string(low[toks[i+1].lo:toks[i+1].hi]) == "*" {
				pre = string(low[tk.lo:tk.hi])
			}
			p.stems = append(p.stems, tk.stem)
			p.prefix = append(p.prefix, pre)
		}
		if len(p.stems) == 0 {
			continue
		}
		k := len(lx.phrases)
		lx.phrases = append(lx.phrases, p)
		if p.prefix[0] != "" {
			lx.prefixed = append(lx.prefixed, k)
		} else {
			lx.byFirst[p.stems[0]] = append(lx.byFirst[p.stems[0]], k)
			b := p.stems[0] & 0xffff
			lx.first[b>>6] |= 1 << (b & 63)
		}
	}
	longestFirst := func(a, b int) int { return len(lx.phrases[b].stems) - len(lx.phrases[a].stems) }
	for _, ks := range lx.byFirst {
		slices.SortStableFunc(ks, longestFirst)
	}
	slices.SortStableFunc(lx.prefixed, longestFirst)
	return compiledTarget{t: t, salt: hashString("target:" + t.Name), lex: lx}
}

// A hit is one lexicon match: tokens [i, j) of the quote (ctx false) or of
// the context, with its weight.
type hit struct {
	target int
	i, j   int
	ctx    bool
	weight float64
	phrase int
}

func (p *lexPhrase) matchAt(low []byte, toks []token, i int) bool {
	if i+len(p.stems) > len(toks) {
		return false
	}
	for k := range p.stems {
		tk := &toks[i+k]
		if pre := p.prefix[k]; pre != "" {
			if !tk.word || !bytes.HasPrefix(low[tk.lo:tk.hi], []byte(pre)) {
				return false
			}
		} else if tk.stem != p.stems[k] {
			return false
		}
	}
	return true
}

// match appends the non-overlapping, longest-first lexicon hits in toks.
func (lx *lexicon) match(target int, low []byte, toks []token, ctx bool, dst []hit) []hit {
	for i := 0; i < len(toks); i++ {
		if !toks[i].word {
			continue
		}
		best := -1
		if b := toks[i].stem & 0xffff; lx.first[b>>6]&(1<<(b&63)) != 0 {
			for _, k := range lx.byFirst[toks[i].stem] {
				if lx.phrases[k].matchAt(low, toks, i) {
					best = k
					break
				}
			}
		}
		for _, k := range lx.prefixed {
			if (best < 0 || len(lx.phrases[k].stems) > len(lx.phrases[best].stems)) && lx.phrases[k].matchAt(low, toks, i) {
				best = k
				break
			}
		}
		if best < 0 {
			continue
		}
		p := &lx.phrases[best]
		dst = append(dst, hit{target: target, i: i, j: i + len(p.stems), ctx: ctx, weight: p.weight, phrase: best})
		i += len(p.stems) - 1
	}
	return dst
}

// LoadTargets reads targets from a JSON or YAML file: a list of targets, or
// an object with a "targets" list. A lexicon entry may be a bare phrase
// string or {phrase, weight}. YAML is chosen by the extension .yaml or .yml,
// or when the content is not JSON. Every target needs a name and at least
// one lexicon phrase.
func LoadTargets(path string) ([]corpus.Target, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(path))
	ts, err := parseTargets(b, ext == ".yaml" || ext == ".yml")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ts, nil
}

type rawLex struct {
	Phrase string  `json:"phrase" yaml:"phrase"`
	Weight float64 `json:"weight" yaml:"weight"`
}

func (l *rawLex) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*l = rawLex{Phrase: s}
		return nil
	}
	type plain rawLex
	return json.Unmarshal(b, (*plain)(l))
}

func (l *rawLex) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = rawLex{Phrase: n.Value}
		return nil
	}
	type plain rawLex
	return n.Decode((*plain)(l))
}

type rawTarget struct {
	Name        string   `json:"name" yaml:"name"`
	Description string   `json:"description" yaml:"description"`
	Lexicon     []rawLex `json:"lexicon" yaml:"lexicon"`
	Examples    []string `json:"examples" yaml:"examples"`
}

func parseTargets(b []byte, isYAML bool) ([]corpus.Target, error) {
	var list []rawTarget
	var wrapped struct {
		Targets []rawTarget `json:"targets" yaml:"targets"`
	}
	trimmed := bytes.TrimSpace(b)
	if !isYAML && len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		if trimmed[0] == '[' {
			if err := json.Unmarshal(trimmed, &list); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrTargets, err)
			}
		} else {
			if err := json.Unmarshal(trimmed, &wrapped); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrTargets, err)
			}
			list = wrapped.Targets
		}
	} else {
		var n yaml.Node
		if err := yaml.Unmarshal(b, &n); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrTargets, err)
		}
		var err error
		if len(n.Content) > 0 && n.Content[0].Kind == yaml.SequenceNode {
			err = n.Decode(&list)
		} else {
			err = n.Decode(&wrapped)
			list = wrapped.Targets
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrTargets, err)
		}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: no targets", ErrTargets)
	}
	out := make([]corpus.Target, 0, len(list))
	for i, r := range list {
		t := corpus.Target{Name: strings.TrimSpace(r.Name), Description: r.Description, Examples: r.Examples}
		for _, l := range r.Lexicon {
			if strings.TrimSpace(l.Phrase) != "" {
				t.Lexicon = append(t.Lexicon, corpus.LexEntry{Phrase: l.Phrase, Weight: l.Weight})
			}
		}
		if err := checkTarget(t); err != nil {
			return nil, fmt.Errorf("target %d: %w", i+1, err)
		}
		out = append(out, t)
	}
	return out, nil
}

func checkTarget(t corpus.Target) error {
	if t.Name == "" || strings.ContainsAny(t.Name, " \t\n") {
		return fmt.Errorf("%w: name %q must be one word", ErrTargets, t.Name)
	}
	if len(t.Lexicon) == 0 {
		return fmt.Errorf("%w: target %s has no lexicon phrase", ErrTargets, t.Name)
	}
	return nil
}

// mergeTargets returns base with ts added or, by name, replaced.
func mergeTargets(base, ts []corpus.Target) []corpus.Target {
	out := slices.Clone(base)
	for _, t := range ts {
		if k := slices.IndexFunc(out, func(x corpus.Target) bool { return x.Name == t.Name }); k >= 0 {
			out[k] = t
		} else {
			out = append(out, t)
		}
	}
	return out
}
