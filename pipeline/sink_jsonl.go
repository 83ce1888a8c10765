package pipeline

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// The JSONL sink writes records with a hand-written encoder for the
// stance/v1 schema instead of encoding/json's reflection: the same bytes
// (encoding/json with SetEscapeHTML(false)), about four times faster.
// TestJSONLEncoderSame and FuzzJSONLEncoder hold the two to identical
// output. The encoder knows the fields of Record, Quote, quotes.Quote,
// quotes.Speaker, TargetStance, Probs, models.Evidence and RecordError as
// they are declared today; should any of them change, fastSchemaOK turns
// false and the sink falls back to encoding/json (and TestFastEncoderSchema
// fails, asking for the encoder to be updated), so the output never
// depends on the encoder being up to date.

// appendRecord appends rec as JSON and a newline to dst. ok is false when
// rec holds a value encoding/json rejects (a NaN or infinite float): the
// caller then lets encoding/json report it.
func appendRecord(dst []byte, rec *Record) (_ []byte, ok bool) {
	dst = append(dst, `{"schema":`...)
	dst = appendJSONString(dst, rec.Schema)
	dst = append(dst, `,"doc_id":`...)
	dst = appendJSONString(dst, rec.DocID)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, rec.Source)
	dst = append(dst, `,"date":`...)
	if rec.Date == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendJSONString(dst, *rec.Date)
	}
	dst = append(dst, `,"quotes":`...)
	if rec.Quotes == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range rec.Quotes {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, ok = appendQuote(dst, &rec.Quotes[i]); !ok {
				return dst, false
			}
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"error":`...)
	if e := rec.Err; e == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, `{"code":`...)
		dst = appendJSONString(dst, e.Code)
		dst = append(dst, `,"stage":`...)
		dst = appendJSONString(dst, e.Stage)
		dst = append(dst, `,"message":`...)
		dst = appendJSONString(dst, e.Message)
		dst = append(dst, '}')
	}
	return append(dst, "}\n"...), true
}

func appendQuote(dst []byte, q *Quote) (_ []byte, ok bool) {
	dst = append(dst, `{"id":`...)
	dst = appendJSONString(dst, q.ID)
	dst = append(dst, `,"start":`...)
	dst = strconv.AppendInt(dst, int64(q.Start), 10)
	dst = append(dst, `,"end":`...)
	dst = strconv.AppendInt(dst, int64(q.End), 10)
	if len(q.Parts) > 0 {
		dst = append(dst, `,"parts":[`...)
		for i, p := range q.Parts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '[')
			dst = strconv.AppendInt(dst, int64(p[0]), 10)
			dst = append(dst, ',')
			dst = strconv.AppendInt(dst, int64(p[1]), 10)
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, q.Text)
	dst = append(dst, `,"kind":`...)
	dst = appendJSONString(dst, q.Kind)
	dst = append(dst, `,"speaker":`...)
	if s := q.Speaker; s == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, `{"name":`...)
		dst = appendJSONString(dst, s.Name)
		dst = append(dst, `,"mention":`...)
		dst = appendJSONString(dst, s.Mention)
		dst = append(dst, `,"start":`...)
		dst = strconv.AppendInt(dst, int64(s.Start), 10)
		dst = append(dst, `,"end":`...)
		dst = strconv.AppendInt(dst, int64(s.End), 10)
		dst = append(dst, `,"via":`...)
		dst = appendJSONString(dst, s.Via)
		dst = append(dst, `,"confidence":`...)
		if dst, ok = appendJSONFloat(dst, s.Confidence); !ok {
			return dst, false
		}
		if s.Role != "" {
			dst = append(dst, `,"role":`...)
			dst = appendJSONString(dst, s.Role)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `,"cue":`...)
	dst = appendJSONString(dst, q.Cue)
	dst = append(dst, `,"targets":`...)
	if q.Targets == nil {
		return append(dst, "null}"...), true
	}
	dst = append(dst, '[')
	for i := range q.Targets {
		if i > 0 {
			dst = append(dst, ',')
		}
		t := &q.Targets[i]
		dst = append(dst, `{"target":`...)
		dst = appendJSONString(dst, t.Target)
		dst = append(dst, `,"stance":`...)
		dst = appendJSONString(dst, string(t.Stance))
		dst = append(dst, `,"condition":`...)
		if t.Condition == nil {
			dst = append(dst, "null"...)
		} else {
			dst = appendJSONString(dst, *t.Condition)
		}
		dst = append(dst, `,"probs":{"favor":`...)
		if dst, ok = appendJSONFloat(dst, t.Probs.Favor); !ok {
			return dst, false
		}
		dst = append(dst, `,"against":`...)
		if dst, ok = appendJSONFloat(dst, t.Probs.Against); !ok {
			return dst, false
		}
		dst = append(dst, `,"neutral":`...)
		if dst, ok = appendJSONFloat(dst, t.Probs.Neutral); !ok {
			return dst, false
		}
		dst = append(dst, `},"evidence":`...)
		if t.Evidence == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, '[')
			for k := range t.Evidence {
				if k > 0 {
					dst = append(dst, ',')
				}
				ev := &t.Evidence[k]
				dst = append(dst, `{"text":`...)
				dst = appendJSONString(dst, ev.Text)
				dst = append(dst, `,"start":`...)
				dst = strconv.AppendInt(dst, int64(ev.Start), 10)
				dst = append(dst, `,"end":`...)
				dst = strconv.AppendInt(dst, int64(ev.End), 10)
				dst = append(dst, `,"weight":`...)
				if dst, ok = appendJSONFloat(dst, ev.Weight); !ok {
					return dst, false
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}"...), true
}

// appendJSONFloat formats f as encoding/json does (ES6 number formatting);
// ok is false for NaN and infinities, which encoding/json rejects.
func appendJSONFloat(dst []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, true
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes written as they are (encoding/json's
// safeSet: HTML characters are not escaped).
var jsonSafe = func() (s [utf8.RuneSelf]bool) {
	for c := range s {
		s[c] = c >= ' ' && c != '"' && c != '\\'
	}
	return
}()

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: \" \\ \b \f \n \r \t, other control bytes as \u00XX, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// fastSchema lists, for every type the encoder writes, all its fields as
// declared: name, type and struct tag. fastSchemaOK compares them with the
// types as compiled.
var fastSchema = []struct {
	typ    reflect.Type
	fields []string // "Name type `tag`"
}{
	{reflect.TypeFor[Record](), []string{
		"Schema string `json:\"schema\"`", "DocID string `json:\"doc_id\"`", "Source string `json:\"source\"`",
		"Date *string `json:\"date\"`", "Quotes []pipeline.Quote `json:\"quotes\"`", "Err *pipeline.RecordError `json:\"error\"`",
		"Seq int64 `json:\"-\"`", "Doc corpus.Document `json:\"-\"`", "work quotes.Doc ``", "weight int64 ``"}},
	{reflect.TypeFor[Quote](), []string{
		"ID string `json:\"id\"`", "Quote quotes.Quote ``", "Targets []pipeline.TargetStance `json:\"targets\"`"}},
	{reflect.TypeFor[quotes.Quote](), []string{
		"Start int `json:\"start\"`", "End int `json:\"end\"`", "Parts [][2]int `json:\"parts,omitempty\"`",
		"Text string `json:\"text\"`", "Kind string `json:\"kind\"`", "Speaker *quotes.Speaker `json:\"speaker\"`",
		"Cue string `json:\"cue\"`", "h *quotes.hint ``"}},
	{reflect.TypeFor[quotes.Speaker](), []string{
		"Name string `json:\"name\"`", "Mention string `json:\"mention\"`", "Start int `json:\"start\"`",
		"End int `json:\"end\"`", "Via string `json:\"via\"`", "Confidence float64 `json:\"confidence\"`",
		"Role string `json:\"role,omitempty\"`"}},
	{reflect.TypeFor[TargetStance](), []string{
		"Target string `json:\"target\"`", "Stance corpus.Label `json:\"stance\"`", "Condition *string `json:\"condition\"`",
		"Probs pipeline.Probs `json:\"probs\"`", "Evidence []models.Evidence `json:\"evidence\"`"}},
	{reflect.TypeFor[Probs](), []string{
		"Favor float64 `json:\"favor\"`", "Against float64 `json:\"against\"`", "Neutral float64 `json:\"neutral\"`"}},
	{reflect.TypeFor[models.Evidence](), []string{
		"Text string `json:\"text\"`", "Start int `json:\"start\"`", "End int `json:\"end\"`", "Weight float64 `json:\"weight\"`"}},
	{reflect.TypeFor[RecordError](), []string{
		"Code string `json:\"code\"`", "Stage string `json:\"stage\"`", "Message string `json:\"message\"`"}},
}

// fastSchemaOK reports whether the types are as the encoder knows them:
// the same fields in the same order, and no custom marshaling.
var fastSchemaOK = sync.OnceValue(func() bool { return fastSchemaDiff() == "" })

// fastSchemaDiff describes the first difference from fastSchema, or "".
func fastSchemaDiff() string {
	marshaler := reflect.TypeFor[json.Marshaler]()
	textMarshaler := reflect.TypeFor[encoding.TextMarshaler]()
	for _, s := range fastSchema {
		for _, t := range []reflect.Type{s.typ, reflect.PointerTo(s.typ)} {
			if t.Implements(marshaler) || t.Implements(textMarshaler) {
				return t.String() + " has its own marshaling"
			}
		}
		if s.typ.NumField() != len(s.fields) {
			return s.typ.String() + " has a different number of fields"
		}
		for i, want := range s.fields {
			f := s.typ.Field(i)
			if got := f.Name + " " + f.Type.String() + " `" + string(f.Tag) + "`"; got != want {
				return s.typ.String() + ": field " + got + ", the encoder knows " + want
			}
		}
	}
	for _, t := range []reflect.Type{reflect.TypeFor[corpus.Label](), reflect.PointerTo(reflect.TypeFor[corpus.Label]())} {
		if t.Implements(marshaler) || t.Implements(textMarshaler) {
			return t.String() + " has its own marshaling"
		}
	}
	if reflect.TypeFor[corpus.Label]().Kind() != reflect.String {
		return "corpus.Label is not a string"
	}
	return ""
}
