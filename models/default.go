package models

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stance-project/stance/corpus"
)

// The default model, its targets and the WordPiece vocabulary ship inside
// the binary.
//
//go:embed default/model.json.gz default/targets.json default/vocab.txt default/wordvec.json.gz
var defaultFS embed.FS

// DefaultModelName is the default model's name in DefaultFS.
const DefaultModelName = "default/model.json.gz"

// DefaultFS returns the embedded file system holding the default model
// (DefaultModelName), its targets and the subword vocabulary.
func DefaultFS() embed.FS { return defaultFS }

// LoadDefault loads the embedded default model. No file on disk is read.
func LoadDefault() (*Model, error) { return Load(defaultFS, DefaultModelName) }

// DefaultTargets returns the three default targets (peace, ceasefire,
// security_guarantees) with their lexicons.
func DefaultTargets() []corpus.Target {
	b, err := defaultFS.ReadFile("default/targets.json")
	if err != nil {
		panic("models: embedded targets missing: " + err.Error())
	}
	var ts []corpus.Target
	if err := json.Unmarshal(b, &ts); err != nil {
		panic("models: embedded targets corrupt: " + err.Error())
	}
	return slices.Clip(ts)
}

// embeddedPieces builds a WordPiece cache on the embedded vocabulary.
func embeddedPieces() (*pieceCache, string, error) {
	b, err := defaultFS.ReadFile("default/vocab.txt")
	if err != nil {
		return nil, "", fmt.Errorf("models: embedded vocabulary: %w", err)
	}
	return newPieceCache(b)
}

// embeddedWordVectors loads the embedded word vectors.
func embeddedWordVectors() (*wordVectors, string, error) {
	b, err := defaultFS.ReadFile("default/wordvec.json.gz")
	if err != nil {
		return nil, "", fmt.Errorf("models: embedded word vectors: %w", err)
	}
	return loadWordVectors(b)
}
