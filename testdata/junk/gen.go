//go:build ignore

// Gen writes the junk corpus: a folder of the bad inputs a scrape of a
// million news articles meets, each beside good documents, for the test
// that scores it (cmd/classify/junk_test.go). Run from the repository root:
//
//	go run testdata/junk/gen.go -o testdata/junk/corpus
//
// The output is deterministic (fixed seeds, no clock). The large inputs (a
// document over the size limit, a 10 MB document, a 200 MB line, 100,000
// curly quote marks) are not committed: TestJunkLarge and
// TestJunkStreamsLongLines write them into a temporary folder. -large
// writes them here too, for trying them by hand; its 10 MB document is the
// good article repeated, 75,000 quotes, a harder case than the test's
// article of plain prose with a quote every hundred sentences.
//
// Each file's name says what it holds; MANIFEST beside them lists, per
// file, the record codes a run must give, in order ("ok" for a good
// document), and the test checks them.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// good is a short article with two attributed quotes addressing targets.
const good = `KYIV, May 4 (Wire) — Talks on a ceasefire resumed on Monday.

"A ceasefire without security guarantees would only pause the war," Foreign Minister Olena Kovalenko told reporters. "We want peace, but not at any price."

Officials said the next round could begin within a week.
`

type file struct {
	name  string
	data  []byte
	codes []string // expected record codes in order; "ok" for a good document
}

