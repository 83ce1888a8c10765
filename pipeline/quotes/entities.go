package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of candidate names found by Entities.
const (
	NamePerson       = "person"
	NameOrganization = "organization"
	NamePlace        = "place"
	NameOther        = "other" // capitalized, undecided
)

// A Name is one candidate speaker mention found by Entities: a run of
// capitalized words classified by fast rules (titles, organization words,
// the document's own name list) and, where the rules cannot decide and the
// run sits in an attribution clause, by prose's entity tagger.
type Name struct {
	Text  string `json:"text"`  // the run as written, titles included
	Name  string `json:"name"`  // canonical: the full name without titles (persons), without "the" (organizations)
	Start int    `json:"start"` // code points, the whole run
	End   int    `json:"end"`
	Kind  string `json:"kind"` // NamePerson, NameOrganization, NamePlace, NameOther
	Role  string `json:"role,omitempty"`

	startByte, endByte int // the whole run
	nameByte           seg // the canonical part (persons: after titles)
	gender             byte
	alias              bool // a single surname resolved to an earlier full name
	initial            bool // the run opens its sentence
}

var nameConnectors = map[string]bool{"de": true, "van": true, "von": true, "bin": true, "al": true, "da": true, "del": true, "la": true, "le": true, "di": true, "du": true, "ben": true, "abu": true, "el": true, "der": true, "den": true, "dos": true, "das": true, "ter": true}

// findNames scans t paragraph by paragraph for runs of capitalized words
// and classifies them. It is linear in len(t).
func findNames(w *work) []Name {
	out := make([]Name, 0, len(w.text)/80+4) // press releases: a name per 90 bytes
	t := w.text
	w.segment()
	for si := range w.sents {
		{
			toks := w.toks[w.sentTok[si]:w.sentTok[si+1]]
			for i := 0; i < len(toks); {
				tk := toks[i]
				w := t[tk.s:tk.e]
				if tk.punct || !isCap(w) {
					i++
					continue
				}
				j := i + 1
				for j < len(toks) {
					x := toks[j]
					xw := t[x.s:x.e]
					if !x.punct && (isCap(xw) || particleName(xw)) && x.s-toks[j-1].e <= 1 {
						j++
						continue
					}
					if !x.punct && (nameConnectors[xw] || xw == "of") && j+1 < len(toks) && !toks[j+1].punct && isCap(t[toks[j+1].s:toks[j+1].e]) {
						j += 2
						continue
					}
					// a plural possessive inside a name: "Veterans' Union"
					if x.punct && (xw == "'" || xw == "’") && x.s == toks[j-1].e && strings.HasSuffix(toks[j-1].lw, "s") && j+1 < len(toks) && !toks[j+1].punct && toks[j+1].s-x.e == 1 && orgWords[toks[j+1].lw] && isCap(t[toks[j+1].s:toks[j+1].e]) {
						j += 2
						continue
					}
					// "Deputy Mayor for Digital Affairs Ana Ruiz": a title's remit
					if !x.punct && xw == "for" && titleWords[toks[j-1].lw] && !weakTitle[toks[j-1].lw] && j+1 < len(toks) && !toks[j+1].punct && isCap(t[toks[j+1].s:toks[j+1].e]) {
						j += 2
						continue
					}
					// "Advisor to the Head of the Office …", "Ambassador to the
					// United Nations …": a title's remit after "to (the)"
					if !x.punct && xw == "to" && (titleWords[toks[j-1].lw] || toks[j-1].lw == "advisor" || toks[j-1].lw == "adviser") && !weakTitle[toks[j-1].lw] && j+2 < len(toks) {
						nx := j + 1
						if toks[nx].lw == "the" {
							nx++
						}
						if nx < len(toks) && !toks[nx].punct && isCap(t[toks[nx].s:toks[nx].e]) {
							j = nx + 1
							continue
						}
					}
					if !x.punct && xw == "of" && j+2 < len(toks) && t[toks[j+1].s:toks[j+1].e] == "the" && !toks[j+2].punct && isCap(t[toks[j+2].s:toks[j+2].e]) {
						j += 3
						continue
					}
					// initials and titles: "J." or "Dr." before a capitalized word
					if x.punct && t[x.s] == '.' && x.s == toks[j-1].e && (utf8.RuneCountInString(t[toks[j-1].s:toks[j-1].e]) == 1 || abbrevs[toks[j-1].lw]) && j+1 < len(toks) && isCap(t[toks[j+1].s:toks[j+1].e]) {
						j++
						continue
					}
					break
				}
				if k := personOfOrg(toks[i:j]); k > 0 {
					// "Ana Ruiz of the Lisbon Institute": a person and her institution
					if n, ok := classifyRun(t, toks[i:i+k], runOpensSentence(t, toks, i)); ok {
						out = append(out, n)
					}
					k++
					if toks[i+k].lw == "the" {
						k++
					}
					if n, ok := classifyRun(t, toks[i+k:j], false); ok {
						out = append(out, n)
					}
					i = j
					continue
				}
				if n, ok := classifyRun(t, toks[i:j], runOpensSentence(t, toks, i)); ok {
					out = append(out, n)
				}
				i = j
			}
		}
	}
	placesByContext(t, out)
	resolveAliases(t, out)
	return out
}

