package quotes

import "strings"

// remitStart handles a title whose remit runs on before the name:
// "President of the Slovak Republic Ana Ruiz", "Minister for Reintegration
// of the Temporarily Occupied Territories Ana Ruiz". k is where the name
// would start after the title words were stripped; when those words hold
// a remit (an "of", "for" or "to"), the name is the last one or two words
// of the run that are not themselves part of a remit (institutions,
// places, titles, abstract nouns, connectors). It returns the new start
// and whether the run holds a name at all ("President of the Slovak
// Republic" holds none).
func remitStart(t string, run []tok, k int) (int, bool) {
	remit := false
	for _, x := range run[:k] {
		if x.lw == "of" || x.lw == "for" || x.lw == "to" {
			remit = true
		}
	}
	if !remit || k >= len(run) {
		return k, true
	}
	ns := len(run)
	for ns > k && len(run)-ns < 2 && !remitWord(t, run[ns-1]) {
		ns--
	}
	if ns == len(run) {
		return k, false
	}
	// the words between the stripped title and the name must be remit
	// words, or the run was not a title with a remit after all
	for i := k; i < ns; i++ {
		x := run[i]
		// "Slovak Republic", "Russian Federation": a modifier of a state
		// or institution word
		next := i+1 < ns && (stateWords[run[i+1].lw] || orgWords[run[i+1].lw])
		if !remitWord(t, x) && !remitModifier(x.lw) && !next {
			return k, true
		}
	}
	return ns, true
}

// remitWord reports a word that belongs to a title's remit rather than a
// personal name.
func remitWord(t string, x tok) bool {
	if x.punct {
		return true
	}
	lw := lowBare(t, x) // lower(trimPossessive(word)), from the token's lower-case form
	return places[lw] || orgWords[lw] || stateWords[lw] || titleWords[lw] || thingWords[lw] || genericOrgWords[lw] ||
		abstractNoun(lw) || nationalityLow(x.lw) || lw == "of" || lw == "the" || lw == "for" || lw == "and" || lw == "to"
}

// remitModifier reports a modifier inside a remit, by its ending
// ("Temporarily Occupied Territories", "Regional Development"); it is not
// used on the name itself, where "Ahmed" or "Jamal" end alike.
func remitModifier(lw string) bool {
	for _, suf := range []string{"ly", "ed", "al", "ive", "ary", "ory"} {
		if len(lw) > len(suf)+3 && strings.HasSuffix(lw, suf) {
			return true
		}
	}
	return false
}
