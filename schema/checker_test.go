package schema

// A small checker of the subset of JSON Schema draft 2020-12 that
// stance-v1.json uses, so the tests need no dependency. Compiling a schema
// that uses any other keyword fails, so the checker never silently ignores
// a constraint.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// knownKeywords are the keywords the checker implements (or, for the
// annotations, knows to ignore).
var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true, "$comment": true, "$defs": true,
	"$ref": true, "type": true, "const": true, "enum": true,
	"properties": true, "required": true, "additionalProperties": true,
	"items": true, "prefixItems": true, "minItems": true, "maxItems": true,
	"minimum": true, "maximum": true, "minLength": true, "pattern": true,
	"oneOf": true, "anyOf": true,
}

// A checker validates JSON values against one schema.
type checker struct {
	root any
	// strict treats an object schema with properties but without
	// additionalProperties as closed (additionalProperties: false), to
	// catch fields the output has and the schema does not document.
	strict   bool
	patterns map[string]*regexp.Regexp
}

// compileSchema parses a schema and checks that it uses only known
// keywords, well-formed, and that every $ref resolves.
func compileSchema(raw []byte, strict bool) (*checker, error) {
	root, err := decodeJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	c := &checker{root: root, strict: strict, patterns: map[string]*regexp.Regexp{}}
	if err := c.compile(root, "#"); err != nil {
		return nil, err
	}
	return c, nil
}

func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

