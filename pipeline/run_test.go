package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stance-project/stance/corpus"
)

// genReader yields n generated documents; every badEvery-th is a ReadError.
type genReader struct {
	n, i     int
	badEvery int
	onRead   func(i int)
}

func (g *genReader) Read() (corpus.Document, error) {
	if g.i >= g.n {
		return corpus.Document{}, io.EOF
	}
	i := g.i
	g.i++
	if g.onRead != nil {
		g.onRead(i)
	}
	doc := corpus.Document{ID: "d" + strconv.Itoa(i), Source: "gen:" + strconv.Itoa(i+1), Text: fmt.Sprintf("Document %d says hello.", i)}
	if g.badEvery > 0 && i%g.badEvery == g.badEvery-1 {
		return corpus.Document{Source: doc.Source}, &corpus.ReadError{Source: doc.Source, Err: corpus.ErrMalformedJSON}
	}
	return doc, nil
}

// collectSink keeps the sequence numbers and ids it is given.
type collectSink struct {
	seqs []int64
	recs []*Record
}

func (c *collectSink) Write(r *Record) error {
	c.seqs = append(c.seqs, r.Seq)
	c.recs = append(c.recs, r)
	return nil
}
func (c *collectSink) Close() error { return nil }

// jitter sleeps a little for some records so that workers finish out of order.
var jitter = StageFunc(func(ctx context.Context, rec *Record) error {
	if rec.Seq%7 == 0 {
		time.Sleep(time.Duration(rec.Seq%3) * 50 * time.Microsecond)
	}
	return nil
})

func TestRunKeepsOrder(t *testing.T) {
	for _, workers := range []int{1, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			src := &genReader{n: 10000, badEvery: 97}
			sink := &collectSink{}
			steps := []Step{{"normalize", Normalize{}}, {"jitter", jitter}, {"segment", Segment{}}, {"jitter2", jitter}}
			sum, err := Run(context.Background(), src, steps, sink, Config{Workers: workers, Window: 32})
			if err != nil {
				t.Fatal(err)
			}
			if len(sink.seqs) != 10000 {
				t.Fatalf("wrote %d records, want 10000", len(sink.seqs))
			}
			for i, s := range sink.seqs {
				if s != int64(i) {
					t.Fatalf("record %d has seq %d: order lost", i, s)
				}
			}
			if sum.Read != sum.Written+sum.Errored || sum.Read != 10000 {
				t.Errorf("read %d, written %d, errored %d: want read = written + errored = 10000", sum.Read, sum.Written, sum.Errored)
			}
			if want := int64(10000 / 97); sum.Errored != want || sum.ByCode["malformed_json"] != want {
				t.Errorf("errored %d (%v), want %d malformed_json", sum.Errored, sum.ByCode, want)
			}
		})
	}
}

func TestRunStagePanicBecomesRecord(t *testing.T) {
	boom := StageFunc(func(ctx context.Context, rec *Record) error {
		switch rec.Seq {
		case 3:
			panic("boom on record 3")
		case 5:
			return errors.New("no luck")
		}
		return nil
	})
	var after atomic.Int64
	count := StageFunc(func(ctx context.Context, rec *Record) error { after.Add(1); return nil })
	sink := &collectSink{}
	sum, err := Run(context.Background(), &genReader{n: 10}, []Step{{"boom", boom}, {"count", count}}, sink, Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 10 || sum.Written != 8 || sum.Errored != 2 {
		t.Fatalf("summary %+v, want 10 read, 8 written, 2 errored", sum)
	}
	if e := sink.recs[3].Err; e == nil || e.Code != CodePanic || e.Stage != "boom" {
		t.Errorf("record 3 error %+v, want panic in stage boom", e)
	}
	if e := sink.recs[5].Err; e == nil || e.Code != CodeStageFailed || e.Message != "no luck" {
		t.Errorf("record 5 error %+v, want stage_failed", e)
	}
	if after.Load() != 8 {
		t.Errorf("later stage saw %d records, want 8 (failed records skip it)", after.Load())
	}
}

func TestRunCancelStopsPromptly(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	src := &genReader{n: 1 << 30, onRead: func(i int) {
		if i == 500 {
			cancel()
		}
	}}
	sink := &collectSink{}
	done := make(chan struct{})
	var sum Summary
	var err error
	go func() {
		sum, err = Run(ctx, src, []Step{{"normalize", Normalize{}}, {"jitter", jitter}}, sink, Config{Workers: 4})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
	if !errors.Is(err, context.Canceled) || !sum.Cancelled {
		t.Fatalf("err %v, cancelled %v: want context.Canceled", err, sum.Cancelled)
	}
	if sum.Read != sum.Written+sum.Errored || sum.Abandoned != 0 {
		t.Errorf("read %d, written %d, errored %d, abandoned %d: in-flight records must drain", sum.Read, sum.Written, sum.Errored, sum.Abandoned)
	}
	if sum.Read < 500 || sum.Read > 1000 {
		t.Errorf("read %d documents, want about 500 (reading must stop at cancel)", sum.Read)
	}
	// Goroutines wind down; allow the runtime a moment.
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after Run, %d before: leak", runtime.NumGoroutine(), before)
}

// failSink fails on its third write.
type failSink struct{ n int }

func (f *failSink) Write(*Record) error {
	f.n++
	if f.n == 3 {
		return errors.New("disk full")
	}
	return nil
}
func (f *failSink) Close() error { return nil }

func TestRunSinkFailureStops(t *testing.T) {
	sum, err := Run(context.Background(), &genReader{n: 10000}, []Step{{"normalize", Normalize{}}}, &failSink{}, Config{Workers: 2})
	if err == nil || !errors.Is(err, err) || sum.Written != 2 {
		t.Fatalf("err %v, written %d: want the sink's error after 2 records", err, sum.Written)
	}
	if sum.Read != sum.Written+sum.Errored+sum.Abandoned {
		t.Errorf("summary does not account for every record: %+v", sum)
	}
}

// srcFail fails for good after two documents.
type srcFail struct{ i int }

func (s *srcFail) Read() (corpus.Document, error) {
	s.i++
	if s.i > 2 {
		return corpus.Document{}, errors.New("unexpected EOF")
	}
	return corpus.Document{ID: "x", Text: "Hello there."}, nil
}

func TestRunSourceFailure(t *testing.T) {
	sink := &collectSink{}
	sum, err := Run(context.Background(), &srcFail{}, []Step{{"normalize", Normalize{}}}, sink, Config{})
	if err == nil || sum.Written != 2 || len(sink.recs) != 2 {
		t.Fatalf("err %v, written %d: want the source error after writing the 2 documents read", err, sum.Written)
	}
}
