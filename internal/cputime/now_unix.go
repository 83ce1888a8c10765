//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// Now returns the process's CPU time (user + system), or -1.
func Now() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
