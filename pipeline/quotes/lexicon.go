package quotes

import "strings"

// The lexicons below are general English news vocabulary: speech verbs,
// titles, role nouns and organization words. They name no person.

// cueForms maps each speech-verb form to true when the form can introduce a
// finite reported clause (indirect speech), false when it only attributes a
// direct quote ("asked", "quipped").
var cueForms = buildCues()

func buildCues() map[string]bool {
	m := map[string]bool{}
	// clause-taking verbs: base forms with regular or listed inflections.
	clause := []string{
		"say:says:said:saying", "tell:tells:told:telling", "add:adds:added:adding",
		"explain:explains:explained:explaining", "state:states:stated:stating",
		"insist:insists:insisted:insisting", "warn:warns:warned:warning",
		"argue:argues:argued:arguing", "stress:stresses:stressed:stressing",
		"acknowledge:acknowledges:acknowledged:acknowledging", "note:notes:noted:noting",
		"claim:claims:claimed:claiming", "emphasize:emphasizes:emphasized:emphasizing",
		"emphasise:emphasises:emphasised:emphasising", "assert:asserts:asserted:asserting",
		"declare:declares:declared:declaring", "announce:announces:announced:announcing",
		"confirm:confirms:confirmed:confirming", "admit:admits:admitted:admitting",
		"concede:concedes:conceded:conceding", "maintain:maintains:maintained:maintaining",
		"suggest:suggests:suggested:suggesting", "reiterate:reiterates:reiterated:reiterating",
		"repeat:repeats:repeated:repeating", "reply:replies:replied:replying",
		"respond:responds:responded:responding", "answer:answers:answered:answering",
		"write:writes:wrote:writing", "recall:recalls:recalled:recalling",
		"remark:remarks:remarked:remarking", "observe:observes:observed:observing",
		"underline:underlines:underlined:underlining", "underscore:underscores:underscored:underscoring",
		"caution:cautions:cautioned:cautioning", "complain:complains:complained:complaining",
		"contend:contends:contended:contending", "predict:predicts:predicted:predicting",
		"promise:promises:promised:promising", "vow:vows:vowed:vowing",
		"pledge:pledges:pledged:pledging", "comment:comments:commented:commenting",
		"conclude:concludes:concluded:concluding", "clarify:clarifies:clarified:clarifying",
		"counter:counters:countered:countering", "reveal:reveals:revealed:revealing",
		"disclose:discloses:disclosed:disclosing", "indicate:indicates:indicated:indicating",
		"signal:signals:signaled:signalled:signaling:signalling", "hint:hints:hinted:hinting",
		"agree:agrees:agreed",
		"estimate:estimates:estimated", "report:reports:reported", "testify:testifies:testified",
		"assure:assures:assured:assuring", "reaffirm:reaffirms:reaffirmed:reaffirming",
		"allege:alleges:alleged", "tweet:tweets:tweeted", "post:posts:posted",
		"highlight:highlights:highlighted:highlighting", "point:points:pointed:pointing",
		"deny:denies:denied", "protest:protests:protested", "mention:mentions:mentioned",
		"affirm:affirms:affirmed", "contend:contends:contended", "specify:specifies:specified",
		"brief:briefs:briefed", "inform:informs:informed", "announce:announces:announced",
		"concur:concurs:concurred", "forecast:forecasts", "predict:predicts:predicted",
	}
	for _, g := range clause {
		for _, f := range strings.Split(g, ":") {
			m[f] = true
		}
	}
	// verbs that attribute direct quotes but rarely take a reported clause.
	direct := []string{
		"ask:asks:asked:asking", "wonder:wonders:wondered", "quip:quips:quipped",
		"joke:jokes:joked", "shout:shouts:shouted", "yell:yells:yelled",
		"exclaim:exclaims:exclaimed", "cry:cries:cried", "sigh:sighs:sighed",
		"laugh:laughs:laughed", "snap:snaps:snapped", "retort:retorts:retorted",
		"continue:continues:continued", "recount:recounts:recounted",
		"describe:describes:described:describing", "call:calls:called:calling",
		"tell:tells", "put:puts", "go:goes:went", "begin:begins:began",
		"whisper:whispers:whispered", "murmur:murmurs:murmured", "plead:pleads:pleaded",
		"scoff:scoffs:scoffed", "boast:boasts:boasted", "interject:interjects:interjected",
		"chime:chimes:chimed", "dismiss:dismisses:dismissed", "mock:mocks:mocked",
		"lament:laments:lamented", "muse:muses:mused", "rage:rages:raged",
		"thunder:thunders:thundered", "declare", "summarize:summarized",
		"summarise:summarised", "address:addresses:addressed",
		"urge:urges:urged:urging", "demand:demands:demanded", "accuse:accuses:accused",
		"criticize:criticizes:criticized", "criticise:criticises:criticised",
	}
	for _, g := range direct {
		for _, f := range strings.Split(g, ":") {
			if _, ok := m[f]; !ok {
				m[f] = false
			}
		}
	}
	return m
}

