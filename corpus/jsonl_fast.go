package corpus

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// A fast path for the JSONL reader: one pass over a line that finds the
// id, date and text fields of a valid JSON object, instead of
// encoding/json's validation pass, its map of raw values and a second
// decoding of each value. It decides nothing on its own about bad input:
// whenever a line is not plainly a valid JSON object (a syntax error, a
// top-level value that is not an object, nesting deeper than
// maxFastDepth), it gives up and the reader parses the line with
// encoding/json, which then finds the same fields or words the error.
// FuzzJSONLFast holds both paths to the same documents and errors.

// maxFastDepth bounds the nesting the fast path follows (encoding/json
// allows 10000 and errors beyond; deeper lines go to it).
const maxFastDepth = 1000

// jsonFields are the raw values (JSON text, without surrounding white
// space) of the fields a JSONL reader wants; nil when absent. A repeated
// key keeps its last value, as encoding/json does with a map.
type jsonFields struct {
	id, date, text []byte
}

// scanObject parses line, which must be valid UTF-8, as one JSON object
// with optional surrounding white space, and returns the raw values of the
// named fields. ok is false when the line is not a valid JSON object or the
// fast path cannot tell; scratch is reused for unescaping keys.
func scanObject(line []byte, idField, dateField, textField string, scratch []byte) (f jsonFields, ok bool, _ []byte) {
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return f, false, scratch
	}
	i = skipSpace(line, i+1)
	if i < len(line) && line[i] == '}' {
		return f, skipSpace(line, i+1) == len(line), scratch
	}
	for {
		if i >= len(line) || line[i] != '"' {
			return f, false, scratch
		}
		end, esc, good := scanString(line, i)
		if !good {
			return f, false, scratch
		}
		key := line[i+1 : end-1]
		if esc {
			var good bool
			scratch, good = unquoteAppend(scratch[:0], line[i:end])
			if !good {
				return f, false, scratch
			}
			key = scratch
		}
		i = skipSpace(line, end)
		if i >= len(line) || line[i] != ':' {
			return f, false, scratch
		}
		i = skipSpace(line, i+1)
		vend, good := scanValue(line, i)
		if !good {
			return f, false, scratch
		}
		val := line[i:vend]
		// Not else-ifs: two options may name the same field.
		if string(key) == idField {
			f.id = val
		}
		if string(key) == dateField {
			f.date = val
		}
		if string(key) == textField {
			f.text = val
		}
		i = skipSpace(line, vend)
		if i >= len(line) {
			return f, false, scratch
		}
		switch line[i] {
		case ',':
			i = skipSpace(line, i+1)
			continue
		case '}':
			return f, skipSpace(line, i+1) == len(line), scratch
		}
		return f, false, scratch
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
			continue
		}
		break
	}
	return i
}

// scanString checks the JSON string starting at b[i] == '"' and returns
// the index just past its closing quote and whether it holds escapes.
func scanString(b []byte, i int) (end int, esc, ok bool) {
	i++
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				return 0, false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return 0, false, false
				}
				i += 6
			default:
				return 0, false, false
			}
		case c < ' ':
			return 0, false, false
		default:
			i++
		}
	}
	return 0, false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanValue checks the JSON value starting at b[i] and returns the index
// just past it. Arrays and objects are followed with an explicit stack of
// depth at most maxFastDepth.
func scanValue(b []byte, i int) (int, bool) {
	var stack []byte // '{' or '[' of each open container
	for {
		// a value at b[i]
		if i >= len(b) {
			return 0, false
		}
		switch c := b[i]; {
		case c == '"':
			end, _, ok := scanString(b, i)
			if !ok {
				return 0, false
			}
			i = end
		case c == '{' || c == '[':
			if len(stack) >= maxFastDepth {
				return 0, false
			}
			j := skipSpace(b, i+1)
			if j < len(b) && (c == '{' && b[j] == '}' || c == '[' && b[j] == ']') {
				i = j + 1 // empty
				break
			}
			stack = append(stack, c)
			i = j
			if c == '{' {
				var ok bool
				if i, ok = scanKey(b, i); !ok {
					return 0, false
				}
			}
			continue
		case c == 't':
			if !hasLiteral(b, i, "true") {
				return 0, false
			}
			i += 4
		case c == 'f':
			if !hasLiteral(b, i, "false") {
				return 0, false
			}
			i += 5
		case c == 'n':
			if !hasLiteral(b, i, "null") {
				return 0, false
			}
			i += 4
		case c == '-' || '0' <= c && c <= '9':
			end, ok := scanNumber(b, i)
			if !ok {
				return 0, false
			}
			i = end
		default:
			return 0, false
		}
		// after a value: close containers or go on to the next element
		for {
			if len(stack) == 0 {
				return i, true
			}
			j := skipSpace(b, i)
			if j >= len(b) {
				return 0, false
			}
			top := stack[len(stack)-1]
			if b[j] == ',' {
				i = skipSpace(b, j+1)
				if top == '{' {
					var ok bool
					if i, ok = scanKey(b, i); !ok {
						return 0, false
					}
				}
				break
			}
			if top == '{' && b[j] == '}' || top == '[' && b[j] == ']' {
				stack = stack[:len(stack)-1]
				i = j + 1
				continue
			}
			return 0, false
		}
	}
}

// scanKey checks `"key" :` at b[i] and returns the index of the value.
func scanKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false
	}
	end, _, ok := scanString(b, i)
	if !ok {
		return 0, false
	}
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return 0, false
	}
	return skipSpace(b, i+1), true
}

func hasLiteral(b []byte, i int, lit string) bool {
	return len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit
}

// scanNumber checks a JSON number at b[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	return i, true
}

// unquoteAppend appends the value of the JSON string s (quotes included,
// valid UTF-8, already checked by scanString) to dst, decoding escapes as
// encoding/json does: an invalid surrogate becomes U+FFFD.
func unquoteAppend(dst, s []byte) ([]byte, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return dst, false
	}
	s = s[1 : len(s)-1]
	for len(s) > 0 {
		k := 0
		for k < len(s) && s[k] != '\\' && s[k] != '"' && s[k] >= ' ' {
			k++
		}
		dst = append(dst, s[:k]...)
		s = s[k:]
		if len(s) == 0 {
			break
		}
		if s[0] != '\\' || len(s) < 2 {
			return dst, false
		}
		switch s[1] {
		case '"', '\\', '/':
			dst = append(dst, s[1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := getu4(s)
			if r < 0 {
				return dst, false
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				if dec := utf16.DecodeRune(r, getu4(s)); dec != utf8.RuneError {
					dst = utf8.AppendRune(dst, dec)
					s = s[6:]
					continue
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return dst, false
		}
		s = s[2:]
	}
	return dst, true
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// fastScalar is scalarString for a raw value the fast path checked.
func fastScalar(raw []byte, scratch []byte) (string, []byte) {
	switch raw[0] {
	case '"':
		if !hasEscape(raw) {
			return string(raw[1 : len(raw)-1]), scratch
		}
		scratch, _ = unquoteAppend(scratch[:0], raw)
		return string(scratch), scratch
	case '{', '[', 'n':
		return "", scratch
	}
	return string(raw), scratch
}

// hasEscape reports a backslash in a checked JSON string.
func hasEscape(raw []byte) bool { return bytes.IndexByte(raw, '\\') >= 0 }