func (c *checker) compile(s any, at string) error {
	switch s := s.(type) {
	case bool:
		return nil
	case map[string]any:
		for _, k := range sortedKeys(s) {
			v := s[k]
			if !knownKeywords[k] {
				return fmt.Errorf("%s: keyword %q not supported by the checker", at, k)
			}
			var err error
			switch k {
			case "$defs", "properties":
				m, ok := v.(map[string]any)
				if !ok {
					return fmt.Errorf("%s/%s: want an object", at, k)
				}
				for _, name := range sortedKeys(m) {
					if err := c.compile(m[name], at+"/"+k+"/"+name); err != nil {
						return err
					}
				}
			case "additionalProperties", "items":
				err = c.compile(v, at+"/"+k)
			case "prefixItems", "oneOf", "anyOf":
				list, ok := v.([]any)
				if !ok || len(list) == 0 {
					return fmt.Errorf("%s/%s: want a non-empty array", at, k)
				}
				for i, sub := range list {
					if err := c.compile(sub, fmt.Sprintf("%s/%s/%d", at, k, i)); err != nil {
						return err
					}
				}
			case "$ref":
				ref, ok := v.(string)
				if !ok {
					return fmt.Errorf("%s/$ref: want a string", at)
				}
				if _, err := c.resolve(ref); err != nil {
					return fmt.Errorf("%s: %w", at, err)
				}
			case "type":
				for _, t := range typeList(v) {
					switch t {
					case "null", "boolean", "object", "array", "number", "integer", "string":
					default:
						return fmt.Errorf("%s/type: unknown type %v", at, t)
					}
				}
				if len(typeList(v)) == 0 {
					return fmt.Errorf("%s/type: want a type name or a list of them", at)
				}
			case "required":
				list, ok := v.([]any)
				if !ok {
					return fmt.Errorf("%s/required: want an array", at)
				}
				for _, r := range list {
					if _, ok := r.(string); !ok {
						return fmt.Errorf("%s/required: want strings", at)
					}
				}
			case "enum":
				if list, ok := v.([]any); !ok || len(list) == 0 {
					return fmt.Errorf("%s/enum: want a non-empty array", at)
				}
			case "minItems", "maxItems", "minLength":
				if n, ok := v.(json.Number); !ok || !isNonNegInt(n) {
					return fmt.Errorf("%s/%s: want a non-negative integer", at, k)
				}
			case "minimum", "maximum":
				if _, ok := v.(json.Number); !ok {
					return fmt.Errorf("%s/%s: want a number", at, k)
				}
			case "pattern":
				p, ok := v.(string)
				if !ok {
					return fmt.Errorf("%s/pattern: want a string", at)
				}
				re, err := regexp.Compile(p)
				if err != nil {
					return fmt.Errorf("%s/pattern: %w", at, err)
				}
				c.patterns[p] = re
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s: a schema must be an object or a boolean", at)
}

// resolve follows a local reference ("#", "#/$defs/name", any JSON
// pointer into the root).
func (c *checker) resolve(ref string) (any, error) {
	if ref == "#" {
		return c.root, nil
	}
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("$ref %q: only local references (#/...) are supported", ref)
	}
	cur := c.root
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[tok]
			if !ok {
				return nil, fmt.Errorf("$ref %q does not resolve", ref)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, fmt.Errorf("$ref %q does not resolve", ref)
			}
			cur = v[i]
		default:
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	return cur, nil
}

// validate returns every violation of the schema by the JSON value raw.
func (c *checker) validate(raw []byte) []error {
	v, err := decodeJSON(raw)
	if err != nil {
		return []error{err}
	}
	var errs []error
	c.check(c.root, v, "", &errs)
	return errs
}

func (c *checker) fail(errs *[]error, at, format string, args ...any) {
	if at == "" {
		at = "/"
	}
	*errs = append(*errs, fmt.Errorf("%s: %s", at, fmt.Sprintf(format, args...)))
}

func (c *checker) check(schema, v any, at string, errs *[]error) {
	switch s := schema.(type) {
	case bool:
		if !s {
			c.fail(errs, at, "not allowed here")
		}
		return
	case map[string]any:
		c.checkObject(s, v, at, errs)
	}
}

func (c *checker) checkObject(s map[string]any, v any, at string, errs *[]error) {
	if ref, ok := s["$ref"].(string); ok {
		target, err := c.resolve(ref)
		if err != nil {
			c.fail(errs, at, "%v", err)
			return
		}
		c.check(target, v, at, errs)
	}
	if t, ok := s["type"]; ok {
		match := false
		for _, name := range typeList(t) {
			if hasType(v, name) {
				match = true
				break
			}
		}
		if !match {
			c.fail(errs, at, "%s is not of type %v", typeName(v), t)
			return
		}
	}
	if want, ok := s["const"]; ok && !jsonEqual(want, v) {
		c.fail(errs, at, "%s is not the constant %s", short(v), short(want))
	}
	if list, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range list {
			if jsonEqual(e, v) {
				found = true
				break
			}
		}
		if !found {
			c.fail(errs, at, "%s is not one of %s", short(v), short(list))
		}
	}
	if list, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range list {
			if c.valid(sub, v, at) {
				n++
			}
		}
		if n != 1 {
			c.fail(errs, at, "matches %d of the oneOf schemas, want exactly 1%s", n, c.firstError(list, v, at))
		}
	}
	if list, ok := s["anyOf"].([]any); ok {
		n := 0
		for _, sub := range list {
			if c.valid(sub, v, at) {
				n++
			}
		}
		if n == 0 {
			c.fail(errs, at, "matches none of the anyOf schemas%s", c.firstError(list, v, at))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		c.checkProperties(s, v, at, errs)
	case []any:
		c.checkItems(s, v, at, errs)
	case string:
		if n, ok := s["minLength"].(json.Number); ok {
			if min, _ := n.Int64(); int64(utf8.RuneCountInString(v)) < min {
				c.fail(errs, at, "string shorter than %d", min)
			}
		}
		if p, ok := s["pattern"].(string); ok && !c.patterns[p].MatchString(v) {
			c.fail(errs, at, "%q does not match %s", v, p)
		}
	case json.Number:
		if n, ok := s["minimum"].(json.Number); ok && numCmp(v, n) < 0 {
			c.fail(errs, at, "%s is less than the minimum %s", v, n)
		}
		if n, ok := s["maximum"].(json.Number); ok && numCmp(v, n) > 0 {
			c.fail(errs, at, "%s is more than the maximum %s", v, n)
		}
	}
}

func (c *checker) checkProperties(s map[string]any, v map[string]any, at string, errs *[]error) {
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if _, ok := v[r.(string)]; !ok {
				c.fail(errs, at, "missing required property %q", r)
			}
		}
	}
	props, hasProps := s["properties"].(map[string]any)
	extra, hasExtra := s["additionalProperties"]
	if !hasExtra && c.strict && hasProps {
		extra, hasExtra = false, true
	}
	for _, k := range sortedKeys(v) {
		path := at + "/" + k
		if sub, ok := props[k]; ok {
			c.check(sub, v[k], path, errs)
		} else if hasExtra {
			if b, ok := extra.(bool); ok && !b {
				c.fail(errs, path, "property not in the schema")
				continue
			}
			c.check(extra, v[k], path, errs)
		}
	}
}

