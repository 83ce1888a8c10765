package corpus

import (
	"bufio"
	"errors"
	"io"
)

// lineReader reads lines of any length from r, holding at most max bytes of
// one line: the rest of a longer line is skipped and reported as too long.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int // 1-based number of the line last returned
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its line ending, whether the line was
// longer than max (then line holds nothing), and io.EOF after the last line.
// The returned slice is valid until the next call.
func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	frag, err := l.br.ReadSlice('\n')
	if err == nil && len(frag) <= l.max+2 {
		// the whole line is in the buffer: no copy
		l.line++
		return trimEOL(frag), false, nil
	}
	l.buf = l.buf[:0]
	read := false
	for {
		if len(frag) > 0 {
			read = true
		}
		if !tooLong {
			if len(l.buf)+len(frag) > l.max+2 { // +2 for \r\n
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			frag, err = l.br.ReadSlice('\n')
			continue
		}
		if err == io.EOF && !read {
			return nil, false, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, false, err
		}
		l.line++
		if tooLong {
			return nil, true, nil
		}
		return trimEOL(l.buf), false, nil
	}
}

// trimEOL removes a trailing "\n" or "\r\n".
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}
