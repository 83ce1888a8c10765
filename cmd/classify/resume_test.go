package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildClassify builds the classify command into a temporary folder and
// returns its path.
func buildClassify(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build classify with")
	}
	bin := filepath.Join(t.TempDir(), "classify")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// resumeCorpus writes a JSONL corpus of n short articles with quotes and,
// every so often, a bad line (malformed, empty, missing its text), so that
// error records are resumed too. It returns its path.
func resumeCorpus(t *testing.T, dir string, n int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(4, 2))
	names := []string{"Grace Okafor", "Olena Kovalenko", "Dmitry Peskov", "Emmanuel Macron", "a senior official"}
	cues := []string{"said", "told reporters", "added", "warned", "explained"}
	topics := []string{"peace talks", "a ceasefire", "security guarantees", "the negotiating table", "a truce"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	var b strings.Builder
	for i := range n {
		switch {
		case i%97 == 50:
			fmt.Fprintf(&b, `{"id":"r%d","text":"truncated`+"\n", i)
			continue
		case i%131 == 60:
			fmt.Fprintf(&b, `{"id":"r%d","text":" "}`+"\n", i)
			continue
		case i%151 == 70:
			fmt.Fprintf(&b, `{"id":"r%d","body":"no text"}`+"\n", i)
			continue
		}
		t1, t2 := pick(topics), pick(topics)
		text := fmt.Sprintf("“We will not accept %s without conditions,” %s %s on day %d. The talks resumed in Geneva. “%s is the only way forward,” %s %s.",
			t1, pick(names), pick(cues), i, strings.ToUpper(t2[:1])+t2[1:], pick(names), pick(cues))
		line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("r%d", i), "text": text})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestResumeAfterKill kills a real classify process with SIGKILL at random
// points, again and again, resuming each time, and checks that the final
// file is byte for byte that of an uninterrupted run (with 1 worker; the
// killed runs use 3).
func TestResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds classify and runs it many times")
	}
	const kills = 25
	bin := buildClassify(t)
	dir := t.TempDir()
	in := resumeCorpus(t, dir, 3000)

	// The reference, and how long a run takes to start.
	t0 := time.Now()
	ref, err := exec.Command(bin, "score", "--quiet", "--workers", "1", in).Output()
	if err != nil {
		t.Fatal(err)
	}
	full := time.Since(t0)
	one := filepath.Join(dir, "one.jsonl")
	os.WriteFile(one, []byte(`{"id":"x","text":"Hello."}`+"\n"), 0o644)
	t0 = time.Now()
	if err := exec.Command(bin, "score", "--quiet", one).Run(); err != nil {
		t.Fatal(err)
	}
	startup := time.Since(t0)
	// One kill in five lands at a random time during startup (loading the
	// model, cutting the torn tail, skipping the documents done). The others
	// wait until the output has grown by a random amount, up to twice an
	// even share of the final size, then kill within a few milliseconds:
	// tied to progress, not to this machine's speed, the kills spread over
	// the whole run.
	out := filepath.Join(dir, "out.jsonl")
	partial := out + partialSuffix
	size := func() int64 {
		if fi, err := os.Stat(partial); err == nil {
			return fi.Size()
		}
		return 0
	}
	args := []string{"score", "--resume", "--quiet", "--workers", "3", "-o", out, in}
	rng := rand.New(rand.NewPCG(20251127, 9))
	var runs, killed, midRun, torn, finished, rounds int
	var compared int64
	var sizes []int64
	// check compares a finished output with the reference and starts a new
	// round (when kills remain to be done) from an empty output.
	check := func(what string) {
		t.Helper()
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if _, err := os.Stat(partial); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %s left behind", what, partial)
		}
		if !bytes.Equal(got, ref) {
			gl, rl := bytes.Count(got, []byte("\n")), bytes.Count(ref, []byte("\n"))
			t.Fatalf("%s: resumed output (%d bytes, %d lines) differs from an uninterrupted run (%d bytes, %d lines)", what, len(got), gl, len(ref), rl)
		}
		compared += int64(len(got))
		rounds++
		os.Remove(out)
	}
	for midRun < kills && runs < 8*kills {
		runs++
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		base := size()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		if rng.IntN(5) == 0 {
			select {
			case err = <-done:
			case <-time.After(time.Duration(rng.Int64N(int64(startup)))):
				cmd.Process.Kill()
				err = <-done
			}
		} else {
			target := base + 1 + rng.Int64N(int64(len(ref))/kills)
			jitter := time.Duration(rng.Int64N(int64(5 * time.Millisecond)))
			tick := time.NewTicker(time.Millisecond)
		wait:
			for {
				select {
				case err = <-done:
					break wait
				case <-tick.C:
					if size() >= target {
						time.Sleep(jitter)
						cmd.Process.Kill()
						err = <-done
						break wait
					}
				}
			}
			tick.Stop()
		}
		var ee *exec.ExitError
		switch {
		case err == nil:
			finished++
			check(fmt.Sprintf("run %d", runs))
			continue
		case errors.As(err, &ee) && !ee.Exited():
			killed++
		default:
			t.Fatalf("run %d: %v\n%s", runs, err, stderr.String())
		}
		if b, err := os.ReadFile(partial); err == nil {
			sizes = append(sizes, int64(len(b)))
			if len(b) > 0 && b[len(b)-1] != '\n' {
				torn++
			}
			if len(b) > 0 && len(b) < len(ref) {
				midRun++
			}
		}
	}
	// An interrupt (SIGTERM, as Ctrl-C) once the output has grown: the run
	// stops cleanly with exit 130 and leaves what it wrote under the final
	// name, from which --resume goes on.
	sigterm := exec.Command(bin, args...)
	var termErr bytes.Buffer
	sigterm.Stderr = &termErr
	base := size()
	if err := sigterm.Start(); err != nil {
		t.Fatal(err)
	}
	for size() <= base {
		time.Sleep(time.Millisecond)
	}
	sigterm.Process.Signal(syscall.SIGTERM)
	if err := sigterm.Wait(); sigterm.ProcessState.ExitCode() != exitInterrupted {
		t.Fatalf("after SIGTERM: %v, want exit %d\n%s", err, exitInterrupted, termErr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("no %s after an interrupt: %v", out, err)
	}

	// Resume until done: one run.
	cmd := exec.Command(bin, "score", "--resume", "--workers", "3", "-o", out, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("final resume: %v\n%s", err, stderr.String())
	}
	check("final run")
	t.Logf("uninterrupted run %s, startup %s; %d runs: %d killed (%d leaving a partial output mid-run, %d of those ending in a torn line), %d finished before their kill; partial sizes at the kills %v; final run: %s",
		full.Round(time.Millisecond), startup.Round(time.Millisecond), runs, killed, midRun, torn, finished, sizes, strings.TrimSpace(stderr.String()))
	t.Logf("%d finished outputs compared with the uninterrupted run (%d records, %d bytes each; %d bytes in all): identical",
		rounds, bytes.Count(ref, []byte("\n")), len(ref), compared)
	if midRun < kills {
		t.Errorf("%d kills mid-run in %d runs, want %d", midRun, runs, kills)
	}
}

