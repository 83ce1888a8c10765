package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A ReadCloser is a Reader over an opened source that must be closed.
type ReadCloser interface {
	Reader
	io.Closer
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Open opens the corpus at path: a directory, a file, or "-" for standard
// input. Gzip and zstd compression are detected from the first bytes; the
// format from cfg.Format, else the extension (after .gz/.zst), else the first
// bytes (a '{' means JSONL, anything else one text document).
func Open(path string, cfg ReaderConfig) (ReadCloser, error) {
	if path == "-" {
		r, err := OpenReader(os.Stdin, "-", cfg)
		if err != nil {
			return nil, err
		}
		return readCloser{r, nil}, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	if fi.IsDir() || cfg.Format == FormatDir {
		return NewDirReader(path, cfg)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	r, err := OpenReader(f, path, cfg)
	if err != nil {
		f.Close()
		return nil, err
	}
	return readCloser{r, f}, nil
}

type readCloser struct {
	Reader
	c io.Closer
}

func (r readCloser) Close() error {
	if r.c == nil {
		return nil
	}
	return r.c.Close()
}

// OpenReader returns a Reader over r, decompressing it when it starts with
// a gzip or zstd header; name gives the extension used to detect the format
// and the path used in Source.
func OpenReader(r io.Reader, name string, cfg ReaderConfig) (Reader, error) {
	dr, err := decompress(r, name)
	if err != nil {
		return nil, err
	}
	format := cfg.Format
	if format == FormatAuto {
		format = formatFromName(name)
	}
	br := bufio.NewReaderSize(dr, 64<<10)
	if format == FormatAuto {
		format = sniff(br)
	}
	switch format {
	case FormatJSONL:
		return NewJSONLReader(br, name, cfg), nil
	case FormatCSV:
		return NewCSVReader(br, name, ',', cfg), nil
	case FormatTSV:
		return NewCSVReader(br, name, '\t', cfg), nil
	case FormatText:
		return &textReader{r: br, name: name, cfg: cfg}, nil
	}
	return nil, fmt.Errorf("open corpus %s: unknown format %q (want jsonl, csv, tsv, text or dir)", name, format)
}

func decompress(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4) // a short input is simply not compressed
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("open corpus %s: gzip: %w", name, err)
		}
		return zr, nil
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, fmt.Errorf("open corpus %s: zstd: %w", name, err)
		}
		return zr.IOReadCloser(), nil
	}
	return br, nil
}

func trimCompression(name string) string {
	lower := strings.ToLower(name)
	for _, ext := range []string{".gz", ".gzip", ".zst", ".zstd"} {
		if strings.HasSuffix(lower, ext) {
			return name[:len(name)-len(ext)]
		}
	}
	return name
}

func formatFromName(name string) Format {
	switch strings.ToLower(filepath.Ext(trimCompression(name))) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	case ".csv":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	case ".txt", ".md", ".text":
		return FormatText
	}
	return FormatAuto
}

// sniff guesses the format from the first non-space byte.
func sniff(br *bufio.Reader) Format {
	head, _ := br.Peek(512) // fewer bytes at the end of input are fine
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(head) > 0 && head[0] == '{' {
		return FormatJSONL
	}
	return FormatText
}

// textReader reads its whole input as one document.
type textReader struct {
	r    io.Reader
	name string
	cfg  ReaderConfig
	done bool
}

func (t *textReader) Read() (Document, error) {
	if t.done {
		return Document{}, io.EOF
	}
	t.done = true
	id := filepath.Base(trimCompression(t.name))
	return readWhole(t.r, t.name, id, t.cfg.maxBytes())
}

var utf16BOMs = [][]byte{{0xff, 0xfe}, {0xfe, 0xff}}

// readWhole reads a whole-file document of at most max bytes. A UTF-16 file
// with a byte-order mark is decoded to UTF-8; any other bytes are kept as
// they are (invalid UTF-8 is reported by the pipeline, not here).
func readWhole(r io.Reader, name, id string, max int) (Document, error) {
	doc := Document{ID: id, Source: name + ":1"}
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return doc, &ReadError{Source: doc.Source, Err: ErrUnreadable, Detail: err.Error()}
	}
	if len(b) > max {
		return doc, &ReadError{Source: doc.Source, Err: ErrTooLarge, Detail: fmt.Sprintf("more than %d bytes", max)}
	}
	for _, bom := range utf16BOMs {
		if bytes.HasPrefix(b, bom) {
			dec := unicode.BOMOverride(unicode.UTF8.NewDecoder())
			u, _, err := transform.Bytes(dec, b)
			if err != nil {
				return doc, &ReadError{Source: doc.Source, Err: ErrInvalidUTF8, Detail: "bad UTF-16: " + err.Error()}
			}
			b = u
		}
	}
	doc.Text = string(b)
	return doc, nil
}