func (c *checker) checkItems(s map[string]any, v []any, at string, errs *[]error) {
	if n, ok := s["minItems"].(json.Number); ok {
		if min, _ := n.Int64(); int64(len(v)) < min {
			c.fail(errs, at, "%d items, want at least %d", len(v), min)
		}
	}
	if n, ok := s["maxItems"].(json.Number); ok {
		if max, _ := n.Int64(); int64(len(v)) > max {
			c.fail(errs, at, "%d items, want at most %d", len(v), max)
		}
	}
	prefix, _ := s["prefixItems"].([]any)
	for i, item := range v {
		path := at + "/" + strconv.Itoa(i)
		if i < len(prefix) {
			c.check(prefix[i], item, path, errs)
		} else if items, ok := s["items"]; ok {
			c.check(items, item, path, errs)
		}
	}
}

func (c *checker) valid(schema, v any, at string) bool {
	var errs []error
	c.check(schema, v, at, &errs)
	return len(errs) == 0
}

// firstError explains why v matches none of the alternatives, when none
// does: the errors of the last one (typically the non-null schema).
func (c *checker) firstError(list []any, v any, at string) string {
	var errs []error
	c.check(list[len(list)-1], v, at, &errs)
	if len(errs) == 0 {
		return ""
	}
	return " (" + errs[0].Error() + ")"
}

func typeList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