// cueParticle lists verbs that are cues only with a particle ("point out").
var cueParticle = map[string]string{"point": "out", "points": "out", "pointed": "out", "pointing": "out", "chime": "in", "chimed": "in"}

// weakCue lists cue forms that are also common non-speech words; they count
// as cues only right next to a quote or a speaker.
var weakCue = map[string]bool{
	"post": true, "posts": true, "posted": true, "report": true, "reports": true, "reported": true,
	"call": true, "calls": true, "called": true, "calling": true, "put": true, "puts": true,
	"go": true, "goes": true, "went": true, "begin": true, "begins": true, "began": true,
	"continue": true, "continues": true, "continued": true, "note": true, "notes": true,
	"state": true, "states": true, "claim": true, "claims": true, "point": true, "points": true,
	"fear": true, "fears": true, "think": true, "thinks": true, "thought": true, "answer": true,
	"answers": true, "reply": true, "comment": true, "comments": true, "address": true,
	"addresses": true, "demand": true, "demands": true, "brief": true, "signal": true, "signals": true,
	"protest": true, "protests": true, "counter": true, "forecast": true, "forecasts": true,
	"estimate": true, "estimates": true, "remark": true, "remarks": true, "pledge": true, "pledges": true,
	"promise": true, "promises": true, "tweet": true, "tweets": true, "cry": true, "laugh": true,
	"rage": true, "snap": true, "say": true, "tell": true, "add": true, "warn": true, "mention": true,
	"urge": true, "urged": true, "urges": true, "urging": true, "accuse": true, "accused": true, "accuses": true,
	"believe": true, "agree": true, "agreed": true, "agrees": true, "deny": true, "describe": true,
	"described": true, "describes": true, "describing": true, "dismiss": true, "dismissed": true,
	"dismisses": true, "inform": true, "informed": true, "highlight": true, "highlights": true,
	"maintain": true, "repeat": true, "reveal": true, "admit": true, "concede": true, "vow": true,
}

// tellVerbs take a person object before the reported clause.
var tellVerbs = map[string]bool{"told": true, "tell": true, "tells": true, "telling": true, "assured": true, "assures": true, "informed": true, "briefed": true, "reminded": true, "warned": true, "urged": true}

// pronouns that can refer to a speaker, with their grammatical number.
var speakerPronoun = map[string]string{"he": "he", "she": "she", "they": "they", "it": "it", "him": "he", "her": "she", "them": "they"}

// titleWords are words that precede a name as a title or role. Lower-cased.
var titleWords = setOf(`president vice prime minister ministers deputy foreign defence defense interior
secretary secretary-general general gen gen. lt lt. col col. colonel major maj. brigadier captain capt. admiral
commander chief head spokesman spokeswoman spokesperson envoy ambassador chancellor premier king queen prince
princess sheikh emir sultan mayor governor senator sen. rep. representative congressman congresswoman
mp speaker chairman chairwoman chair director ceo leader pope cardinal bishop archbishop rabbi imam patriarch
mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir lord lady dame judge justice attorney daw bo u
state us u.s. uk eu un nato russian ukrainian american french german british israeli palestinian chinese
special presidential national senior former acting interim top chief-of-staff adviser advisor aide
officer official commissioner representative negotiator mediator coordinator delegate analyst
economist researcher fellow member lawmaker legislator councillor councilor deputy-mayor candidate
the of for and on lieutenant sergeant marshal field air rear retired information reintegration
dep. deputy-minister commissioner-general spokesperson-general first lady inspector father
monsignor reverend rev rev. sister imam sheikh pastor bishop superintendent constable detective
madam u cheikh shaykh suldaan garaad ugaas pharmacist brig brig. maj-gen anchor host presenter
moderator atty atty. comandante commandant abune holiness mep meps mawlawi alhaji datuk seri
undersecretary under-secretary sociologist historian scientist psychologist lawyer academic activist
journalist columnist scholar questore prefect dutchman frenchman englishman scotsman
producer democrat republican socialist communist social pollster padre hajiya kumander
backbench backbencher conservative liberal td bai datu mirwaiz hadji haji ustaz sardar maulana
ashin padoh metropolitan coach ustadz abbé abbe`)

