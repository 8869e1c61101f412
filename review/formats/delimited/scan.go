package delimited

import (
	"io"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// scanner splits delimited text into rows, one at a time, keeping each
// row's text lines for Record.Raw. It is written for this package rather
// than taken from encoding/csv because exports need three things csv does
// not give: the exact text of a row, Web of Science files whose stray
// quotes are plain characters, and quotes that open a cell but do not
// close it (csv's LazyQuotes keeps reading to the next quote anywhere, which
// can swallow the rest of a file; here the cell falls back to its literal
// text at the stray quote, as Python's csv module does).
type scanner struct {
	lr    *formats.LineReader
	comma byte
	// quotes is false for Web of Science tab-delimited files, which never
	// quote a cell and hold '"' as an ordinary character.
	quotes bool

	fields []string
	lines  []string // the row's text lines
	start  int      // line where the row starts
	buf    strings.Builder
}

// truncatedError reports a quoted cell that the input ends inside.
type truncatedError struct {
	openLine, rowLine int
	lastLine          int // the file's last line, which the cell runs to
}

func (e *truncatedError) Error() string { return "quoted cell not closed" }

func newScanner(r io.Reader, comma byte) *scanner {
	return &scanner{lr: formats.NewLineReader(r), comma: comma, quotes: true}
}

// row reads the next row. Its cells are valid until the next call; raw
// joins its lines. At the end of the input it returns io.EOF, and a
// *truncatedError when the input ends inside a quoted cell.
func (s *scanner) row() (cells []string, err error) {
	line, ok := s.lr.Next()
	if !ok {
		if err := s.lr.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	s.start = s.lr.Line()
	s.lines = append(s.lines[:0], line)
	s.fields = s.fields[:0]
	i := 0
	for {
		if s.quotes && i < len(line) && line[i] == '"' {
			var f string
			f, line, i, err = s.quoted(line, i)
			if err != nil {
				return nil, err
			}
			s.fields = append(s.fields, f)
		} else {
			k := strings.IndexByte(line[i:], s.comma)
			if k < 0 {
				s.fields = append(s.fields, line[i:])
				return s.fields, nil
			}
			s.fields = append(s.fields, line[i:i+k])
			i += k
		}
		// i is at a delimiter or at the end of the line.
		if i >= len(line) {
			return s.fields, nil
		}
		i++
	}
}

// quoted reads the quoted cell that opens at line[open]. It returns the
// cell, the line the cell ends on (a cell may span lines) and the index of
// the delimiter or line end after it.
func (s *scanner) quoted(line string, open int) (string, string, int, error) {
	openLine := s.lr.Line()
	firstLine := len(s.lines) - 1
	s.buf.Reset()
	built := false
	seg := open + 1
	j := seg
	for {
		k := strings.IndexByte(line[j:], '"')
		if k < 0 {
			// The cell goes on to the next line.
			s.buf.WriteString(line[seg:])
			s.buf.WriteByte('\n')
			next, ok := s.lr.Next()
			if !ok {
				if err := s.lr.Err(); err != nil {
					return "", "", 0, err
				}
				return "", "", 0, &truncatedError{openLine: openLine, rowLine: s.start, lastLine: s.lr.Line()}
			}
			s.lines = append(s.lines, next)
			line, seg, j, built = next, 0, 0, true
			continue
		}
		k += j
		switch {
		case k+1 < len(line) && line[k+1] == '"':
			// A doubled quote stands for one.
			s.buf.WriteString(line[seg : k+1])
			seg, j, built = k+2, k+2, true
		case k+1 == len(line) || line[k+1] == s.comma:
			if !built {
				return line[seg:k], line, k + 1, nil
			}
			s.buf.WriteString(line[seg:k])
			return s.buf.String(), line, k + 1, nil
		default:
			// A quote in the middle of the text: the cell was never a quoted
			// cell. Keep its text as written, up to the next delimiter.
			end := strings.IndexByte(line[k+1:], s.comma)
			if end < 0 {
				end = len(line)
			} else {
				end += k + 1
			}
			if len(s.lines)-1 == firstLine {
				return line[open:end], line, end, nil
			}
			s.buf.Reset()
			s.buf.WriteString(s.lines[firstLine][open:])
			for _, l := range s.lines[firstLine+1 : len(s.lines)-1] {
				s.buf.WriteByte('\n')
				s.buf.WriteString(l)
			}
			s.buf.WriteByte('\n')
			s.buf.WriteString(line[:end])
			return s.buf.String(), line, end, nil
		}
	}
}

func (s *scanner) line() int { return s.start }

// raw gives the text of the row last read, lines joined with "\n".
func (s *scanner) raw() string {
	if len(s.lines) == 1 {
		return s.lines[0]
	}
	return strings.Join(s.lines, "\n")
}
