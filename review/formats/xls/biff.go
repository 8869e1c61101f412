package xls

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
	"unicode/utf16"
)

// BIFF8 record types read (MS-XLS 2.3). Any other record is skipped.
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recXF         = 0x00E0
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recRString    = 0x00D6
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRow        = 0x0208
	recRK         = 0x027E
	recFormat     = 0x041E
	recBOF        = 0x0809
	// BOF records of BIFF2, BIFF3 and BIFF4, whose type says the version.
	recBOF2 = 0x0009
	recBOF3 = 0x0209
	recBOF4 = 0x0409
)

// Substream types of a BOF record.
const (
	bofGlobals   = 0x0005
	bofWorksheet = 0x0010
)

// errShort is a record too short for its fields.
var errShort = errors.New("a record shorter than its fields")

// records walks the records of a BIFF stream from an offset.
type records struct {
	b   []byte
	off int
	// typ and data are the record read by next.
	typ  uint16
	data []byte
	at   int // its offset
}

// next reads the next record; false at the end of the stream or at a
// record that runs past it.
func (r *records) next() bool {
	if r.off < 0 || r.off+4 > len(r.b) {
		return false
	}
	typ := binary.LittleEndian.Uint16(r.b[r.off:])
	n := int(binary.LittleEndian.Uint16(r.b[r.off+2:]))
	if r.off+4+n > len(r.b) {
		return false
	}
	r.typ, r.data, r.at = typ, r.b[r.off+4:r.off+4+n], r.off
	r.off += 4 + n
	return true
}

// continues gives the data of the CONTINUE records that follow the
// current one, and steps over them.
func (r *records) continues() [][]byte {
	var segs [][]byte
	for {
		save := r.off
		if !r.next() {
			r.off = save
			return segs
		}
		if r.typ != recContinue {
			r.off = save
			return segs
		}
		segs = append(segs, r.data)
	}
}

// segments reads a record's data and its CONTINUE records as one run of
// bytes, except for the characters of a string: where a string's
// characters go on in the next segment, that segment starts with a byte
// of flags of its own saying whether they are 8-bit or 16-bit.
type segments struct {
	segs [][]byte
	i    int // segment
	pos  int // offset in it
	err  error
}

// atEnd steps to the next segment when the current one is used up.
func (s *segments) atEnd() bool {
	for s.i < len(s.segs) && s.pos >= len(s.segs[s.i]) {
		s.i++
		s.pos = 0
	}
	return s.i >= len(s.segs)
}

// bytes reads n bytes, across segments; nil (and s.err) past the end.
func (s *segments) bytes(n int) []byte {
	if s.err != nil {
		return nil
	}
	if s.atEnd() {
		s.err = errShort
		return nil
	}
	if seg := s.segs[s.i]; s.pos+n <= len(seg) {
		out := seg[s.pos : s.pos+n]
		s.pos += n
		return out
	}
	out := make([]byte, 0, n)
	for len(out) < n {
		if s.atEnd() {
			s.err = errShort
			return nil
		}
		seg := s.segs[s.i]
		k := min(n-len(out), len(seg)-s.pos)
		out = append(out, seg[s.pos:s.pos+k]...)
		s.pos += k
	}
	return out
}

// skip steps over n bytes, across segments.
func (s *segments) skip(n int) {
	for n > 0 && s.err == nil {
		if s.atEnd() {
			s.err = errShort
			return
		}
		k := min(n, len(s.segs[s.i])-s.pos)
		s.pos += k
		n -= k
	}
}

func (s *segments) u8() int {
	b := s.bytes(1)
	if b == nil {
		return 0
	}
	return int(b[0])
}

func (s *segments) u16() int {
	b := s.bytes(2)
	if b == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint16(b))
}

func (s *segments) u32() int {
	b := s.bytes(4)
	if b == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint32(b))
}

