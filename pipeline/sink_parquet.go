package pipeline

import (
	"io"

	"github.com/parquet-go/parquet-go"
)

// Row-group limits of ParquetSink: a row group is written out when it holds
// this many rows or this many bytes of values, whichever comes first, so
// the memory the sink holds stays flat whatever the corpus size.
const (
	parquetGroupRows  = 100_000
	parquetGroupBytes = 64 << 20
)

// ParquetSink writes the flat form of stance/v1 (see FlatRow) as a Parquet
// file: one column per FlatColumns entry, typed (strings as UTF-8 byte
// arrays, offsets as int64, confidences and probabilities as double),
// absent values null, zstd compression, and row groups bounded in rows and
// bytes. The file's key-value metadata holds "stance.schema" = Schema.
//
// The output needs no seeking, but the file is complete only after Close,
// which writes the footer (it does not close w).
type ParquetSink struct {
	w         *parquet.GenericWriter[FlatRow]
	rows      []FlatRow
	groupRows int64
	groupSize int64
	maxRows   int64
	maxBytes  int64
}

// NewParquetSink returns a Parquet sink writing to w.
func NewParquetSink(w io.Writer) *ParquetSink {
	return newParquetSink(w, parquetGroupRows, parquetGroupBytes)
}

func newParquetSink(w io.Writer, maxRows, maxBytes int64) *ParquetSink {
	pw := parquet.NewGenericWriter[FlatRow](w,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("stance", Schema, ""),
		parquet.KeyValueMetadata("stance.schema", Schema),
	)
	return &ParquetSink{w: pw, maxRows: maxRows, maxBytes: maxBytes}
}

// Write implements Sink.
func (s *ParquetSink) Write(rec *Record) error {
	s.rows = Flatten(s.rows[:0], rec)
	if _, err := s.w.Write(s.rows); err != nil {
		return err
	}
	for i := range s.rows {
		s.groupSize += s.rows[i].size()
	}
	s.groupRows += int64(len(s.rows))
	clear(s.rows) // drop references to the record's strings
	if s.groupRows >= s.maxRows || s.groupSize >= s.maxBytes {
		s.groupRows, s.groupSize = 0, 0
		return s.w.Flush()
	}
	return nil
}

// Close implements Sink: it writes the last row group and the footer.
func (s *ParquetSink) Close() error { return s.w.Close() }

// size is about the bytes r's values take in a row group before encoding.
func (r *FlatRow) size() int64 {
	n := len(r.DocID) + len(r.Source) + 8*6
	for _, p := range []*string{r.QuoteID, r.QuoteText, r.Kind, r.Speaker, r.SpeakerVia, r.Cue,
		r.Target, r.Stance, r.Condition, r.Evidence, r.ErrorCode} {
		if p != nil {
			n += len(*p)
		}
	}
	return int64(n)
}