func hasType(v any, name string) bool {
	switch name {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(n.String())
		return ok && r.IsInt()
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		if hasType(v, "integer") {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func isNonNegInt(n json.Number) bool {
	i, err := n.Int64()
	return err == nil && i >= 0
}

// numCmp compares two JSON numbers exactly.
func numCmp(a, b json.Number) int {
	x, okx := new(big.Rat).SetString(a.String())
	y, oky := new(big.Rat).SetString(b.String())
	if !okx || !oky {
		panic("schema: bad JSON number " + a.String() + " or " + b.String())
	}
	return x.Cmp(y)
}

// jsonEqual is JSON Schema equality: numbers by value, objects by keys
// and values, arrays item by item.
func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		return ok && numCmp(a, bn) == 0
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// TestChecker tests the checker itself, keyword by keyword, on schemas
// and instances whose validity draft 2020-12 settles.
func TestChecker(t *testing.T) {
	tests := []struct {
		name, schema, instance string
		strict                 bool
		valid                  bool
	}{
		{"true schema", `true`, `{"a":1}`, false, true},
		{"false schema", `false`, `1`, false, false},
		{"type string", `{"type":"string"}`, `"x"`, false, true},
		{"type string rejects number", `{"type":"string"}`, `1`, false, false},
		{"type list", `{"type":["string","null"]}`, `null`, false, true},
		{"type list rejects", `{"type":["string","null"]}`, `false`, false, false},
		{"integer accepts 1.0", `{"type":"integer"}`, `1.0`, false, true},
		{"integer rejects 1.5", `{"type":"integer"}`, `1.5`, false, false},
		{"integer accepts 1e2", `{"type":"integer"}`, `1e2`, false, true},
		{"number accepts integer", `{"type":"number"}`, `3`, false, true},
		{"boolean", `{"type":"boolean"}`, `true`, false, true},
		{"array is not object", `{"type":"object"}`, `[]`, false, false},
		{"const string", `{"const":"stance/v1"}`, `"stance/v1"`, false, true},
		{"const mismatch", `{"const":"stance/v1"}`, `"stance/v2"`, false, false},
		{"const number by value", `{"const":1}`, `1.0`, false, true},
		{"enum", `{"enum":["favor","against"]}`, `"against"`, false, true},
		{"enum miss", `{"enum":["favor","against"]}`, `"Favor"`, false, false},
		{"enum null", `{"enum":[null]}`, `null`, false, true},
		{"required", `{"required":["a"]}`, `{"a":null}`, false, true},
		{"required missing", `{"required":["a"]}`, `{"b":1}`, false, false},
		{"required ignores non-objects", `{"required":["a"]}`, `"s"`, false, true},
		{"properties", `{"properties":{"a":{"type":"string"}}}`, `{"a":"x","b":1}`, false, true},
		{"properties bad value", `{"properties":{"a":{"type":"string"}}}`, `{"a":1}`, false, false},
		{"additionalProperties false", `{"properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"b":2}`, false, false},
		{"additionalProperties schema", `{"properties":{"a":{}},"additionalProperties":{"type":"integer"}}`, `{"a":"x","b":2}`, false, true},
		{"additionalProperties schema fails", `{"additionalProperties":{"type":"integer"}}`, `{"b":"x"}`, false, false},
		{"strict closes properties", `{"properties":{"a":{}}}`, `{"a":1,"b":2}`, true, false},
		{"strict allows listed", `{"properties":{"a":{}}}`, `{"a":1}`, true, true},
		{"strict keeps explicit true", `{"properties":{"a":{}},"additionalProperties":true}`, `{"b":2}`, true, true},
		{"items", `{"items":{"type":"integer"}}`, `[1,2,3]`, false, true},
		{"items bad", `{"items":{"type":"integer"}}`, `[1,"2"]`, false, false},
		{"prefixItems", `{"prefixItems":[{"type":"integer"},{"type":"string"}]}`, `[1,"a"]`, false, true},
		{"prefixItems bad", `{"prefixItems":[{"type":"integer"},{"type":"string"}]}`, `["a",1]`, false, false},
		{"prefixItems then items", `{"prefixItems":[{"type":"integer"}],"items":false}`, `[1,2]`, false, false},
		{"minItems", `{"minItems":2}`, `[1]`, false, false},
		{"maxItems", `{"maxItems":2}`, `[1,2,3]`, false, false},
		{"minItems ok", `{"minItems":2,"maxItems":2}`, `[1,2]`, false, true},
		{"minimum", `{"minimum":0}`, `-1`, false, false},
		{"minimum inclusive", `{"minimum":0}`, `0`, false, true},
		{"maximum", `{"maximum":1}`, `1.0000000000000002`, false, false},
		{"maximum inclusive", `{"maximum":1}`, `1`, false, true},
		{"minimum ignores strings", `{"minimum":0}`, `"-1"`, false, true},
		{"minLength counts code points", `{"minLength":2}`, `"é"`, false, false},
		{"minLength ok", `{"minLength":1}`, `"🕊"`, false, true},
		{"pattern", `{"pattern":"^[a-z_]+$"}`, `"too_large"`, false, true},
		{"pattern miss", `{"pattern":"^[a-z_]+$"}`, `"Too Large"`, false, false},
		{"oneOf one", `{"oneOf":[{"type":"null"},{"type":"object"}]}`, `{}`, false, true},
		{"oneOf none", `{"oneOf":[{"type":"null"},{"type":"object"}]}`, `1`, false, false},
		{"oneOf two", `{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `1`, false, false},
		{"anyOf", `{"anyOf":[{"type":"number"},{"type":"integer"}]}`, `1`, false, true},
		{"anyOf none", `{"anyOf":[{"type":"number"}]}`, `"1"`, false, false},
		{"$ref", `{"$defs":{"p":{"maximum":1}},"items":{"$ref":"#/$defs/p"}}`, `[0.5,2]`, false, false},
		{"$ref ok", `{"$defs":{"p":{"maximum":1}},"items":{"$ref":"#/$defs/p"}}`, `[0.5,1]`, false, true},
		{"$ref root", `{"items":{"$ref":"#"},"type":"array"}`, `[[],[[]]]`, false, true},
		{"$ref root bad", `{"items":{"$ref":"#"},"type":"array"}`, `[[],[1]]`, false, false},
		{"$ref with siblings", `{"$defs":{"n":{"type":"integer"}},"$ref":"#/$defs/n","minimum":3}`, `2`, false, false},
		{"nested path", `{"properties":{"q":{"items":{"required":["id"]}}}}`, `{"q":[{"id":1},{}]}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := compileSchema([]byte(tt.schema), tt.strict)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			errs := c.validate([]byte(tt.instance))
			if got := len(errs) == 0; got != tt.valid {
				t.Errorf("valid = %v, want %v (errors: %v)", got, tt.valid, errs)
			}
		})
	}
}

func TestCheckerRejectsSchemas(t *testing.T) {
	for _, s := range []string{
		`{"format":"date"}`,                        // unsupported keyword
		`{"properties":{"a":{"minProperties":1}}}`, // nested unsupported keyword
		`{"$ref":"#/$defs/missing"}`,
		`{"$ref":"other.json#/x"}`,
		`{"type":"text"}`,
		`{"type":[]}`,
		`{"enum":[]}`,
		`{"minItems":-1}`,
		`{"minimum":"0"}`,
		`{"pattern":"("}`,
		`{"required":[1]}`,
		`{"oneOf":[]}`,
		`1`,
		`{} {}`,
	} {
		if _, err := compileSchema([]byte(s), false); err == nil {
			t.Errorf("compileSchema(%s) = nil error, want one", s)
		}
	}
}

func TestCheckerReportsPaths(t *testing.T) {
	c, err := compileSchema([]byte(`{"properties":{"quotes":{"items":{"properties":{"end":{"minimum":0}}}}}}`), false)
	if err != nil {
		t.Fatal(err)
	}
	errs := c.validate([]byte(`{"quotes":[{"end":1},{"end":-1}]}`))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "/quotes/1/end: ") {
		t.Errorf("errors %v, want one at /quotes/1/end", errs)
	}
}
