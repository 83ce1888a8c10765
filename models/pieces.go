package models

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/sugarme/tokenizer/model"
	"github.com/sugarme/tokenizer/model/wordpiece"
)

// pieceCache memoizes the WordPiece pieces of each word type (as hashes).
// WordPiece is slow per call, so every word is split once; the cache is
// bounded (a shard that fills up is cleared) and safe for concurrent use.
type pieceCache struct {
	wp     wordpiece.WordPiece
	shards [pieceShards]pieceShard
}

const (
	pieceShards   = 64
	pieceShardCap = 2048 // entries per shard: 131,072 word types in all
)

// A pieceShard maps a word's hash (token.h) to its pieces; the word is
// kept to tell hash collisions apart.
type pieceShard struct {
	mu sync.RWMutex
	m  map[uint64]pieceEntry
}

type pieceEntry struct {
	word string
	ps   []uint64
}

// newPieceCache builds the WordPiece model from a vocabulary file's bytes
// (one piece a line) and returns the cache and the vocabulary's checksum.
func newPieceCache(vocab []byte) (*pieceCache, string, error) {
	v := model.Vocab{}
	sc := bufio.NewScanner(bytes.NewReader(vocab))
	for i := 0; sc.Scan(); i++ {
		v[sc.Text()] = i
	}
	if err := sc.Err(); err != nil {
		return nil, "", err
	}
	if _, ok := v["[UNK]"]; !ok {
		return nil, "", fmt.Errorf("models: subword vocabulary has no [UNK]")
	}
	wp := wordpiece.NewWordPieceBuilder().Vocab(&v).UnkToken("[UNK]").Build()
	sum := sha256.Sum256(vocab)
	pc := &pieceCache{wp: wp}
	for i := range pc.shards {
		pc.shards[i].m = make(map[uint64]pieceEntry)
	}
	return pc, hex.EncodeToString(sum[:]), nil
}

// get returns the piece hashes of one lower-cased word, whose hashBytes
// is h. The result must not be modified. front is the caller's own small
// cache in front of the shared one (a view's; nil for none).
func (pc *pieceCache) get(word []byte, h uint64, front *pieceFront) []uint64 {
	var fe *pieceEntry
	if front != nil {
		fe = &front[h%uint64(len(front))]
		if fe.ps != nil && fe.word == string(word) {
			return fe.ps
		}
	}
	sh := &pc.shards[h%pieceShards]
	sh.mu.RLock()
	e, ok := sh.m[h]
	sh.mu.RUnlock()
	if !ok || e.word != string(word) {
		e = pieceEntry{word: string(word), ps: pc.split(word)}
		sh.mu.Lock()
		if len(sh.m) >= pieceShardCap {
			clear(sh.m)
		}
		sh.m[h] = e
		sh.mu.Unlock()
	}
	if fe != nil && e.ps != nil {
		*fe = e
	}
	return e.ps
}

// A pieceFront is a direct-mapped cache of pieces, owned by one view: the
// words of a document repeat, and this needs no lock.
type pieceFront [1024]pieceEntry

// split runs WordPiece on each hyphen- or apostrophe-separated segment of
// word, as BERT's basic tokenizer splits punctuation first.
func (pc *pieceCache) split(word []byte) []uint64 {
	var out []uint64
	for seg := range bytes.FieldsFuncSeq(word, func(r rune) bool { return r == '-' || r == '\'' }) {
		toks, err := pc.wp.Tokenize(string(seg))
		if err != nil {
			continue // only when the vocabulary lacks [UNK], checked at load
		}
		for _, t := range toks {
			out = append(out, hashString(t.Value))
		}
	}
	return out
}
