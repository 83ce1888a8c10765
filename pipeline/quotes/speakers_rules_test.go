package quotes

import (
	"strings"
	"testing"
)

// TestSpeakerRules checks the speaker rules for organizations, acronyms,
// appositives, places and group sources on made-up sentences: each case
// names the quote by a prefix of its text and the speaker it must get.
func TestSpeakerRules(t *testing.T) {
	tests := []struct {
		name, text, quote, speaker, via string
	}{
		{"org name through for and and",
			"Storm season\n\nThe Lisbon Centre for Maritime Safety and Rescue said on Monday that two boats were still missing.",
			"two boats", "Lisbon Centre for Maritime Safety and Rescue", ViaOrganization},
		{"org name keeps a capitalized of-the tail",
			"Talks\n\nThe front lines have been largely quiet, the Office of the Special Envoy for Testland said on Friday.",
			"The front lines", "Office of the Special Envoy for Testland", ViaOrganization},
		{"a full name with its acronym in parentheses is the full name",
			"Rebels withdraw\n\nIn a statement, the Northern Valley Defence Front (NVDF) said:\n\n“We withdrew in accordance with the agreement.”",
			"We withdrew", "Northern Valley Defence Front", ViaOrganization},
		{"a description with its acronym in parentheses is the acronym",
			"Truce\n\nIn a statement, the UN mission in Testland (UNTM) said:\n\n“The truce is holding in every district.”",
			"The truce is holding", "UNTM", ViaOrganization},
		{"a full name with an on-phrase and an acronym appositive",
			"Talks\n\nSome text here.\n\nThe Regional Authority on Development, RAD, said the truce must become a settlement.",
			"the truce must", "Regional Authority on Development", ViaOrganization},
		{"an on-phrase of time is not part of a name",
			"Talks\n\nSome text here.\n\nThe Kremlin on Thursday said the plan could not be part of any settlement.",
			"the plan could", "Kremlin", ViaOrganization},
		{"a capitalized modifier names the organization",
			"Ships return\n\nSome text here.\n\nThe Porto Press Agency said that two ships had crossed the strait on Sunday.\n\nThe Zarqa movement said on Monday that the halt would continue as long as the siege stays lifted.",
			"the halt would", "Zarqa movement", ViaOrganization},
		{"an adverb after the subject is not part of it",
			"Talks\n\nSome text here.\n\nThe Testland Foreign Ministry later added that the talks were technical.",
			"the talks were", "Testland Foreign Ministry", ViaOrganization},
		{"an organization word after and",
			"Hostages\n\nSome text here.\n\nThe Hostages and Missing Families Forum said in a statement that every day counts.",
			"every day counts", "Hostages and Missing Families Forum", ViaOrganization},
		{"the Secretary-General named earlier",
			"Talks\n\nUN Secretary-General Ana Ruiz met the president in Porto.\n\nThe UN Secretary-General said that the evacuation must go on.",
			"the evacuation must", "Ana Ruiz", ViaAlias},
		{"acronym after the full name",
			"Aid\n\nThe Coastal Relief Agency sent two ships on Monday.\n\nThe CRA said it would send a third ship next week.",
			"it would send", "Coastal Relief Agency", ViaOrganization},
		{"acronym in an appositive",
			"Attack\n\n„We are investigating whether the attack breached the agreement,“ said the UN mission in the region, MINTESTO.",
			"We are investigating", "MINTESTO", ViaOrganization},
		{"long acronym alone",
			"Report\n\nUNTESTMIS said in its latest report that violations had increased over the past six months.",
			"violations had increased", "UNTESTMIS", ViaOrganization},
		{"modifier narrows the ministry",
			"Strikes\n\nThe defence ministry of the Testland government said the front was calm.\n\nThe airport reopened on Thursday afternoon, the transport ministry said.",
			"The airport", "transport ministry", ViaOrganization},
		{"org head ends before a verb",
			"Rates\n\nPORTO, Sept 12 — Testland’s central bank left its main rate unchanged on Thursday, saying inflation was falling more slowly than expected.",
			"inflation was falling", "Testland’s central bank", ViaOrganization},
		{"country as a speaker",
			"Talks\n\nSome text here.\n\nMongolia, which hosts the talks, said it would not attend the round table in March.",
			"it would not attend", "Mongolia", ViaOrganization},
		{"two-word country after a dateline",
			"Offer rejected\n\nSEOUL, Aug 5 (Wire) — North Korea on Tuesday rejected an offer of talks, saying the alliance made any dialogue meaningless.",
			"the alliance made", "North Korea", ViaOrganization},
		{"sentence-initial plural is a group source",
			"Markets\n\nSome text here.\n\nTraders say the uncertainty is already costing money.",
			"the uncertainty", "unknown", ViaAnonymous},
		{"plural owner is not the speaker",
			"Water\n\nSome text here. Farmers’ union leader Jorge Luis Pinto said growers had been promised extra water.",
			"growers had been", "Jorge Luis Pinto", ViaCue},
		{"her as a determiner",
			"Deal\n\n“Today we turn a page,” the foreign minister, Ana Lopes, said at the ceremony.\n\nHer Testland counterpart, Marco Pires, was more cautious. “We will implement it,” he said, “as long as the militia is neutralised.”",
			"We will implement", "Marco Pires", ViaPronoun},
		{"lone first name with a role appositive",
			"Front\n\nIvan Petrov said the army was tired. “We are tired,” he said.\n\nOleg, a drone operator, was angrier. He said:\n\n“We buried four men this month.”",
			"We buried", "Oleg", ViaPronoun},
		{"person of an organization",
			"Analysts\n\nSome text here.\n\nAna Ruiz of the Porto Institute for Regional Studies was more cautious: “The last ten percent has been ready for two years.”",
			"The last ten", "Ana Ruiz", ViaCue},
		{"person of a country",
			"Vote\n\nSome text here.\n\nSofia Pereira of Greece was equally hostile. „The report means troops,“ she said.\n\n„Europe should be sending diplomats,“ Pereira added.",
			"Europe should", "Sofia Pereira", ViaAlias},
		{"a place after a locative is not a person",
			"Front\n\nShelling continued in Vila Serrana overnight. Pedro Alves, a farmer, said the fields were burning.\n\nVila Serrana was quiet on Sunday. “We are tired of waiting,” he said.",
			"We are tired", "Pedro Alves", ViaPronoun},
		{"a country opened by a nationality is not a person",
			"Talks\n\n“We are ready for peace,” said Omar Haddad, a member of the delegation.\n\nAsked about Saudi demands, he was dismissive. “Saudi Arabia wants guarantees? The guarantee is that it stops bombing us,” he said.",
			"Saudi Arabia wants", "Omar Haddad", ViaPronoun},
		{"a Burmese honorific is a title",
			"Truce\n\nSome text here.\n\n“We will not recognise any agreement,” said Daw Aye Mya Thida, a spokeswoman for the movement.",
			"We will not", "Aye Mya Thida", ViaCue},
		{"a title's remit before the name",
			"Data\n\nSome text here.\n\n“Every file stays in the city,” said Deputy Mayor for Digital Affairs Lucie Morel.\n\n“These guarantees are written into the contract,” Morel said.",
			"These guarantees", "Lucie Morel", ViaAlias},
		{"an attributive cue is not a cue",
			"Truce\n\nSome text here.\n\nAccording to the Verification Mission, most of the 14 alleged violations were minor incidents.",
			"most of the 14", "Verification Mission", ViaOrganization},
		{"an appositive after an according-to organization is no part of it",
			"Strikes\n\nSome text here.\n\nAccording to the Delta Relief Network, a local monitoring group, more than 60 civilians were killed in March alone.",
			"more than 60", "Delta Relief Network", ViaOrganization},
		{"a common-noun owner is not part of the name",
			"Border\n\nSome text here.\n\nThe navy's Southern Fleet Command said the patrol boats had returned to port.",
			"the patrol boats", "Southern Fleet Command", ViaOrganization},
		{"a regional modifier is not part of the name",
			"Vote\n\nSome text here.\n\nThe western-based Assembly of Deputies said it rejected the new budget.",
			"it rejected", "Assembly of Deputies", ViaOrganization},
		{"a Burmese U is an honorific",
			"Truce\n\nSome text here.\n\n“The talks will go on,” said U Min Thura, a member of the committee.",
			"The talks will", "Min Thura", ViaCue},
		{"a Somali clan title is an honorific",
			"Elders\n\nSome text here.\n\n“The wells are shared again,” said Suldaan Abdi Warsame, who chaired the meeting.",
			"The wells are", "Abdi Warsame", ViaCue},
		{"a profession before the name is a title",
			"Shortages\n\nSome text here.\n\n“We have no insulin left,” said Pharmacist Marta Kovac, standing behind an empty counter.",
			"We have no", "Marta Kovac", ViaCue},
		{"the Head of State is the president who has been speaking",
			"Visit\n\nPresident of Testland Ivan Marek met President of Nordland Karl Berg on Monday. Karl Berg arrived late. Karl Berg left early. Karl Berg spoke to the press.\n\n“We want guarantees on paper,” Ivan Marek said.\n\n“The referendum will come later,” the Head of State said.",
			"The referendum", "Ivan Marek", ViaAlias},
		{"a team is an organization",
			"Truce\n\nSome text here.\n\nThe navy's information team said in a statement that the truce would be extended until May.",
			"the truce would", "navy's information team", ViaOrganization},
		{"a statement from an organization",
			"Truce\n\nSome text here.\n\nThe two sides had agreed to extend the truce until May, according to a statement from the Coastal Relief Agency.",
			"The two sides", "Coastal Relief Agency", ViaOrganization},
		{"the statement is its issuer",
			"Truce\n\nSome text here.\n\nThe Northern Monitoring Agency said in a brief statement that it had recorded no violations. The statement said its mandate did not extend to political disputes.",
			"its mandate did not", "Northern Monitoring Agency", ViaOrganization},
		{"an owner's statement is the owner",
			"Truce\n\nSome text here.\n\n„Both sides must stop firing now,“ the Testland Foreign Ministry's statement said.",
			"Both sides must", "Testland Foreign Ministry", ViaOrganization},
		{"a compass region is not a pronoun antecedent",
			"Front\n\nPedro Alves, a farmer, said the fields were burning.\n\nNorth Valeria was quiet on Sunday. “We will not leave our land,” he said.",
			"We will not leave", "Pedro Alves", ViaPronoun},
		{"a community is an organization, not a pronoun antecedent",
			"Summit\n\nMarco Dias, the rebel spokesman, rejected the plan. The Southern Lakes Community had proposed a truce.\n\n“No truce until they withdraw,” he said.",
			"No truce", "Marco Dias", ViaPronoun},
		{"an owner is not the organization it owns",
			"Truce\n\nTestland’s military government said it was ready for talks. The two sides agreed to extend the truce, according to a statement from the military’s press team.\n\nThe military said the vote would take place in phases.",
			"the vote would", "Testland’s military government", ViaOrganization},
		{"a title with its remit and no name is not a person",
			"Roads\n\nMinister of Infrastructure Rui Tavares said the roads would reopen. President Ana Ruiz said the bridges were next. The Minister of Infrastructure noted that the railway was being repaired.",
			"the railway was", "Rui Tavares", ViaAlias},
		{"the official is the person who spoke last",
			"Roads\n\nPresident Ana Ruiz said the bridges were next. Ana Ruiz also said the ports were open. Minister Rui Tavares said the roads would reopen. According to the official, the railway is being repaired.",
			"the railway is", "Rui Tavares", ViaAlias},
		{"an honorific before a person of an institution",
			"Junta\n\nSome text here.\n\n“Is a ceasefire possible before the election?” asked Dr Ana Ruiz of Lisbon University.",
			"Is a ceasefire", "Ana Ruiz", ViaCue},
		{"a Burmese honorific is not part of the name",
			"Junta\n\nSome text here.\n\n“A ceasefire with the junta is a rope around our necks,” said Bo Kyaw Zeya, a resistance commander.",
			"A ceasefire with", "Kyaw Zeya", ViaCue},
		{"a gerund opening a quoted sentence is not a name",
			"Troops\n\nSome text here.\n\nA senior European diplomat in Brussels said planning would go on.\n\nA lawmaker, Rui Tavares, told radio: “Sending European soldiers is the fastest way to widen the war.”\n\n“Nobody gets a veto,” the diplomat said.",
			"Nobody gets a veto", "unknown", ViaAnonymous},
		{"a plural possessive inside an organization's name",
			"Letter\n\nThe Testland Veterans' Union, which represents many, published a letter.\n\nIn the letter, the Union states that its members will not accept the ceasefire.",
			"its members will", "Testland Veterans' Union", ViaOrganization},
		{"a short sentence after the quote attributes it",
			"Talks\n\nThe rebels accused the army of breaching the ceasefire. «We remain bound by the ceasefire.» Rebel spokesman Rui Tavares wrote on X.\n\nMore text.",
			"We remain bound", "Rui Tavares", ViaCue},
		{"who after a name and its appositive",
			"Talks\n\nSome text here.\n\nA harder line came from Col. Rui Tavares, a rebel field commander, who told fighters in a video: “We did not come this far to hand the city back.”",
			"We did not come", "Rui Tavares", ViaCue},
		{"a long title with a remit before the name",
			"Corridors\n\nCorridors were agreed. This was announced by Deputy Prime Minister - Minister for Reintegration of the Temporarily Occupied Territories Ana Ruiz. According to the Deputy Prime Minister, people can turn to humanitarian headquarters.",
			"people can turn", "Ana Ruiz", ViaAlias},
		{"the president of a country named by its adjective",
			"Talks\n\nPresident of Testland Rui Tavares hosted talks on Monday. Rui Tavares said the talks were useful. President of the Slovak Republic Ana Ruiz arrived in the capital on Sunday. The President of Slovakia stressed that her country had supported Testland.",
			"her country had", "Ana Ruiz", ViaAlias},
		{"an adviser to the head is not the head",
			"Briefing\n\nPresident Rui Tavares remains in the capital. This was said by Advisor to the Head of the Office of the President Ana Ruiz at a briefing. “This applies to each piece of our land,” said Advisor to the Head of the President's Office.",
			"This applies", "Ana Ruiz", ViaAlias},
		{"a pronoun right before the cue after an adjunct",
			"Truce\n\nSome text here.\n\nThe foreign minister, Ana Ruiz, called the truce a stunt. In a post on X she wrote that Testland had proposed a longer halt weeks ago.",
			"Testland had proposed", "Ana Ruiz", ViaPronoun},
		{"a place that is also a first name",
			"Derby\n\nThe match ended 1-1.\n\nThe club's captain, Jordan Pryce, said the draw gave his side peace of mind.",
			"the draw gave", "Jordan Pryce", ViaCue},
		{"a place says which embassy",
			"Troops\n\nSome text here.\n\nThe Testland embassy in Lisbon said any foreign troops would be legitimate targets.",
			"any foreign troops", "Testland embassy in Lisbon", ViaOrganization},
		{"an organization with a name of its own drops the owner",
			"Ships\n\nSome text here.\n\nSudan’s Zarqa movement said its truce applied only to cargo ships.",
			"its truce applied", "Zarqa movement", ViaOrganization},
		{"an organization whose name names its country drops the owner",
			"Ships\n\nSome text here.\n\nThe North’s Korean Central News Agency said the talks were a trap.",
			"the talks were", "Korean Central News Agency", ViaOrganization},
		{"a formal name keeps its owner",
			"Wounded\n\nSome text here.\n\nPorto’s Emergency Medicine Centre said 112 people had been wounded.",
			"112 people", "Porto’s Emergency Medicine Centre", ViaOrganization},
		{"a capitalized plural possessive before an organization word",
			"Wages\n\nSome text here.\n\nThe Testland Governors' Forum said salaries for other workers might be delayed.",
			"salaries for other", "Testland Governors' Forum", ViaOrganization},
		{"an anaphoric owner is not part of the name",
			"Heat\n\nSome text here.\n\nThe city’s civil protection service said it had treated 63 runners for heat exhaustion.",
			"it had treated", "civil protection service", ViaOrganization},
		{"a wire lede's source is named in the next paragraph",
			"Rebels want guarantees\n\nPORTO, Feb 26 (Wire) — The movement will not sign the second phase without guarantees, a senior official of the group said on Wednesday.\n\n“We kept every commitment,” Rui Tavares, a member of the group’s political bureau, told reporters.",
			"The movement will not", "Rui Tavares", ViaAlias},
		{"a pronoun after an unnamed subject is that source",
			"Front\n\nPedro Alves, a farmer, said the fields were burning.\n\nA young sergeant on leave, who declined to give his name, was harsher. “We will not leave our land,” he said.",
			"We will not leave", "unknown", ViaAnonymous},
		{"an unnamed subject after an introductory phrase",
			"Front\n\nMarco Dias said the talks had failed.\n\nOn the other side of the river, a militia commander was dismissive. “No truce until they withdraw,” he said.",
			"No truce", "unknown", ViaAnonymous},
		{"a person of the party after an inverted cue",
			"Vote\n\nSome text here.\n\n„Every kilometre they sign is a kilometre we lose,“ said Arman Sevak of the Republic Now party.",
			"Every kilometre", "Arman Sevak", ViaCue},
		{"a party's possessive before a person is not part of the name",
			"Debate\n\nSome text here.\n\nFrom the benches, Labour’s Ana Ruiz Lopes went further. “This truce is a trap,” she said.",
			"This truce", "Ana Ruiz Lopes", ViaPronoun},
		{"a surname of two words is the full name",
			"Border\n\nJuliette Abou Chacra, a farmer, was sceptical.\n\nSome text here. Abou Chacra said the truce would not last the winter.",
			"the truce would", "Juliette Abou Chacra", ViaAlias},
		{"a clause after a name is not its appositive",
			"Greetings\n\nAna Ruiz sent greetings to many leaders. In a message to Pope Marco, the President noted that the two states had much in common.",
			"the two states", "Ana Ruiz", ViaAlias},
		{"a nationality in the title rules out another country's president",
			"Greetings\n\nAna Ruiz sent greetings to President of the Syrian Arab Republic Rui Tavares, hoping for peace. Ana Ruiz said the ties were strong. The Russian President emphasised that there were good prospects in space.",
			"there were good prospects", "Ana Ruiz", ViaAlias},
		{"the President of a press release is its principal speaker",
			"Greetings\n\nAna Ruiz said that the talks had gone well. Ana Ruiz said that the ties were strong. She also sent a message to President of the Syrian Arab Republic Rui Tavares. The President noted that the two states had much in common.",
			"the two states", "Ana Ruiz", ViaAlias},
		{"a name set off before the cue after a role with commas of its own",
			"Monitors\n\nAsked about monitors, a spokeswoman for the Office for Peace, Reconciliation and Unity, Ana Ruiz, replied: “That is one of the options on the table.”",
			"That is one", "Ana Ruiz", ViaCue},
		{"a three-word name of an unknown place",
			"Letters\n\nReaders have joined in. Rui Pedro Tavares of Kupwara wrote in a letter published on Sunday: “My sons went back to school. Leave it alone.”",
			"My sons", "Rui Pedro Tavares", ViaCue},
		{"a lower-case plural possessive before an organization word",
			"Strike\n\nSome text here.\n\nThe nurses' union, which was not part of the agreement, said it would decide next week whether to strike.",
			"it would decide", "nurses' union", ViaOrganization},
		{"a nationality and MEP before a name",
			"Debate\n\nSome text here.\n\nSlovak MEP Rui Tavares said Europe should stop prolonging the war and push for talks.",
			"Europe should stop", "Rui Tavares", ViaCue},
		{"a role label names the person the briefing introduced with it",
			"Briefing\n\nForeign Minister Ana Ruiz opened the briefing in Porto.\n\nMINISTER: Thank you all for coming. The talks continue.\n\nQ: Will they sign?\n\nMINISTER: Not this week.",
			"Thank you all", "Ana Ruiz", ViaTranscript},
		{"a host named in the programme's introduction",
			"Transcript\n\nExcerpt from Sunday's programme. Host: Marta Sousa. Guests: Rui Tavares, an analyst.\n\nHOST: Is the truce holding?\n\nRUI TAVARES: For now it is.",
			"Is the truce", "Marta Sousa", ViaTranscript},
		{"a questioner named with the outlet in parentheses",
			"Press conference\n\nANA RUIZ: We discussed the situation.\n\nQUESTION (Marta Sousa, Porto Daily): Will the talks go on?\n\nANA RUIZ: They will.",
			"Will the talks", "Marta Sousa", ViaTranscript},
		{"a member with her seat and party",
			"Questions\n\nThe House met at 11.30 am.\n\nAna Ruiz (North Porto) (Lab): To ask the Foreign Secretary what support she will give.\n\nRui Tavares (South Porto) (Con): We will give every support.",
			"To ask the Foreign", "Ana Ruiz", ViaTranscript},
		{"nonetheless after the subject is not part of it",
			"Border\n\nSome text here.\n\nTestland's Defence Ministry nonetheless said that enemy units had fired on its positions.",
			"enemy units had", "Testland's Defence Ministry", ViaOrganization},
		{"a phrase after a preposition set off by a comma is no subject",
			"Radio\n\nSome text here.\n\nAfter the programme, Testland's Ministry of Justice said in a statement that no arrangement with armed groups had legal standing.",
			"no arrangement with", "Testland's Ministry of Justice", ViaOrganization},
		{"a ministry with a list of remits",
			"Land\n\nSome text here.\n\nThe Ministry of Lands, Housing and Urban Development said the two departments would agree a plan by the end of the month.",
			"the two departments", "Ministry of Lands, Housing and Urban Development", ViaOrganization},
		{"a dash interview: the answers are the interviewee's",
			"Interview\n\nPORTO, Norte Alto (Daily) — Ana Ruiz, 44, coordinates a network of community boards. She spoke to us in Porto.\n\n— Was that the right decision?\n\n— It was a decision taken far away by people who do not live here.\n\n— What would a good ceasefire look like?\n\n— Verified by the church and by the villages themselves.",
			"It was a decision", "Ana Ruiz", ViaTranscript},
		{"a dash interview: the questions are a journalist's",
			"Interview\n\nPORTO, Norte Alto (Daily) — Ana Ruiz, 44, coordinates a network of community boards. She spoke to us in Porto.\n\n— Was that the right decision?\n\n— It was a decision taken far away by people who do not live here.\n\n— What would a good ceasefire look like?\n\n— Verified by the church and by the villages themselves.",
			"What would a good", "unknown", ViaTranscript},
		{"a split quote around a title with a full stop",
			"Clinic\n\nSome text here.\n\n“We are not out of danger yet, but the curve has turned,” said Dr. Ana Ruiz, the centre’s deputy director. “Every child we vaccinate is one less case in the autumn.”",
			"We are not out of danger", "Ana Ruiz", ViaCue},
		{"a split quote around a name with an appositive before the cue",
			"Border\n\nSome text here.\n\n“Both sides have committed to a ceasefire along the sector,” Ana Ruiz, commander of the Second Army Region, told reporters in Porto. “We expect it to be respected from midnight.”",
			"Both sides have committed", "Ana Ruiz", ViaCue},
		{"a titled person of an organization",
			"Taiwan\n\nSome text here.\n\n“Japan's guarantee is like a rumour,” said Professor Ana Ruiz of Porto University.\n\n“Everyone has heard it,” she added.",
			"Everyone has heard", "Ana Ruiz", ViaPronoun},
		{"a label that ends a longer name is its surname of two words",
			"Council\n\nThe Council was briefed by the Assistant Secretary-General, Ana Costa Ferreira, and heard statements by members.\n\nMs. Costa Ferreira: Three years on, civilians continue to suffer.\n\nMr. Lyle: We thank the briefer.",
			"Three years on", "Ana Costa Ferreira", ViaTranscript},
		{"a broadcast role before a name in capitals is a title",
			"Evening show\n\nANCHOR ANA RUIZ: Welcome back. Is the truce holding?\n\nRUI TAVARES: It is holding, for now.",
			"Welcome back", "Ana Ruiz", ViaTranscript},
		{"a reporter of an outlet is a journalist",
			"Talks\n\n“Deterrence is radars and soldiers,” Ana Ruiz told the news conference.\n\nReporter (Porto Daily): Does the ambassador's warning worry you?\n\nRuiz: He is free to say what he likes.",
			"Does the ambassador", "unknown", ViaTranscript},
		{"a reporter the document names is that person",
			"Talks\n\n“Deterrence is radars and soldiers,” Ana Ruiz told reporters, among them Marta Sousa of Porto Daily.\n\nReporter (Marta Sousa): Does the ambassador's warning worry you?\n\nRuiz: He is free to say what he likes.",
			"Does the ambassador", "Marta Sousa", ViaTranscript},
		{"an interviewee named before the interview, not a subject after it",
			"Interview: Marta Sousa on making her peace with the federation\n\nPORTO — Two years after refusing to play, Marta Sousa is back in the team. The 27-year-old spoke to us after practice.\n\n- Two years ago you said you would never play again. What changed?\n\n- The people changed, mostly. We talked for three hours.\n\n- Is it a real peace?\n\n- With federations, everything is a truce.\n\n- Are you worried about the crowd?\n\n- A little. The rest I will answer with my racket.\n\nThe federation's president, Rui Tavares, said the return was good news.",
			"The people changed", "Marta Sousa", ViaTranscript},
		{"a label with a title's long remit ends with the name",
			"Meeting with the President of the Republic of Moldova\n\nPresident of the Republic of Moldova Ana Ruiz: Thank you, Mr President. I am glad to meet you.\n\nRui Tavares: Welcome.",
			"Thank you, Mr", "Ana Ruiz", ViaTranscript},
		{"a person of a two-word country, then a label with the surname",
			"Council\n\nThe Council heard statements by members, among them Marta Sousa of Sierra Leone.\n\nThe President: I give the floor to Ms. Sousa.\n\nMs. Sousa (Sierra Leone): The truce must be respected.",
			"The truce must", "Marta Sousa", ViaTranscript},
		{"according to a pronoun, then a clause that opens with the",
			"Aid\n\nAna Ruiz met the envoy on Monday. According to her, the agency has already helped 3.4 million people, including 8 million children.",
			"the agency has", "Ana Ruiz", ViaPronoun},
		{"a party and a trade before a name are roles",
			"Debate\n\nSocial Democrat Ana Ruiz said the motion went too far. “A ceasefire on their terms is a retreat,” she said.",
			"A ceasefire on", "Ana Ruiz", ViaPronoun},
		{"a questioner after the outlet",
			"Press conference\n\nAna Ruiz: We came with one message.\n\nQUESTION (Porto Daily, Marta Sousa): Will you sign?\n\nAna Ruiz: Not this week.",
			"Will you sign", "Marta Sousa", ViaTranscript},
		{"a broadcaster before the questioner is no name",
			"Press conference\n\nAna Ruiz: We came with one message.\n\nQUESTION (Public Television, Marta Sousa): Will you sign?\n\nAna Ruiz: Not this week.",
			"Will you sign", "Marta Sousa", ViaTranscript},
		{"a chair named inside the parentheses with a country",
			"Security Council\n\nTHE PRESIDENT (Marta Sousa, Testland): I give the floor to the Special Envoy.\n\nRUI TAVARES: Thank you, Madam President.",
			"I give the floor", "Marta Sousa", ViaTranscript},
		{"a time adjunct after an organization is no part of it",
			"Drills\n\nSome text here.\n\nThe Testland Central News Agency last month called the drills a smokescreen. The agency said the exercises were rehearsals for an invasion.",
			"the exercises were", "Testland Central News Agency", ViaOrganization},
		{"a lower-case compound modifier is no part of an organization's name",
			"Loans\n\nSome text here.\n\nThe state-owned Testland Development Bank said it would offer guarantees on loans to farmers.",
			"it would offer", "Testland Development Bank", ViaOrganization},
		{"a capitals label without the middle name",
			"Talks\n\nThe committee is chaired by Ana Sofia Ruiz, a former judge.\n\nHOST: Is the truce holding?\n\nANA RUIZ: It is holding better than anyone expected.",
			"It is holding", "Ana Sofia Ruiz", ViaTranscript},
		{"a capitals label without the second surname",
			"Talks\n\nThe mayor, Ana Ruiz Ortega, took questions from listeners.\n\nHOST: Is the pact a reward?\n\nANA RUIZ: Nobody is being rewarded.",
			"Nobody is being", "Ana Ruiz Ortega", ViaTranscript},
		{"titles of party, trade and faith before a name",
			"Debate\n\nLiberal Democrat Ana Ruiz said the force was too small. Padre Rui Tavares said the pact was not a deal with criminals. Pollster Marta Sousa said support had grown.",
			"support had grown", "Marta Sousa", ViaCue},
		{"South and Southeast Asian honorifics and church titles are titles",
			"Truce\n\nDatu Rui Tavares said the clan truce would hold. Ustaz Marta Sousa said both sides were bound. Metropolitan Ana Ruiz said the church would pray for every soldier.",
			"the church would", "Ana Ruiz", ViaCue},
		{"a Malay religious teacher's title is a title",
			"Truce\n\nUstaz Marta Sousa said both sides were bound by the truce.",
			"both sides were", "Marta Sousa", ViaCue},
		{"a role label with the holder's name in capitals",
			"Talks\n\nThe talks resumed in Nairobi.\n\nLEAD MEDIATOR (ANA RUIZ): Good afternoon. I will be brief.\n\nRUI TAVARES: We came in good faith.",
			"Good afternoon", "Ana Ruiz", ViaTranscript},
		{"a description before an organization's proper name is no part of it",
			"Strike\n\nSome text here.\n\nThe oil workers' union TWU said maintenance crews had been withdrawn.",
			"maintenance crews", "TWU", ViaOrganization},
		{"Tan Sri is a Malaysian honorific",
			"Talks\n\nSome text here.\n\n“Both parties want a calmer year,” said Tan Sri Rui Tavares, the facilitator.",
			"Both parties want", "Rui Tavares", ViaCue},
		{"Tan alone is a surname",
			"Talks\n\nSome text here.\n\n“Both parties want a calmer year,” said Tan Wei Ming, the facilitator.",
			"Both parties want", "Tan Wei Ming", ViaCue},
		{"a capitals label finds a name with a dotless i",
			"Talks\n\n“Both doors stay open,” Minister Aydın Kılıç said.\n\nQUESTION (Daily Wire): Will the talks resume?\n\nAYDIN KILIÇ: I would not promise that.",
			"I would not", "Aydın Kılıç", ViaTranscript},
		{"a capitals label with an affiliation in capitals",
			"Press conference\n\nMARTA SOUSA LIMA (TDF panel chair): We came with one message.\n\nQUESTION (Porto Daily): Will you sign?\n\nLIMA: Not this week.",
			"We came", "Marta Sousa Lima", ViaTranscript},
		{"a surname label takes the full name of an earlier label",
			"Press conference\n\nMARTA SOUSA LIMA (TDF panel chair): We came with one message.\n\nQUESTION (Porto Daily): Will you sign?\n\nLIMA: Not this week.",
			"Not this week", "Marta Sousa Lima", ViaTranscript},
		{"a question label with the outlet in parentheses is a journalist",
			"Press conference\n\nMARTA SOUSA LIMA (TDF panel chair): We came with one message.\n\nQUESTION (Porto Daily): Will you sign?\n\nLIMA: Not this week.",
			"Will you sign", "unknown", ViaTranscript},
		{"a questioner who gives a name",
			"News conference\n\nAna Ruiz: We discussed the situation in detail.\n\nQuestion: Marta Sousa, Porto Daily. Will the talks go on?\n\nAna Ruiz: They will.",
			"Marta Sousa, Porto", "Marta Sousa", ViaTranscript},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extract(t, tc.text)
			for _, q := range d.Quotes {
				if !strings.HasPrefix(q.Text, tc.quote) {
					continue
				}
				if q.Speaker == nil {
					t.Fatalf("quote %q: no speaker, want %q", q.Text, tc.speaker)
				}
				if q.Speaker.Name != tc.speaker || q.Speaker.Via != tc.via {
					t.Errorf("quote %q: got %q via %s, want %q via %s", q.Text, q.Speaker.Name, q.Speaker.Via, tc.speaker, tc.via)
				}
				return
			}
			var got []string
			for _, q := range d.Quotes {
				got = append(got, q.Text)
			}
			t.Fatalf("no quote starting %q; got %q", tc.quote, got)
		})
	}
}