// TestResumeTornTail resumes from every kind of partial output: empty, cut
// mid-line, cut at a line end, complete; the result is always the
// uninterrupted run's.
func TestResumeTornTail(t *testing.T) {
	dir := t.TempDir()
	in := resumeCorpus(t, dir, 60)
	ref, stderr, code := scoreInProcess(t, time.Minute, "--quiet", "--workers", "2", in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lineEnds := []int{}
	for i := range len(ref) {
		if ref[i] == '\n' {
			lineEnds = append(lineEnds, i+1)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	cuts := []int{0, 5, lineEnds[0], lineEnds[20] + 1, len(ref) - 1, len(ref)}
	for range 3 {
		cuts = append(cuts, rng.IntN(len(ref)))
	}
	out := filepath.Join(dir, "out.jsonl")
	for _, cut := range cuts {
		for _, name := range []string{out + partialSuffix, out} { // a killed run; an interrupted one
			os.Remove(out)
			os.Remove(out + partialSuffix)
			if err := os.WriteFile(name, []byte(ref[:cut]), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := scoreInProcess(t, time.Minute, "--resume", "--workers", "2", "-o", out, in)
			if code != exitOK {
				t.Fatalf("cut %d of %s: exit %d: %s", cut, filepath.Base(name), code, stderr)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != ref {
				t.Fatalf("cut %d of %s: resumed output differs (%d bytes, want %d)", cut, filepath.Base(name), len(got), len(ref))
			}
			if _, err := os.Stat(out + partialSuffix); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("cut %d: partial file left behind", cut)
			}
			resumed := strings.Count(ref[:cut], "\n")
			if resumed > 0 && !strings.Contains(stderr, fmt.Sprintf("resumed: %d records", resumed)) {
				t.Errorf("cut %d: stderr does not say %d records were resumed:\n%s", cut, resumed, stderr)
			}
			checkSummary(t, stderr, strings.Count(ref, "\n")-resumed)
		}
	}
}

// TestResumeEdges covers what surrounds resuming: usage errors, a complete
// file, a file that is not ours, an input shorter than the output, and a
// fresh run replacing a stale partial file.
func TestResumeEdges(t *testing.T) {
	dir := t.TempDir()
	in := resumeCorpus(t, dir, 30)
	out := filepath.Join(dir, "out.jsonl")
	ref, _, code := scoreInProcess(t, time.Minute, "--quiet", in)
	if code != exitOK {
		t.Fatal("reference run failed")
	}
	reset := func(name, content string) {
		t.Helper()
		os.Remove(out)
		os.Remove(out + partialSuffix)
		if name != "" {
			if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	expect := func(name, want string) {
		t.Helper()
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(name), err)
		}
		if string(got) != want {
			t.Errorf("%s: %d bytes, want %d", filepath.Base(name), len(got), len(want))
		}
	}

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"--resume", in},
			{"--resume", "--format", "csv", "-o", out, in},
			{"--resume", "--format", "table", "-o", out, in},
		} {
			if _, stderr, code := scoreInProcess(t, time.Minute, args...); code != exitUsage {
				t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, stderr)
			}
		}
	})
	t.Run("nothing to resume", func(t *testing.T) {
		reset("", "")
		if _, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, in); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		expect(out, ref)
	})
	t.Run("already complete", func(t *testing.T) {
		reset(out, ref)
		_, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, in)
		if code != exitOK || !strings.Contains(stderr, "already complete") {
			t.Errorf("exit %d, want 0 and 'already complete': %s", code, stderr)
		}
		expect(out, ref)
	})
	t.Run("not a stance file", func(t *testing.T) {
		reset(out+partialSuffix, "id,text\n1,hello\n")
		if _, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, in); code != exitFailure {
			t.Errorf("exit %d, want %d: %s", code, exitFailure, stderr)
		}
		expect(out+partialSuffix, "id,text\n1,hello\n")
	})
	t.Run("input shorter than output", func(t *testing.T) {
		short := filepath.Join(dir, "short.jsonl")
		b, _ := os.ReadFile(in)
		lines := strings.SplitAfter(string(b), "\n")
		os.WriteFile(short, []byte(strings.Join(lines[:10], "")), 0o644)
		reset(out, ref)
		_, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, short)
		if code != exitFailure || !strings.Contains(stderr, "fewer documents") {
			t.Errorf("exit %d, want %d and 'fewer documents': %s", code, exitFailure, stderr)
		}
		expect(out, ref) // back where it was, unchanged
	})
	t.Run("another input", func(t *testing.T) {
		other := filepath.Join(dir, "other.jsonl")
		b, _ := os.ReadFile(in)
		os.WriteFile(other, append(b, b...), 0o644)
		reset(out+partialSuffix, ref)
		_, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, other)
		if code != exitFailure || !strings.Contains(stderr, "not the input") {
			t.Errorf("exit %d, want %d and 'not the input': %s", code, exitFailure, stderr)
		}
		expect(out+partialSuffix, ref)
	})
	t.Run("fresh run replaces a stale partial", func(t *testing.T) {
		reset(out+partialSuffix, "{\"schema\":\"stance/v1\",\"doc_id\":\"stale\"}\n")
		_, stderr, code := scoreInProcess(t, time.Minute, "-o", out, in)
		if code != exitOK || !strings.Contains(stderr, "replacing") {
			t.Errorf("exit %d, want 0 and a note: %s", code, stderr)
		}
		expect(out, ref)
	})
	t.Run("interrupted run keeps its output under FILE", func(t *testing.T) {
		reset("", "")
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // interrupted before the first record
		var stdout, stderr bytes.Buffer
		err := run(ctx, []string{"score", "-o", out, in}, strings.NewReader(""), &stdout, &stderr)
		if code := exitCode(err, &stderr); code != exitInterrupted {
			t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, stderr.String())
		}
		if !strings.Contains(stderr.String(), "--resume") {
			t.Errorf("no hint to resume: %s", stderr.String())
		}
		if _, err := os.Stat(out); err != nil {
			t.Fatalf("no output after an interrupt: %v", err)
		}
		if _, stderr, code := scoreInProcess(t, time.Minute, "--resume", "-o", out, in); code != exitOK {
			t.Fatalf("resume: exit %d: %s", code, stderr)
		}
		expect(out, ref)
	})
}
