package xmlstream

import (
	"io"
	"slices"
)

// chunk is how much the source reads from its input at a time.
const chunk = 64 << 10

// source hands the XML decoder its input one byte at a time and keeps the
// bytes from a marked offset on, so that a record's exact text can be cut
// out once the decoder has read its end tag. Because it is an io.ByteReader
// the decoder reads it directly instead of through a bufio.Reader of its
// own, so the decoder's InputOffset counts exactly the bytes taken from here
// and no read-ahead is hidden from us. Memory holds one record plus a chunk.
type source struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
	pos  int   // index in buf of the next byte to hand out
	// keep is the input offset from which bytes must stay in buf, or -1
	// when none need to.
	keep int64
	err  error // the error that ended the input, io.EOF included
	last byte  // the last byte handed out
}

// ReadByte hands out the next byte. A control character that XML forbids
// (Word pastes leave vertical tabs and form feeds in EndNote libraries) is
// handed out as a space, so one stray byte does not make a whole export
// unreadable; buf, and so the record's Raw text, keeps the byte as it was.
func (s *source) ReadByte() (byte, error) {
	if s.pos >= len(s.buf) && !s.fill() {
		return 0, s.err
	}
	c := s.buf[s.pos]
	s.pos++
	s.last = c
	if c < 0x20 && c != '\n' && c != '\t' && c != '\r' {
		return ' ', nil
	}
	return c, nil
}

// Read lets the decoder hand the source to a CharsetReader; the decoder
// itself only calls ReadByte.
func (s *source) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c, err := s.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		p[n] = c
		n++
	}
	return n, nil
}

// fill drops the bytes no longer needed and reads more. It reports whether
// there is a byte to hand out.
func (s *source) fill() bool {
	if s.err != nil {
		return false
	}
	mark := s.base + int64(s.pos)
	if s.keep >= s.base && s.keep < mark {
		mark = s.keep
	}
	if n := int(mark - s.base); n > 0 {
		s.buf = s.buf[:copy(s.buf, s.buf[n:])]
		s.base = mark
		s.pos -= n
	}
	if cap(s.buf)-len(s.buf) < chunk/2 {
		s.buf = slices.Grow(s.buf, chunk)
	}
	// An io.Reader may return no bytes and no error; give it a few tries
	// rather than spin for ever.
	for range 100 {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.err = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// slice returns the kept bytes from input offset from to offset to.
func (s *source) slice(from, to int64) []byte {
	i, j := from-s.base, to-s.base
	if i < 0 || j < i || j > int64(len(s.buf)) {
		return nil
	}
	return s.buf[i:j]
}
