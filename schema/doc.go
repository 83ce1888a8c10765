// Package schema holds the JSON Schema (draft 2020-12) of classify's
// output record, stance/v1, in stance-v1.json beside this file, and the
// tests that hold every golden output and every record the pipeline
// produces to it. README.md says what may change within v1 and what needs
// a v2.
package schema

import (
	"bytes"
	_ "embed"
)

//go:embed stance-v1.json
var v1 []byte

// V1 returns the JSON Schema of a stance/v1 record (stance-v1.json).
func V1() []byte { return bytes.Clone(v1) }