// thingWords end names of documents, events and formats, never people.
var thingWords = setOf(`memorandum agreement accord accords treaty declaration format protocol charter
convention resolution initiative doctrine plan process summit talks conference war corridor`)

// locatives are words before a place name: "in Kiryat Shmona", "near El
// Fasher". A capitalized pair that ever follows one is a place.
var locatives = setOf(`in near outside inside around across towards toward`)

// placesByContext turns person names that follow a locative anywhere in
// the document into places, with every other mention of the same name: a
// town unknown to the lexicon looks like a first name and a surname.
func placesByContext(t string, names []Name) {
	var seen map[string]bool
	for i := range names {
		n := &names[i]
		if n.Kind != NamePerson || n.alias || n.Role != "" || n.gender != 0 || strings.IndexByte(n.Name, ' ') < 0 {
			continue
		}
		if _, poss := stripPossessive(n.Text); poss {
			continue // "in Ana Ruiz's view"
		}
		k := n.startByte
		for k > 0 && t[k-1] == ' ' {
			k--
		}
		j := k
		for j > 0 && t[j-1] >= 'a' && t[j-1] <= 'z' {
			j--
		}
		if j < k && (j == 0 || t[j-1] == ' ' || t[j-1] == '\n') && locatives[t[j:k]] {
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[n.Name] = true
		}
	}
	if seen == nil {
		return
	}
	for i := range names {
		if n := &names[i]; n.Kind == NamePerson && seen[n.Name] {
			n.Kind = NamePlace
		}
	}
}

// tanSri reports the Malaysian honorific "Tan Sri" ending at word i (prev,
// w the lower-cased words i-1 and i): "Sri" alone is a given name and
// "Tan" a surname.
func tanSri(prev, w string, i int) bool {
	return i > 0 && w == "sri" && prev == "tan"
}