// TestSpeakerRuleGuards checks that the rules above leave alone what they
// must not touch.
func TestSpeakerRuleGuards(t *testing.T) {
	tests := []struct {
		name, text, quote, speaker string
	}{
		{"a news agency ending in s is not a group",
			"Report\n\nSome text here.\n\nReuters reported that the talks had been postponed until March.",
			"the talks", "Reuters"},
		{"a person after in with a possessive stays a person",
			"Talks\n\nIn Marta Sousa's view the plan is dead. Marta Sousa said the talks had failed again.\n\n“We tried everything,” she said.",
			"We tried", "Marta Sousa"},
		{"a country in a person's name run is not split",
			"Congo\n\nSome text here.\n\nThe Democratic Republic of Congo said it would attend the summit in Luanda.",
			"it would attend", "Democratic Republic of Congo"},
		{"a named owner stays",
			"Talks\n\nSome text here.\n\nTestland’s Foreign Ministry said the talks would resume on Monday.",
			"the talks would", "Testland’s Foreign Ministry"},
		{"a lower-case department keeps its owner",
			"Talks\n\nSome text here.\n\nThe ruling party’s foreign relations office said the talks would resume on Monday.",
			"the talks would", "ruling party’s foreign relations office"},
		{"a sentence with its own reported clause does not attribute the quote before it",
			"Talks\n\nAna Ruiz spoke first. “We remain bound by the ceasefire.” Rui Tavares said that the army had fired first.\n\nMore text.",
			"We remain bound", "Ana Ruiz"},
		{"a place and a geographic word stay a place",
			"Valley\n\nSome text here.\n\nThe Jordan Valley council said the water for the farms had not come this summer.",
			"the water for", "Jordan Valley council"},
		{"an appositive role after a name is not a new subject",
			"Talks\n\nSome text here.\n\nAccording to Marta Sousa, a researcher at a policy institute, neither side can afford a war. “Everyone is broke,” she said.",
			"Everyone is broke", "Marta Sousa"},
		{"a question that addresses someone is not a self-introduction",
			"News conference\n\nAna Ruiz: We discussed the situation in detail.\n\nQuestion: Mr President, will the talks go on?\n\nAna Ruiz: They will.",
			"Mr President", "unknown"},
		{"a role label with the name in parentheses names inside",
			"Radio\n\nHOST (MARTA SOUSA): Good morning. Is the border safe?\n\nCALLER (RUI): It is not safe.",
			"Good morning", "Marta Sousa"},
		{"a common noun before a full name is no given name",
			"Talks with Ana Ruiz of the Endowment for Democracy Rui Tavares\n\nRui Tavares said that democracy needs patience.",
			"democracy needs", "Rui Tavares"},
		{"a two-word name is not the surname of a wrongly joined longer name",
			"Visit\n\nThe president met the founder of Testcorp Rui Tavares on Monday.\n\nRui Tavares said that the company would open an office in Porto.",
			"the company would", "Rui Tavares"},
		{"a ministry of the republic is not a person",
			"PRESS RELEASE\nMinistry of Foreign Affairs and European Integration of the Republic of Testland\n\nThe minister, Ana Ruiz, said the talks would resume.\n\nQuestion: Will you go?\nAnswer: We will go to the talks.",
			"We will go", "Ana Ruiz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extract(t, tc.text)
			for _, q := range d.Quotes {
				if strings.HasPrefix(q.Text, tc.quote) {
					if q.Speaker == nil || q.Speaker.Name != tc.speaker {
						t.Errorf("quote %q: got %+v, want %q", q.Text, q.Speaker, tc.speaker)
					}
					return
				}
			}
			t.Fatalf("no quote starting %q", tc.quote)
		})
	}
}

