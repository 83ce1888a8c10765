package pipeline

import (
	"context"
	"testing"
	"time"
)

// After a cancelled run's drain times out, the stages still running see
// the hard stop as a cancelled context and fail their records. Those
// failures are the stop's, not the documents': none may be written (a
// resumed run would keep them), and the records count as abandoned.
func TestRunHardStopWritesNoSpuriousErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := &genReader{n: 1000, onRead: func(i int) {
		if i == 20 {
			cancel()
		}
	}}
	stuck := StageFunc(func(ctx context.Context, rec *Record) error {
		if rec.Seq < 10 {
			return nil
		}
		<-ctx.Done() // a slow stage that heeds cancellation
		return ctx.Err()
	})
	sink := &collectSink{}
	sum, _ := Run(ctx, src, []Step{{"stuck", stuck}}, sink, Config{Workers: 4, DrainTimeout: 20 * time.Millisecond})
	for i, r := range sink.recs {
		if r.Err != nil {
			t.Errorf("record %d written with the hard stop's error: %+v", r.Seq, r.Err)
		}
		if r.Seq != int64(i) {
			t.Errorf("record %d written in position %d", r.Seq, i)
		}
	}
	if len(sink.recs) != 10 || sum.Abandoned == 0 || sum.Read != sum.Written+sum.Errored+sum.Abandoned {
		t.Errorf("%d records written, summary %+v: want the 10 finished ones, the rest abandoned", len(sink.recs), sum)
	}
}