// String flags (MS-XLS 2.5.293 XLUnicodeRichExtendedString).
const (
	fHighByte = 0x01 // characters are 16-bit, not 8-bit
	fExtSt    = 0x04 // a phonetic block (ExtRst) follows the characters
	fRichSt   = 0x08 // rich-text runs follow the characters
)

// str reads a string of n characters whose flags byte comes next: its
// characters, then (rich, as in the SST) its formatting runs and phonetic
// block, skipped. Characters stored in 8 bits are Latin-1 (U+0000 to
// U+00FF); in 16 bits, UTF-16. Where the characters go on in the next
// segment, a new flags byte there says how they are stored.
func (s *segments) str(n int, rich bool) string {
	flags := s.u8()
	runs, ext := 0, 0
	if rich && flags&fRichSt != 0 {
		runs = s.u16()
	}
	if rich && flags&fExtSt != 0 {
		ext = s.u32()
	}
	units := make([]uint16, 0, min(n, 1<<16))
	high := flags&fHighByte != 0
	for s.err == nil {
		if s.i < len(s.segs) {
			seg := s.segs[s.i]
			if high {
				// Half a character at the end of a segment (a damaged
				// file) is dropped with it.
				k := min(n-len(units), (len(seg)-s.pos)/2)
				for j := range k {
					units = append(units, binary.LittleEndian.Uint16(seg[s.pos+2*j:]))
				}
				s.pos += 2 * k
			} else {
				k := min(n-len(units), len(seg)-s.pos)
				for _, c := range seg[s.pos : s.pos+k] {
					units = append(units, uint16(c))
				}
				s.pos += k
			}
		}
		if len(units) == n {
			break
		}
		// The characters go on in the next segment, after its flags.
		s.i, s.pos = s.i+1, 0
		if s.i >= len(s.segs) || len(s.segs[s.i]) == 0 {
			s.err = errShort
			break
		}
		high = s.segs[s.i][0]&fHighByte != 0
		s.pos = 1
	}
	s.skip(4 * runs)
	s.skip(ext)
	return string(utf16.Decode(units))
}

// sst reads the shared-string table: an SST record's data and those of
// its CONTINUE records.
func sst(segs [][]byte) ([]string, error) {
	s := &segments{segs: segs}
	s.u32() // total references to the strings
	n := s.u32()
	if s.err != nil {
		return nil, errShort
	}
	size := 0
	for _, seg := range segs {
		size += len(seg)
	}
	// Each string takes at least 3 bytes: a count is not to be trusted.
	out := make([]string, 0, min(n, size/3))
	for len(out) < n {
		cch := s.u16()
		str := s.str(cch, true)
		if s.err != nil {
			return out, errShort
		}
		out = append(out, str)
	}
	return out, nil
}

// shortString reads a ShortXLUnicodeString (a sheet's name): a count of
// one byte, a flags byte, the characters.
func shortString(data []byte) (string, bool) {
	if len(data) < 1 {
		return "", false
	}
	s := &segments{segs: [][]byte{data[1:]}}
	str := s.str(int(data[0]), false)
	return str, s.err == nil
}

// unicodeString reads an XLUnicodeString (a LABEL's text, a FORMAT's
// code, a STRING's value): a count of two bytes, a flags byte, the
// characters, which may go on in CONTINUE records (segs).
func unicodeString(segs [][]byte) (string, bool) {
	s := &segments{segs: segs}
	n := s.u16()
	str := s.str(n, false)
	return str, s.err == nil
}

// rk reads an RK number: 30 bits of either an integer or the top of a
// float64, the lowest bits saying which and whether it is a hundredth.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&^3) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

// errorText is how Excel shows an error value (BOOLERR, FORMULA).
func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#N/A"
}

// serialDate turns an Excel serial date into a time: days since
// 1899-12-30 (Excel counts a 29 February 1900 that never was, so days
// before 1 March 1900 are one off), or since 1904-01-01 in the 1904
// system (old Excel for Mac).
func serialDate(v float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case v < 61:
		base = base.AddDate(0, 0, 1)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}
