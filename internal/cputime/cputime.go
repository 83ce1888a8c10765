// Package cputime measures the process's CPU time for benchmarks. On a
// shared machine CPU time is inflated much less than wall-clock time, so
// the benchmarks report cpu-MB/s and cpu-ns/op beside the usual figures.
package cputime

import (
	"testing"
	"time"
)

// A Clock measures the process's CPU time over a benchmark.
type Clock struct {
	start time.Duration
	bytes int64 // per op, for Done
}

// Start resets the benchmark timer and starts a Clock.
func Start(b *testing.B) *Clock {
	b.ResetTimer()
	return &Clock{start: Now()}
}

// Report adds cpu-ns/op and, when bytesPerOp > 0, cpu-MB/s (bytes per op ×
// b.N over the CPU time). It reports nothing where CPU time is not
// available.
func (c *Clock) Report(b *testing.B, bytesPerOp int64) {
	d := Now() - c.start
	if d <= 0 || c.start < 0 {
		return
	}
	b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if bytesPerOp > 0 {
		b.ReportMetric(float64(bytesPerOp)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
	}
}

// Bench sets the benchmark's bytes per op, reports allocations and starts a
// Clock that Done reports against the same bytes.
func Bench(b *testing.B, bytesPerOp int64) *Clock {
	b.SetBytes(bytesPerOp)
	b.ReportAllocs()
	c := Start(b)
	c.bytes = bytesPerOp
	return c
}

// Done reports cpu-ns/op and cpu-MB/s for the bytes given to Bench.
func (c *Clock) Done(b *testing.B) { c.Report(b, c.bytes) }