// roleNouns are the head nouns of role descriptions ("the Kremlin
// spokesman", "a senior official"). Lower-cased.
var roleNouns = setOf(`president minister secretary secretary-general spokesman spokeswoman spokesperson envoy ambassador
chancellor premier mayor governor senator official officials diplomat diplomats adviser advisor aide aides
officer officers commander general chief head leader negotiator negotiators mediator mediators source sources
analyst analysts expert experts economist researcher member lawmaker legislator councillor councilor
resident residents witness witnesses soldier soldiers commissioner representative delegate delegation
coordinator director chairman chairwoman chair ceo monitor monitors observer observers critic critics
reader readers participant participants journalist journalists reporter reporters correspondent activist
activists farmer teacher doctor nurse mother father woman man veteran student students worker workers
volunteer volunteers priest imam rabbi colonel captain sergeant lieutenant major admiral people officials
group line mission ministry army military government administration office council committee spokesmen
insider insiders person individual colleague colleagues ally allies partner partners counterpart candidate
`)

// orgWords mark a capitalized run as an organization.
var orgWords = setOf(`ministry department office council commission government army forces force agency
service committee party union organization organisation administration kremlin pentagon parliament congress
senate assembly court bank fund mission movement front alliance coalition embassy secretariat cabinet
presidency federation authority authorities police guard corps brigade battalion navy airforce command
institute university center centre foundation group company corporation news tv radio network channel
times post journal press agency bureau board directorate duma rada knesset bundestag nations nato hamas
hezbollah houthis taliban opec unicef unhcr who icrc osce eu un iaea imf delegation monitors staff
headquarters palace house ministry's wire monitor review weekly daily times post herald ledger tribune
gazette journal courier agency hospital clinic school association federation institute league club council's staff community team programme
forum conference society synod diocese archdiocese church tribunal observatory caucus holdings initiative
television broadcasting broadcaster`)

// knownOrgs are single-word organizations that speak in the news.
var knownOrgs = setOf(`reuters kremlin pentagon nato hamas hezbollah taliban houthis opec osce un eu iaea imf icrc
unicef unhcr who elysee élysée downing knesset duma rada bundestag politburo mossad fsb sbu cia fbi mi6
moscow kyiv kiev washington beijing london paris berlin brussels tehran ankara jerusalem damascus
tokyo seoul pyongyang delhi islamabad cairo doha riyadh baku yerevan tbilisi minsk warsaw`)

// places are common single-word place names that are never persons; they
// speak as organizations only through a cue ("Moscow said").
var places = setOf(`russia ukraine moscow kyiv kiev washington america europe china beijing israel gaza
lebanon syria iran iraq turkey france germany britain england poland belarus georgia armenia azerbaijan
moldova transnistria crimea donbas donbass donetsk luhansk kharkiv kherson zaporizhzhia mariupol odesa odessa
bakhmut london paris berlin brussels geneva vienna istanbul ankara tehran cairo doha qatar egypt jordan
yemen sudan ethiopia somalia kenya nigeria india pakistan kashmir afghanistan colombia venezuela mexico
brazil japan korea taiwan africa asia baku yerevan tbilisi minsk warsaw rome madrid tokyo seoul delhi
riyadh jerusalem tel aviv west bank rafah khan younis sanaa myanmar finland sweden norway denmark estonia
latvia lithuania hungary romania slovakia serbia kosovo bosnia croatia italy spain canada australia
caracas bogota bogotá havana beirut damascus baghdad kabul islamabad
albania algeria andorra angola argentina austria bahrain bangladesh belgium belize benin bhutan bolivia
botswana brunei bulgaria burundi cambodia cameroon chile congo cuba cyprus czechia djibouti ecuador eritrea
eswatini fiji gabon gambia ghana greece guatemala guinea guyana haiti honduras iceland indonesia ireland
kazakhstan kuwait kyrgyzstan laos lesotho liberia libya liechtenstein luxembourg madagascar malawi malaysia
maldives mali malta mauritania mauritius monaco mongolia montenegro morocco mozambique namibia nepal
netherlands nicaragua niger macedonia oman panama paraguay peru philippines portugal rwanda samoa senegal
seychelles singapore slovenia switzerland tajikistan tanzania thailand togo tonga tunisia turkmenistan
uganda uruguay uzbekistan vanuatu vietnam zambia zimbabwe arabia emirates zealand lanka leone salvador
ossetia abkhazia chechnya dagestan tigray darfur sahel`)