// personOfOrg returns the index of "of" in a capitalized run that is a
// person followed by the organization they belong to ("Ana Ruiz of the
// Lisbon Institute for Peace"), or 0: two or three name words before "of"
// (no organization, title or place word among them) and after it an
// organization word, only places, or "the" and a name.
func personOfOrg(run []tok) int {
	k := 0
	for k < len(run) && run[k].lw != "of" {
		k++
	}
	// leading honorifics and titles: "Dr Ana Ruiz of the Lisbon
	// Institute", "Professor Ana Ruiz of Keio University"
	h := 0
	for h < k && (honorifics[run[h].lw] || titleWords[run[h].lw] && !weakTitle[run[h].lw]) {
		h++
		if h < k && run[h].punct && run[h].lw == "." {
			h++
		}
	}
	if k-h < 2 || k-h > 3 || k+1 >= len(run) {
		return 0
	}
	for _, x := range run[h:k] {
		if x.punct || stopCaps[x.lw] || orgWords[x.lw] || titleWords[x.lw] || places[x.lw] || knownOrgs[x.lw] || stateWords[x.lw] {
			return 0
		}
	}
	allPlaces := true
	for _, x := range run[k+1:] {
		lw, _ := stripPossessive(x.lw)
		if orgWords[lw] {
			return k
		}
		if !places[lw] && lw != "the" {
			allPlaces = false
		}
	}
	if allPlaces {
		return k // "Ana Ruiz of Testland"
	}
	// "Ana Ruiz of Sierra Leone": a short tail that ends with a place
	if tail := run[k+1:]; len(tail) <= 3 && places[tail[len(tail)-1].lw] {
		for _, x := range tail {
			if x.punct {
				return 0
			}
		}
		return k
	}
	// "Tariq Ahmad Lone of Kupwara": a three-word name and a one-word
	// place the lexicon does not know
	if k-h == 3 && len(run) == k+2 && !run[k+1].punct && !abstractNoun(run[k+1].lw) {
		return k
	}
	if run[k+1].lw == "the" && k+2 < len(run) {
		for _, x := range run[:k] {
			if abstractNoun(x.lw) {
				return 0 // "European Integration of the Republic of …"
			}
		}
		return k // "Levon Harutyunyan of the Republic Now party"
	}
	return 0
}

// runOpensSentence reports a token that opens its sentence, or the sentence
// of a quotation: “Sending European troops …”.
func runOpensSentence(t string, toks []tok, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	if !p.punct {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[p.s:p.e])
	return isOpeningMark(r) && (i == 1 || toks[i-2].punct)
}

// placeGivenNames are place names that are also common first names.
var placeGivenNames = setOf(`jordan georgia chad victoria florence israel paris sydney austin dallas madison
savannah india lincoln kenya jackson orlando salem chelsea adelaide`)

// geoWords follow a place in the name of a feature or district: "Jordan
// Valley", "Paris Region".
var geoWords = setOf(`valley river basin sea lake gulf mountains mountain hills region province district border
crossing gate street square bridge airport port city town county state strip bank coast plain desert`)

// honorifics come before a person's name and are not part of it.
var honorifics = setOf(`dr prof mr mrs ms sir dame bo daw`)

// abstractNoun says a capitalized word is a common noun by its ending
// ("Integration", "Development", "Security"), never a personal name.
func abstractNoun(lw string) bool {
	for _, suf := range abstractSuffixes {
		if len(lw) > len(suf)+2 && strings.HasSuffix(lw, suf) {
			return true
		}
	}
	return false
}

var abstractSuffixes = []string{"tion", "sion", "ment", "ity", "ism", "ance", "ence", "ship", "ness", "ture", "ics", "ing", "ies", "ers"}

// stateWords open names of states, not people: "Democratic Republic of
// the Congo", "United Kingdom of …".
var stateWords = setOf(`republic kingdom democratic united islamic federal federated people's peoples
commonwealth principality grand sultanate emirate union`)