func main() {
	out := flag.String("o", "testdata/junk/corpus", "output `folder`")
	large := flag.Bool("large", false, "also write the large inputs (about 230 MB)")
	flag.Parse()
	files := junk()
	if *large {
		files = append(files, largeFiles()...)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	var manifest strings.Builder
	manifest.WriteString("# file\texpected record codes, in order (ok: a good document). Written by gen.go.\n")
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.name), f.data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&manifest, "%s\t%s\n", f.name, strings.Join(f.codes, " "))
	}
	// MANIFEST has no extension, so the folder reader skips it.
	if err := os.WriteFile(filepath.Join(*out, "MANIFEST"), []byte(manifest.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

func junk() []file {
	rng := rand.New(rand.NewPCG(9, 9))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	random[0], random[1] = 0x89, 'P' // not a byte-order mark, not gzip

	var jl []string // a JSONL file of every kind of malformed line, good lines between
	var codes []string
	add := func(line, code string) { jl = append(jl, line); codes = append(codes, code) }
	add(`{"id":"j-good-1","text":`+quoteJSON(good)+`}`, "ok")
	add(`{"id":"j-truncated","text":"The minister said`, "malformed_json")
	add(`{"id":"j-number","text":42}`, "wrong_type")
	add(`{"id":"j-object","text":{"body":"peace"}}`, "wrong_type")
	add(`{"id":"j-missing","body":"no text field here"}`, "missing_field")
	add(`{"id":"j-null","text":null}`, "missing_field")
	add(`["an","array"]`, "malformed_json")
	add(`"a bare string"`, "malformed_json")
	add(`null`, "missing_field")
	add(`{"id":"j-deep","text":"deep","meta":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`}`, "malformed_json")
	add(`{"id":"j-deep-ok","text":"nested","meta":`+strings.Repeat(`{"a":`, 500)+"1"+strings.Repeat("}", 500)+`}`, "ok")
	add("{\"id\":\"j-bad-utf8\",\"text\":\"bad \xc3\x28 bytes\"}", "invalid_utf8")
	add(`{"id":"j-escaped-nul","text":"nul \u0000 inside"}`, "binary")
	add(`{"id":"j-lone-surrogate","text":"half \ud800 a pair"}`, "ok") // encoding/json makes it U+FFFD
	add(`{"id":"j-empty","text":""}`, "empty")
	add(`{"id":"j-space","text":" \t\r\n\u00a0\u3000"}`, "empty")
	add(`{"id":"j-dup","text":"first","text":"A second \"text\" key wins, as in encoding/json."}`, "ok")
	add(`{"id":"j-trailing","text":"x"} trailing`, "malformed_json")
	add(`{"id":"j-good-2","text":`+quoteJSON(good)+`,"date":"2025-05-04"}`, "ok")
	jsonl := strings.Join(jl, "\n") + "\n\n   \n" // blank lines are not documents
	jsonlCRLF := "\ufeff" + strings.ReplaceAll(`{"id":"bom-1","text":"A file with a UTF-8 BOM and CRLF line ends."}
{"id":"bom-2","text":"Second line."}
`, "\n", "\r\n")

	csvRagged := "id,text,date\r\n" +
		"c1,\"" + strings.ReplaceAll(good, `"`, `""`) + "\",2025-05-04\r\n" + // embedded newlines
		"c2,too,many,fields\r\n" +
		"c3\r\n" +
		"c4,\"Quoted, with a comma and a \"\"quote\"\"\",\r\n" +
		"c5,an \"unquoted\" bare quote,\r\n" +
		"c6,\"A last row whose quoted field never ends,\r\nand runs to the end of the file.\r\n"

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := range 60 {
		fmt.Fprintf(zw, "{\"id\":\"gz-%d\",\"text\":%s}\n", i, quoteJSON(fmt.Sprintf("Entry %d (%x). %s", i, rng.Uint64(), good)))
	}
	zw.Close()
	truncatedGz := gz.Bytes()[:gz.Len()/2]
	var gzText bytes.Buffer
	zw = gzip.NewWriter(&gzText)
	zw.Write(bytes.Repeat([]byte(good), 200))
	zw.Close()
	truncatedTextGz := gzText.Bytes()[:gzText.Len()*2/3]

	quotes100k := strings.Repeat(`"`, 100000)
	return []file{
		{"good.txt", []byte(good), []string{"ok"}},
		{"invalid-utf8.txt", []byte("The minister said \xc3\x28 \"peace\" \xff\xfe\xfd is near."), []string{"invalid_utf8"}},
		{"latin1.txt", []byte("Le ministre a d\xe9clar\xe9: \xabLa paix est proche.\xbb"), []string{"invalid_utf8"}},
		{"utf16le-bom.txt", utf16Bytes(good, false), []string{"ok"}},
		{"utf16be-bom.txt", utf16Bytes(good, true), []string{"ok"}},
		{"utf16le-odd-length.txt", utf16Bytes(good, false)[:len(utf16Bytes(good, false))-1], []string{"ok"}},
		{"nul-bytes.txt", []byte("He said \"peace\x00now\" and left.\x00\x00"), []string{"binary"}},
		{"binary-random.txt", random, []string{"invalid_utf8"}},
		{"binary-valid-utf8.txt", controlHeavy(), []string{"binary"}},
		{"empty.txt", nil, []string{"empty"}},
		{"whitespace.txt", []byte(" \t\r\n\n\u00a0\u2003\u3000\u2028  \n"), []string{"empty"}},
		{"control-chars.txt", []byte("\x1b[31mBREAKING\x1b[0m\a The envoy said: \"A truce\vis possible\f this week.\"\u0085 Talks\u2028continue."), []string{"ok"}},
		{"bad-lines.jsonl", []byte(jsonl), codes},
		{"bom-crlf.jsonl", []byte(jsonlCRLF), []string{"ok", "ok"}},
		{"ragged.csv", []byte(csvRagged), []string{"ok", "malformed_csv", "malformed_csv", "ok", "malformed_csv", "malformed_csv"}},
		{"truncated.jsonl.gz", truncatedGz, []string{"ok*", "unreadable"}}, // ok*: the lines before the cut
		{"truncated.txt.gz", truncatedTextGz, []string{"unreadable"}},
		{"not-really.txt.gz", []byte("\x1f\x8b\x08\x00garbage that is not a gzip stream"), []string{"unreadable"}},
		{"unbalanced-quotes.txt", []byte(unbalanced), []string{"ok"}},
		{"quote-marks-100k.txt", []byte(quotes100k), []string{"ok"}},
		{"rtl-mixed-scripts.txt", []byte(rtl), []string{"ok"}},
		{"long-word.txt", bytes.Repeat([]byte("a"), 200000), []string{"ok"}},
		{"skipped.bin", random[:64], nil}, // not a corpus extension: skipped
	}
}

// largeFiles are the inputs too big to commit. The test makes the same.
func largeFiles() []file {
	big := bytes.Repeat([]byte(good), 10<<20/len(good))
	over := bytes.Repeat([]byte("x"), 16<<20+1)
	line := []byte(`{"id":"huge","text":"` + strings.Repeat("a", 200<<20) + "\"}\n" + `{"id":"after-huge","text":` + quoteJSON(good) + "}\n")
	curly := strings.Repeat("“”«»„‘’「」", 100000/9+1)
	return []file{
		{"large-10mb.txt", big, []string{"ok"}},
		{"over-limit.txt", over, []string{"too_large"}},
		{"line-200mb.jsonl", line, []string{"too_large", "ok"}},
		{"curly-quotes-100k.txt", []byte(curly), []string{"ok"}},
	}
}

const unbalanced = `Opening only: "We will never accept this ceasefire, the general said.
Closing only: peace is coming," the envoy said.
Mismatched: “A truce is near," she said, and «security guarantees“ were mentioned, ‚nested «deep “deeper ‘deepest.
Apostrophes: the ministers' talks, 'tis the season, rock 'n' roll, O'Brien said 'no'.
Stray: ” ” ” » » « « „ „ “ “ ' ' " " "
`

const rtl = `قال وزير الخارجية: «نريد السلام، لا وقف إطلاق النار المؤقت».
אמר השר: "הפסקת האש תחזיק." ` + "\u202e" + `reversed text` + "\u202c" + ` and ` + "\u200f" + `marks` + "\u200e" + `.
Министр заявил: «Гарантии безопасности — главное». 外相は「停戦は近い」と述べた。
Mixed: "Peace — السلام — мир — 和平," said Ahmed Samir. Zalgo: p̵̛e̷a̸c̶e̴. Emoji: "👍🏽 🇺🇦 ceasefire now," he wrote.
`

// controlHeavy is valid UTF-8, mostly C0 and C1 control characters.
func controlHeavy() []byte {
	var b []byte
	for i := range 2000 {
		b = append(b, byte(1+i%8))
		b = append(b, "\u0085\u009b"...)
	}
	return append(b, " peace"...)
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	bom := []byte{0xff, 0xfe}
	if bigEndian {
		order, bom = binary.BigEndian, []byte{0xfe, 0xff}
	}
	b := bom
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
