package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/stance-project/stance/corpus"
)

// Config tunes Run. Its zero value works.
type Config struct {
	// Workers is the number of workers per stage; 0 means GOMAXPROCS.
	Workers int
	// Window bounds the records in flight between the reader and the sink
	// (0 means 64 + 8 × Workers): records finished out of order wait at the
	// sink at most this many, so memory stays flat whatever the corpus size.
	Window int
	// MaxInflightBytes bounds the text held in flight (0 means 64 MiB); a
	// single larger document still runs, alone.
	MaxInflightBytes int64
	// DrainTimeout is how long in-flight records may take to finish after
	// ctx is cancelled before they are abandoned (0 means 10 s).
	DrainTimeout time.Duration
	// Progress, if set, is called from the sink's goroutine after each
	// record is written.
	Progress func(Summary)
}

// A Summary accounts for every document of a run:
// Read == Written + Errored + Abandoned.
type Summary struct {
	Read      int64            // documents taken from the reader (good or not)
	Written   int64            // records written without an error
	Errored   int64            // error records written
	Abandoned int64            // records dropped by a hard stop (0 unless the drain timed out)
	Bytes     int64            // bytes of document text read
	ByCode    map[string]int64 // error records by code
	Elapsed   time.Duration
	Stages    []StageTime // time spent in each stage, summed over workers
	Cancelled bool        // the run was stopped before the end of its input
}

// StageTime is the busy time of one stage.
type StageTime struct {
	Name string
	Busy time.Duration
}

// Run reads every document from src, passes it through steps in order, each
// stage a pool of cfg.Workers goroutines joined by bounded channels, and
// writes the records to sink in input order. A stage's error or panic
// becomes that record's error; the run goes on.
//
// When ctx is cancelled, Run stops reading, lets the records in flight
// finish (for up to cfg.DrainTimeout), writes them, and returns the summary
// with Cancelled set and ctx's error. Run returns early only on a failure of
// the source (a read error other than *corpus.ReadError) or of the sink; the
// summary then says what was done. Run does not close sink.
func Run(ctx context.Context, src corpus.Reader, steps []Step, sink Sink, cfg Config) (Summary, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	window := cfg.Window
	if window <= 0 {
		window = 64 + 8*workers
	}
	maxBytes := cfg.MaxInflightBytes
	if maxBytes <= 0 {
		maxBytes = 64 << 20
	}
	drain := cfg.DrainTimeout
	if drain <= 0 {
		drain = 10 * time.Second
	}
	start := time.Now()
	sum := Summary{ByCode: map[string]int64{}}

	// work outlives ctx for the drain; hard ends it.
	work, hard := context.WithCancel(context.WithoutCancel(ctx))
	defer hard()
	stopDrain := context.AfterFunc(ctx, func() {
		t := time.NewTimer(drain)
		defer t.Stop()
		select {
		case <-t.C:
			hard()
		case <-work.Done():
		}
	})
	defer stopDrain()

	slots := make(chan struct{}, window)
	budget := semaphore.NewWeighted(maxBytes)
	var srcErr error
	var read, bytesRead atomic.Int64

	head := make(chan *Record, 2*workers)
	go func() {
		defer close(head)
		for seq := int64(0); ; seq++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			case <-work.Done():
				return
			}
			doc, err := src.Read()
			if err == io.EOF {
				return
			}
			var re *corpus.ReadError
			if err != nil && !errors.As(err, &re) {
				srcErr = err
				return
			}
			w := min(int64(len(doc.Text)), maxBytes)
			if err := budget.Acquire(work, w); err != nil {
				return
			}
			read.Add(1)
			bytesRead.Add(int64(len(doc.Text)))
			rec := newRecord(seq, doc)
			rec.weight = w
			if re != nil {
				rec.Err = &RecordError{Code: corpus.Code(re), Stage: "read", Message: re.Error()}
			}
			select {
			case head <- rec:
			case <-work.Done():
				return
			}
		}
	}()

	busy := make([]atomic.Int64, len(steps))
	in := head
	for i, step := range steps {
		out := make(chan *Record, 2*workers)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func(in <-chan *Record) {
				defer wg.Done()
				for rec := range in {
					if rec.Err == nil {
						t0 := time.Now()
						apply(work, step, rec)
						busy[i].Add(int64(time.Since(t0)))
					}
					select {
					case out <- rec:
					case <-work.Done():
						return
					}
				}
			}(in)
		}
		go func() { wg.Wait(); close(out) }()
		in = out
	}

	// The sink: restore input order within the window.
	pending := make(map[int64]*Record)
	next := int64(0)
	var sinkErr error
	for rec := range in {
		if sinkErr != nil || work.Err() != nil {
			// Draining after a failed write, or after a hard stop: a record
			// finishing now may carry the stop's cancellation as its error,
			// so none is written (they count as abandoned).
			continue
		}
		pending[rec.Seq] = rec
		for {
			r, ok := pending[next]
			if !ok || work.Err() != nil {
				break
			}
			delete(pending, next)
			next++
			if err := sink.Write(r); err != nil {
				sinkErr = fmt.Errorf("write record %s: %w", r.DocID, err)
				hard()
				break
			}
			if r.Err != nil {
				sum.Errored++
				sum.ByCode[r.Err.Code]++
			} else {
				sum.Written++
			}
			budget.Release(r.weight)
			<-slots
			if cfg.Progress != nil {
				sum.Read, sum.Bytes = read.Load(), bytesRead.Load()
				sum.Elapsed = time.Since(start)
				cfg.Progress(sum)
			}
		}
	}
	sum.Read, sum.Bytes = read.Load(), bytesRead.Load()
	sum.Abandoned = sum.Read - sum.Written - sum.Errored
	sum.Elapsed = time.Since(start)
	for i, s := range steps {
		sum.Stages = append(sum.Stages, StageTime{Name: s.Name, Busy: time.Duration(busy[i].Load())})
	}
	switch {
	case sinkErr != nil:
		return sum, sinkErr
	case srcErr != nil:
		return sum, fmt.Errorf("read corpus: %w", srcErr)
	case ctx.Err() != nil:
		sum.Cancelled = true
		return sum, ctx.Err()
	}
	return sum, nil
}

// apply runs one stage on rec, turning an error or a panic into the
// record's error.
func apply(ctx context.Context, step Step, rec *Record) {
	defer func() {
		if p := recover(); p != nil {
			rec.Err = &RecordError{Code: CodePanic, Stage: step.Name, Message: fmt.Sprint(p)}
		}
	}()
	if err := step.Stage.Process(ctx, rec); err != nil {
		var re *RecordError
		if errors.As(err, &re) {
			if re.Stage == "" {
				re.Stage = step.Name
			}
			rec.Err = re
			return
		}
		rec.Err = &RecordError{Code: CodeStageFailed, Stage: step.Name, Message: err.Error()}
	}
}