// classifyRun turns a capitalized run into a Name. first says the run opens
// its sentence, where a capital proves nothing.
func classifyRun(t string, run []tok, first bool) (Name, bool) {
	// drop leading sentence words ("But", "The") and trailing punctuation
	for len(run) > 0 && (run[0].punct || stopCaps[run[0].lw] || weekDays[run[0].lw] && len(run) > 1) {
		run = run[1:]
	}
	// "Sending European troops …": a gerund opening the sentence
	if first && len(run) > 1 && len(run[0].lw) > 5 && strings.HasSuffix(run[0].lw, "ing") && !run[0].punct {
		run = run[1:]
	}
	for len(run) > 0 && run[len(run)-1].punct {
		run = run[:len(run)-1]
	}
	if len(run) == 0 {
		return Name{}, false
	}
	n := Name{startByte: run[0].s, endByte: run[len(run)-1].e, Kind: NameOther, initial: first && len(run) > 0}
	n.Text = t[n.startByte:n.endByte]
	last := run[len(run)-1].lw
	lastBare, _ := stripPossessive(last)
	// a person with a long title: "Head of the Office of the President Ana Ruiz"
	if len(run) >= 4 {
		a, b := run[len(run)-2].lw, lowBare(t, run[len(run)-1])
		hasTitle := false
		for _, x := range run[:len(run)-2] {
			if lw := x.lw; titleWords[lw] && !weakTitle[lw] {
				hasTitle = true
			}
		}
		if hasTitle && !orgWords[a] && !orgWords[b] && !titleWords[a] && !titleWords[b] && !places[a] && !places[b] {
			goto person
		}
	}
	// organizations
	for _, x := range run {
		lw, _ := stripPossessive(x.lw)
		if orgWords[lw] || (len(run) == 1 && knownOrgs[lw]) {
			n.Kind = NameOrganization
			n.Name = trimPossessive(n.Text)
			n.nameByte = seg{n.startByte, n.endByte}
			return n, true
		}
	}
	if len(run) == 2 && compassWords[run[0].lw] && !titleWords[run[1].lw] {
		// "North Kivu", "South Ossetian": a region, not a person
		n.Kind = NamePlace
		n.Name = trimPossessive(n.Text)
		n.nameByte = seg{n.startByte, n.startByte + len(n.Name)}
		return n, true
	}
	if len(run) == 1 {
		w := t[run[0].s:run[0].e]
		bare, _ := stripPossessive(w)
		lw := lowBare(t, run[0])
		switch {
		case places[lw]:
			n.Kind = NamePlace
		case monthsDays[lw]:
			return Name{}, false
		case isAcronym(bare):
			if lw == "us" || lw == "uk" {
				n.Kind = NamePlace
			} else {
				n.Kind = NameOrganization
			}
		case titleWords[lw]:
			n.Kind = NameOther
		}
		n.Name = bare
		n.nameByte = seg{run[0].s, run[0].s + len(bare)}
		return n, true
	}
person:
	// strip titles: "US Secretary of State", "President of Russia",
	// "Information Minister": everything up to the last title word
	k := 0
	var roleParts []string
	lastTitle := -1
	for x := 0; x < len(run)-2; x++ {
		if lw := run[x].lw; titleWords[lw] && !weakTitle[lw] || tanSri(run[max(x-1, 0)].lw, lw, x) {
			lastTitle = x
		}
	}
	if lastTitle >= 0 {
		for k <= lastTitle {
			roleParts = append(roleParts, t[run[k].s:run[k].e])
			k++
		}
		// "President of Testland Ana Ruiz"
		if k+2 < len(run) && run[k].lw == "of" {
			roleParts = append(roleParts, t[run[k].s:run[k].e], t[run[k+1].s:run[k+1].e])
			k += 2
		}
		// "Deputy Mayor for Digital Affairs Ana Ruiz": the remit runs up to
		// the name, its last two words
		if run[k].lw == "for" && len(run)-k >= 4 {
			for k < len(run)-2 {
				roleParts = append(roleParts, t[run[k].s:run[k].e])
				k++
			}
		}
	}
	// "Labour’s Shira Katzir", "Religious Zionism’s Avichai Ben-Tzur": a
	// possessive owner before a full name is not part of it
	for p := len(run) - 3; p >= k; p-- {
		if _, ok := stripPossessive(run[p].lw); ok {
			for k <= p {
				roleParts = append(roleParts, t[run[k].s:run[k].e])
				k++
			}
			break
		}
	}
	for k < len(run)-1 {
		lw := run[k].lw
		if titleWords[lw] || isAcronym(t[run[k].s:run[k].e]) && k+2 < len(run) {
			roleParts = append(roleParts, t[run[k].s:run[k].e])
			k++
			continue
		}
		if k+1 < len(run)-1 && nationalityLow(lowTok(t, run[k])) && titleWords[run[k+1].lw] {
			roleParts = append(roleParts, t[run[k].s:run[k].e])
			k++
			continue
		}
		if k > 0 && places[lw] && k+2 <= len(run)-1 {
			roleParts = append(roleParts, t[run[k].s:run[k].e])
			k++
			continue
		}
		break
	}
	for k < len(run)-1 && run[k].punct {
		k++
	}
	// "Ethiopian Tigist Alemu": a nationality before a full name
	if len(run)-k >= 3 && nationalityLow(lowTok(t, run[k])) && !run[k+1].punct && !run[k+2].punct {
		roleParts = append(roleParts, t[run[k].s:run[k].e])
		k++
	}
	// the rest of a title: "of the Testland Federation Ana Ruiz"
	for k > 0 && len(run)-k > 2 {
		lw := run[k].lw
		if places[lw] || orgWords[lw] || titleWords[lw] || nationalityLow(lowTok(t, run[k])) && titleWords[run[k-1].lw] {
			roleParts = append(roleParts, t[run[k].s:run[k].e])
			k++
			continue
		}
		break
	}
	if ns, ok := remitStart(t, run, k); !ok {
		n.Kind, n.Name, n.Role = NameOther, "", n.Text // "President of the Slovak Republic"
		n.nameByte = seg{run[k].s, run[len(run)-1].e}
		return n, true
	} else if ns > k {
		for _, x := range run[k:ns] {
			roleParts = append(roleParts, t[x.s:x.e])
		}
		k = ns
	}
	rest := run[k:]
	if len(rest) == 1 && k > 0 && titleWords[rest[0].lw] {
		n.Kind, n.Name, n.Role = NameOther, "", n.Text // "the Head of State"
		n.nameByte = seg{rest[0].s, rest[0].e}
		return n, true
	}
	if len(rest) == 1 && k > 0 && places[lowBare(t, rest[0])] {
		// "the President of Ukraine": a role, not a name
		n.Kind = NameOther
		n.Name = ""
		n.Role = n.Text
		n.nameByte = seg{rest[0].s, rest[0].e}
		return n, true
	}
	if len(rest) == 1 && k > 0 {
		// "President Ruiz", "Foreign Minister Ruiz": a surname with a title
		w := t[rest[0].s:rest[0].e]
		bare, _ := stripPossessive(w)
		n.Kind = NamePerson
		n.Name = bare
		n.nameByte = seg{rest[0].s, rest[0].s + len(bare)}
		n.Role = strings.Join(roleParts, " ")
		n.alias = true
		return n, true
	}
	person := len(rest) >= 2
	for i, x := range rest {
		w, _ := stripPossessive(t[x.s:x.e])
		lw := lowBare(t, x)
		// "Jordan Pryce", "Georgia Hale": a place that is also a first name
		givenName := i == 0 && len(rest) >= 2 && placeGivenNames[lw] && !places[lowBare(t, rest[1])] && !orgWords[rest[1].lw] && !geoWords[lowBare(t, rest[1])] && !thingWords[lowBare(t, rest[1])]
		if places[lw] && !givenName || monthsDays[lw] && x == rest[len(rest)-1] || (isAcronym(w) && utf8.RuneCountInString(w) > 2) || stopCaps[lw] {
			person = false
		}
	}
	// "the Lisbon Memorandum", "the Minsk Format": a document or event
	if lw := lowBare(t, rest[len(rest)-1]); thingWords[lw] {
		person = false
	}
	// "Saudi Arabia": a two-word run opening with a nationality is a place
	if len(rest) == 2 && nationalities[rest[0].lw] {
		person = false
	}
	_ = lastBare
	nb := seg{rest[0].s, rest[len(rest)-1].e}
	name := t[nb.s:nb.e]
	if bare, ok := stripPossessive(name); ok {
		nb.e -= len(name) - len(bare)
		name = bare
	}
	n.Name = name
	n.nameByte = nb
	n.Role = strings.Join(roleParts, " ")
	if !person && len(rest) >= 2 && places[lowBare(t, rest[len(rest)-1])] && len(roleParts) == 0 {
		// "North Testland", "Saudi Arabia": a place of two or more words
		n.Kind = NamePlace
	}
	if person {
		n.Kind = NamePerson
		switch run[0].lw {
		case "mr", "mr.", "sir", "lord", "king", "prince":
			n.gender = 'm'
		case "mrs", "mrs.", "ms", "ms.", "lady", "dame", "queen", "princess":
			n.gender = 'f'
		}
	}
	return n, true
}

