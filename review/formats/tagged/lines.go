package tagged

import (
	"bytes"
	"fmt"
	"io"

	"github.com/winnow-review/winnow/review/formats"
)

// Lines reads a tagged file line by line. It drops a byte order mark that
// starts the first line, and holds back a line read ahead that belongs to
// the next record.
type Lines struct {
	lr   *formats.LineReader
	file string

	held   []byte
	heldN  int
	isHeld bool
}

// NewLines reads lines from r, which must be UTF-8 with LF line ends (see
// formats.Decode). file names the input in error messages.
func NewLines(r io.Reader, file string) *Lines {
	return &Lines{lr: formats.NewLineReader(r), file: file}
}

// Next returns the next line, which is valid until the next call, and its
// number; or false at the end of the input or on a read error (see End).
func (l *Lines) Next() ([]byte, int, bool) {
	if l.isHeld {
		l.isHeld = false
		return l.held, l.heldN, true
	}
	line, ok := l.lr.NextBytes()
	n := l.lr.Line()
	if n == 1 {
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
	}
	return line, n, ok
}

// Hold keeps line, number n, which ends one record and starts the next, to
// be returned again by the next call of Next.
func (l *Lines) Hold(line []byte, n int) {
	l.held = append(l.held[:0], line...)
	l.heldN, l.isHeld = n, true
}

// End says why Next returned false: io.EOF at the end of the input, or the
// error that reading it gave, naming the file.
func (l *Lines) End() error {
	if err := l.lr.Err(); err != nil {
		return fmt.Errorf("read %s: %w", l.file, err)
	}
	return io.EOF
}