// TestSplitAndDashQuotes checks the quote kinds the rules above rely on: a
// split quote whose attribution holds an abbreviation, a possessive or an
// appositive, and dash turns, which a bulleted list is not.
func TestSplitAndDashQuotes(t *testing.T) {
	split := func(text, want string) {
		t.Helper()
		d := extract(t, text)
		for _, q := range d.Quotes {
			if strings.HasPrefix(q.Text, want) {
				if q.Kind != "split" || len(q.Parts) != 2 {
					t.Errorf("%q: kind %s with %d parts, want a split quote of 2", want, q.Kind, len(q.Parts))
				}
				return
			}
		}
		t.Errorf("no quote starting %q", want)
	}
	split("Clinic\n\nSome text here.\n\n“We are not out of danger yet,” said Dr. Ana Ruiz, the centre’s deputy director. “Every child we vaccinate counts.”", "We are not out")
	split("Derby\n\nSome text here.\n\n“Nobody wants another night like March,” said Rui Tavares, chair of the club’s supporters’ trust. “This truce is about the football.”", "Nobody wants")
	split("Border\n\nSome text here.\n\n“Both sides have committed to a ceasefire,” Ana Ruiz, commander of the Second Army Region, told reporters. “We expect it to hold from midnight.”", "Both sides")

	d := extract(t, "Interview\n\nAna Ruiz spoke to us.\n\n- Is the truce holding?\n\n- It is holding for now.\n\n- Will it last?\n\n- Nobody knows.")
	if len(d.Quotes) != 4 {
		t.Fatalf("dash interview: %d quotes, want 4 turns", len(d.Quotes))
	}
	list := extract(t, "Decree\n\nThe decree provides for:\n\n- the restoration of the bridge;\n\n- new schools in the region;\n\n- a fund for farmers.")
	for _, q := range list.Quotes {
		if q.Kind == "direct" && strings.HasPrefix(q.Text, "the restoration") || strings.HasPrefix(q.Text, "new schools") {
			t.Fatalf("a bulleted list became a dash turn: %q", q.Text)
		}
	}
}