// lowTok returns the token's text in lower case, lower(t[x.s:x.e]): the
// lower-case form tokens made, for a word.
func lowTok(t string, x tok) string {
	if !x.punct {
		return x.lw
	}
	return lower(t[x.s:x.e])
}

// lowBare returns lower(trimPossessive(t[x.s:x.e])) without lowering
// again when the token has no possessive ending.
func lowBare(t string, x tok) string {
	if b, ok := stripPossessive(t[x.s:x.e]); ok {
		return lower(b)
	}
	return lowTok(t, x)
}

func trimPossessive(s string) string {
	b, _ := stripPossessive(s)
	return b
}

// isAcronym reports an all-capitals word of two to six letters (ELN, NATO).
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) && r != '.' {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// resolveAliases links single-word person mentions and surnames with
// titles to the full names used in the same document, preferring the most
// recent earlier full name, then the first later one.
func resolveAliases(t string, names []Name) {
	// the lower-case first and last words of each full person name, from
	// one lowering of the name (lowering maps ' ' and nothing else to ' ')
	firstLow := make([]string, len(names))
	lastLow := make([]string, len(names))
	for i, n := range names {
		if n.Kind == NamePerson && !n.alias && strings.ContainsRune(n.Name, ' ') {
			l := lower(n.Name)
			firstLow[i] = l[:strings.IndexByte(l, ' ')]
			lastLow[i] = l[strings.LastIndexByte(l, ' ')+1:]
		}
	}
	byFirst := map[string]int{}
	for i, n := range names {
		if n.Kind == NamePerson && !n.alias && strings.ContainsRune(n.Name, ' ') {
			if _, ok := byFirst[firstLow[i]]; !ok {
				byFirst[firstLow[i]] = i
			}
		}
	}
	// "Abou Chacra" after "Juliette Abou Chacra": a full name that opens
	// with a surname particle and ends a longer one is its surname, in
	// several words (not "Kimbal Musk" after a wrongly joined "SpaceX
	// Kimbal Musk")
	longer := map[string]int{}
	for i, n := range names {
		if firstLow[i] == "" {
			continue
		}
		l := lower(n.Name)
		for k := strings.IndexByte(l, ' '); k >= 0; {
			suf := l[k+1:]
			if !strings.ContainsRune(suf, ' ') {
				break
			}
			if _, ok := longer[suf]; !ok {
				longer[suf] = i
			}
			next := strings.IndexByte(suf, ' ')
			k += next + 1
		}
	}
	lowerSeen := map[string]bool{} // lowerInText by extra words, each computed once
	for i := range names {
		n := &names[i]
		if firstLow[i] == "" {
			continue
		}
		j, ok := longer[lower(n.Name)]
		if !ok || j == i || !surnameParticles[firstLow[i]] {
			continue
		}
		extra := names[j].Name[:len(names[j].Name)-len(n.Name)]
		common, seen := lowerSeen[extra]
		if !seen {
			common = lowerInText(t, extra)
			lowerSeen[extra] = common
		}
		if !common {
			n.Role = firstNonEmpty(n.Role, names[j].Role)
			n.Name = names[j].Name
			n.alias = true
			if n.gender == 0 {
				n.gender = names[j].gender
			}
			firstLow[i], lastLow[i] = "", ""
		}
	}
	full := map[string]int{} // surname -> index of most recent full name
	firstFull := map[string]int{}
	for i, n := range names {
		if n.Kind == NamePerson && !n.alias && strings.ContainsRune(n.Name, ' ') {
			if _, ok := firstFull[lastLow[i]]; !ok {
				firstFull[lastLow[i]] = i
			}
		}
	}
	for i := range names {
		n := &names[i]
		if n.Kind == NamePerson && !n.alias && strings.ContainsRune(n.Name, ' ') {
			full[lastLow[i]] = i
			continue
		}
		if n.Kind == NamePlace || n.Kind == NameOrganization || strings.ContainsRune(n.Name, ' ') {
			continue
		}
		ln := lower(n.Name)
		j, ok := full[ln]
		if !ok {
			j, ok = firstFull[ln]
		}
		if !ok {
			j, ok = byFirst[ln]
		}
		if ok {
			n.Kind = NamePerson
			n.Role = firstNonEmpty(n.Role, names[j].Role)
			n.Name = names[j].Name
			n.alias = true
			if n.gender == 0 {
				n.gender = names[j].gender
			}
		}
	}
}

// surnameParticles open surnames of several words: "Abu Sharkh", "van der
// Berg", "Haji Omer".
var surnameParticles = setOf(`abu abou al el bin ben ibn ould van von de da di del della der la le haji hajji mac`)

// lowerInText reports a word of ws that t also has in lower case, as a
// word: "Democracy" in "Democracy Ana Ruiz" is no given name when the text
// speaks of democracy.
func lowerInText(t, ws string) bool {
	for _, w := range strings.Fields(ws) {
		l := strings.ToLower(w)
		if l == w {
			continue
		}
		for i := 0; ; {
			k := strings.Index(t[i:], l)
			if k < 0 {
				break
			}
			a, b := i+k, i+k+len(l)
			if (a == 0 || !isWordRune(runeBefore(t, a))) && (b == len(t) || !isWordRune(firstRune(t[b:]))) {
				return true
			}
			i = b
		}
	}
	return false
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// particleName reports "al-Najjar", "el-Naggar", "bin-Salman": a lower-case
// particle joined to a capitalized name.
func particleName(w string) bool {
	// the first '-' or '‑' (strings.IndexAny with a non-ASCII rune decodes
	// every rune; this token test runs after every capitalized word)
	k := strings.IndexByte(w, '-')
	if k2 := strings.Index(w, "‑"); k2 >= 0 && (k < 0 || k2 < k) {
		k = k2
	}
	if k <= 0 || k > 4 || k+1 >= len(w) {
		return false
	}
	return nameConnectors[w[:k]] && isCap(w[k+1:])
}

// nationality reports an adjective of nationality by its ending (Armenian,
// Lebanese, Turkish, Israeli).
func nationality(w string) bool { return nationalityLow(lower(w)) }

// nationalityLow is nationality of a word already in lower case.
func nationalityLow(lw string) bool {
	if nationalities[lw] {
		return true
	}
	for _, suf := range []string{"ian", "ean", "ese", "ish", "ican"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf)+2 {
			return true
		}
	}
	return false
}

// weakTitle are title words that also occur inside names and organizations.
var weakTitle = setOf(`the of for and on state us u.s. uk eu un nato russian ukrainian american french german
british israeli palestinian chinese national special`)

var nationalities = setOf(`israeli iraqi pakistani saudi qatari emirati yemeni somali bangladeshi kuwaiti omani
nepali greek cypriot thai dutch french swiss czech polish turkish british irish welsh scottish afghan
german moroccan sudanese chinese japanese lebanese`)

// compassWords open two-word region names ("North Kivu").
var compassWords = setOf(`north south east west northern southern eastern western central`)

var weekDays = setOf(`monday tuesday wednesday thursday friday saturday sunday`)
