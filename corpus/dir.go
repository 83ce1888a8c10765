package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DirReader reads a directory tree in lexical order: each .txt, .md or .text
// file (also gzip- or zstd-compressed) is one document whose ID is its path
// relative to the root; each .jsonl, .ndjson, .csv or .tsv file is read as a
// corpus of its own. Files with other extensions are skipped and listed in
// Skipped. A file or directory that cannot be read becomes an ErrUnreadable
// error, and reading goes on with the next file.
type DirReader struct {
	root    string
	cfg     ReaderConfig
	entries []dirEntry
	next    int
	cur     Reader    // the open nested corpus, if any
	curF    io.Closer // its file
	curName string
	// Skipped lists the files passed over for their extension.
	Skipped []string
}

type dirEntry struct {
	path string
	err  error // the walk could not read this entry
}

// NewDirReader lists the tree under root; files are opened one at a time as
// they are read.
func NewDirReader(root string, cfg ReaderConfig) (*DirReader, error) {
	d := &DirReader{root: root, cfg: cfg}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			d.entries = append(d.entries, dirEntry{path: path, err: err})
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if path != root && strings.HasPrefix(e.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		switch formatFromName(e.Name()) {
		case FormatText, FormatJSONL, FormatCSV, FormatTSV:
			d.entries = append(d.entries, dirEntry{path: path})
		default:
			d.Skipped = append(d.Skipped, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open corpus %s: %w", root, err)
	}
	return d, nil
}

// Read returns the next document. See Reader.
func (d *DirReader) Read() (Document, error) {
	for {
		if d.cur != nil {
			doc, err := d.cur.Read()
			if err == nil {
				return doc, nil
			}
			var re *ReadError
			if errors.As(err, &re) {
				return doc, err
			}
			src := d.curName
			d.closeCur()
			if err == io.EOF {
				continue
			}
			// The nested file failed (a truncated gzip stream, say): report
			// it and go on with the next file.
			return Document{Source: src}, &ReadError{Source: src, Err: ErrUnreadable, Detail: err.Error()}
		}
		if d.next >= len(d.entries) {
			return Document{}, io.EOF
		}
		e := d.entries[d.next]
		d.next++
		rel, relErr := filepath.Rel(d.root, e.path)
		if relErr != nil {
			rel = e.path
		}
		rel = filepath.ToSlash(rel)
		if e.err != nil {
			return Document{ID: rel, Source: e.path}, &ReadError{Source: e.path, Err: ErrUnreadable, Detail: e.err.Error()}
		}
		f, err := os.Open(e.path)
		if err != nil {
			return Document{ID: rel, Source: e.path}, &ReadError{Source: e.path, Err: ErrUnreadable, Detail: err.Error()}
		}
		if formatFromName(e.path) == FormatText {
			doc, err := d.readText(f, e.path, rel)
			f.Close()
			return doc, err
		}
		cfg := d.cfg
		cfg.Format = FormatAuto
		r, err := OpenReader(f, e.path, cfg)
		if err != nil {
			f.Close()
			return Document{Source: e.path}, &ReadError{Source: e.path, Err: ErrUnreadable, Detail: err.Error()}
		}
		d.cur, d.curF, d.curName = r, f, e.path
	}
}

func (d *DirReader) readText(f *os.File, path, id string) (Document, error) {
	r, err := decompress(f, path)
	if err != nil {
		return Document{ID: id, Source: path}, &ReadError{Source: path, Err: ErrUnreadable, Detail: err.Error()}
	}
	return readWhole(r, path, id, d.cfg.maxBytes())
}

func (d *DirReader) closeCur() {
	if d.curF != nil {
		d.curF.Close()
	}
	d.cur, d.curF, d.curName = nil, nil, ""
}

// Close closes the file being read, if any.
func (d *DirReader) Close() error {
	d.closeCur()
	return nil
}