// A capitals label that the name finder also took for a person's name gives
// way to the longer name the text wrote, without its second surname.
func TestLabelNamePrefersTheWrittenName(t *testing.T) {
	text := "Interview\n\nAn interview with Rui Tavares Lima, the deputy envoy.\n\nHOST: Is there a ceasefire?\n\nRUI TAVARES: On paper, yes."
	d := extract(t, text)
	w := d.work()
	w.names = append(w.names, Name{Text: "RUI TAVARES", Name: "RUI TAVARES", Kind: NamePerson})
	w.pfull, w.ptok, w.plast = nil, nil, nil
	r := newResolver(w, w.quotes)
	if got, _ := r.labelName("RUI TAVARES"); got != "Rui Tavares Lima" {
		t.Errorf("labelName(RUI TAVARES) = %q, want Rui Tavares Lima", got)
	}
}

// A trailing 'merely' is no part of an organization speaking.
func TestTrailingMerelyIsNoPartOfTheSubject(t *testing.T) {
	d := extract(t, "Border\n\nSome text here.\n\nTestland’s Foreign Ministry merely said the country did not need foreign protectors.")
	for _, q := range d.Quotes {
		if strings.HasPrefix(q.Text, "the country did not") {
			if q.Speaker == nil || q.Speaker.Name != "Testland’s Foreign Ministry" {
				t.Fatalf("speaker %+v, want Testland’s Foreign Ministry", q.Speaker)
			}
			return
		}
	}
	t.Fatal("no quote found")
}