// monthsDays are capitalized words that are never names.
var monthsDays = setOf(`january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`)

// stopCaps are capitalized words that start sentences but are not names.
var stopCaps = setOf(`the a an this that these those it its he she they we i you our his her their my your
but and or so yet if when while as at in on of for to by with from after before since during under over
there here what who why how which where mr mrs ms dr however meanwhile still also even then now today
yesterday tomorrow asked speaking according earlier later last next some many most all both each every
no not one two three four five six seven eight nine ten first second third new former senior
despite although though because unless until once instead officials diplomats sources analysts
is are was were will would can could should do does did has have had may might must shall
more few several other such only just never nobody everyone everybody nothing let please thank thanks
yes no well ok okay indeed perhaps maybe already almost again together having therefore thus
along across beyond behind between among amid against toward towards through throughout inside outside near
hence short long given following whether either neither nor unlike like sometimes often`)

// turnWords are transcript labels that are not names.
var turnWords = map[string]string{
	"q": "journalist", "question": "journalist", "a": "", "answer": "",
	"moderator": "moderator", "host": "host", "interviewer": "interviewer", "journalist": "journalist",
	"reporter": "reporter", "spokesperson": "spokesperson", "spokesman": "spokesman",
	"spokeswoman": "spokeswoman", "correspondent": "correspondent", "audience": "audience member",
	"participant": "participant", "remark": "journalist", "comment": "journalist", "replica": "journalist",
}

// anonymous cue words: an indefinite role with one of these is anonymous.
var anonMarkers = []string{"condition of anonymity", "not to be named", "not be named", "not authorised", "not authorized", "declined to be named", "requested anonymity", "asked for anonymity"}

var abbrevs = setOf(`mr mrs ms dr st gen lt col sen rep gov jr sr prof no vs etc inc ltd corp co capt maj sgt adm cmdr
jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n e.u fig approx dept est mt ft`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// A lexClass is a set of the word lists above that a lower-case word is
// in, so a scanner that asks several lists about one word looks it up once.
type lexClass uint32

const (
	lexCue            lexClass = 1 << iota // a key of cueForms
	lexNPStop                              // npStops
	lexPrep                                // prepositions
	lexConnector                           // connectorWords
	lexObjectDet                           // objectDets
	lexRoleNoun                            // roleNouns
	lexOrgHead                             // orgHeads
	lexOrgWord                             // orgWords
	lexDeterminer                          // determiners
	lexTimeWord                            // timeWords
	lexMonthDay                            // monthsDays
	lexSubordinator                        // subordinators
	lexSubjectPronoun                      // subjectPronoun
	lexSpeakerPronoun                      // speakerPronoun
	lexAbbrev                              // abbrevs
)

// lexClasses maps each word of the lists to its classes; lexOf reads it
// through lexTable.
var lexClasses = func() map[string]lexClass {
	m := map[string]lexClass{}
	for w := range cueForms {
		m[w] |= lexCue
	}
	for w, p := range speakerPronoun {
		if p != "" {
			m[w] |= lexSpeakerPronoun
		}
	}
	for _, s := range []struct {
		set map[string]bool
		c   lexClass
	}{
		{npStops, lexNPStop}, {prepositions, lexPrep}, {connectorWords, lexConnector},
		{objectDets, lexObjectDet}, {roleNouns, lexRoleNoun}, {orgHeads, lexOrgHead},
		{orgWords, lexOrgWord}, {determiners, lexDeterminer}, {timeWords, lexTimeWord},
		{monthsDays, lexMonthDay}, {subordinators, lexSubordinator},
		{subjectPronoun, lexSubjectPronoun}, {abbrevs, lexAbbrev},
	} {
		for w, in := range s.set {
			if in {
				m[w] |= s.c
			}
		}
	}
	return m
}()

// lexFilter holds, by the length of a word (under 16 bytes) and its first
// byte, the last bytes of the words of the lists (both bytes reduced to
// five bits): a word whose bit is clear is in no list, which answers about
// half the questions without a map lookup.
var lexFilter = func() (f [16][32]uint32) {
	for w := range lexClasses {
		if w != "" && len(w) < len(f) {
			f[len(w)][w[0]&31] |= 1 << (w[len(w)-1] & 31)
		}
	}
	return
}()

// lexOf returns the lists that hold the lower-case word lw.
func lexOf(lw string) lexClass {
	if n := len(lw); n < len(lexFilter) && (n == 0 || lexFilter[n][lw[0]&31]&(1<<(lw[n-1]&31)) == 0) {
		return 0
	}
	return lexClasses[lw]
}
