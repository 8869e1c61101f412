package formats

import (
	"bufio"
	"io"
)

// LineReader reads text one line at a time, counting lines from 1. It
// expects the LF line ends that Decode produces, accepts lines of any length
// (a 10 MB abstract on one line is one line), and returns each line without
// its end.
type LineReader struct {
	r    *bufio.Reader
	n    int
	buf  []byte
	err  error
	back bool
	last string
}

// NewLineReader reads lines from r.
func NewLineReader(r io.Reader) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next line and true, or "" and false at the end of the
// input or on an error (see Err).
func (lr *LineReader) Next() (string, bool) {
	if lr.back {
		lr.back = false
		lr.n++
		return lr.last, true
	}
	b, ok := lr.NextBytes()
	if !ok {
		return "", false
	}
	lr.last = string(b)
	return lr.last, true
}

// NextBytes is Next without the copy: the line is valid only until the
// next call. It does not return a line pushed back by Unread that was read
// with Next.
func (lr *LineReader) NextBytes() ([]byte, bool) {
	if lr.err != nil {
		return nil, false
	}
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.buf = append(lr.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			lr.err = err
			if len(lr.buf) == 0 {
				return nil, false
			}
		}
		break
	}
	if n := len(lr.buf); n > 0 && lr.buf[n-1] == '\n' {
		lr.buf = lr.buf[:n-1]
	}
	lr.n++
	return lr.buf, true
}

// Unread pushes the last line back, so that the next call to Next returns
// it again. Only one line can be pushed back.
func (lr *LineReader) Unread() {
	lr.back = true
	lr.n--
}

// Line is the number of the line Next returned last.
func (lr *LineReader) Line() int { return lr.n }

// Err returns the first error other than io.EOF.
func (lr *LineReader) Err() error {
	if lr.err == io.EOF {
		return nil
	}
	return lr.err
}
