// Package xlstest writes small Excel 97-2003 workbooks (.xls, BIFF8 in a
// Compound File) for tests, with the record layouts real writers produce
// and readers get wrong: shared strings split across CONTINUE records in
// the middle of a string, switching between 8-bit and 16-bit characters
// at the split; rich-text and phonetic strings; numbers as RK, MULRK and
// NUMBER records; formulas with a text value; hidden rows and sheets.
// What it writes is checked against xlrd by hand, not by the tests.
package xlstest

import (
	"encoding/binary"
	"math"
	"os"
	"testing"
	"unicode/utf16"
)

// Book is a workbook to write.
type Book struct {
	Sheets []Sheet
	// Chunk is the most bytes of shared strings in one record (the SST or
	// a CONTINUE after it): Excel's 8224 when 0. A small one splits the
	// strings across many records.
	Chunk int
	// MulRK writes runs of whole numbers side by side in a row as one
	// MULRK record, as Excel does.
	MulRK bool
	// Stream names the workbook stream: "Workbook" when empty ("Book" in
	// Excel 5.0/95).
	Stream string
	// Version is the BIFF version in the BOF records: 0x0600 (BIFF8)
	// when 0; 0x0500 is Excel 5.0/95's.
	Version uint16
	// Password writes a FILEPASS record, as a workbook with a password
	// to open it has.
	Password bool
}

// Sheet is one sheet to write: its name and rows. A cell is a string
// (written to the shared strings), an int (an RK record), a float64 (a
// NUMBER record), or one of Label, Rich, Formula, Bool, Date and RK.
type Sheet struct {
	Name   string
	Rows   [][]any
	Hidden []int // rows (1-based) hidden
	// HideSheet hides the sheet itself.
	HideSheet bool
	// Chart makes the sheet a chart sheet, which holds no table.
	Chart bool
}

// Label is text written in a LABEL record, not the shared strings.
type Label string

// Rich is a shared string with formatting runs and a phonetic block
// (ExtRst), which a reader must step over.
type Rich struct {
	Text     string
	Runs     int // formatting runs, 4 bytes each
	Phonetic int // bytes of phonetic data
}

// Formula is a formula cell whose saved value is text: a FORMULA record
// and a STRING record after it.
type Formula string

// Bool is a BOOLERR cell.
type Bool bool

// Date is a number under Excel's short-date format (14).
type Date float64

// RK is a number written as an RK record (an int is one too).
type RK float64

// XF indexes written: 16 style formats, then a cell in General and one
// in a date format.
const (
	xfGeneral = 16
	xfDate    = 17
)

// Write writes the workbook to path.
func Write(t testing.TB, path string, b Book) {
	t.Helper()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Bytes gives the workbook as an .xls file.
func (b Book) Bytes() []byte {
	name := b.Stream
	if name == "" {
		name = "Workbook"
	}
	return Compound(name, b.Stream8())
}

// Stream8 gives the workbook stream: the BIFF records alone.
func (b Book) Stream8() []byte {
	version := b.Version
	if version == 0 {
		version = 0x0600
	}
	// The shared strings, in the order the cells first use them.
	var sst []any
	index := map[any]int{}
	for _, s := range b.Sheets {
		for _, row := range s.Rows {
			for _, v := range row {
				switch v.(type) {
				case string, Rich:
					if _, ok := index[v]; !ok {
						index[v] = len(sst)
						sst = append(sst, v)
					}
				}
			}
		}
	}
	var g []byte
	g = rec(g, 0x0809, bof(version, 0x0005))
	if b.Password {
		g = rec(g, 0x002F, []byte{0, 0})
	}
	g = rec(g, 0x0022, []byte{0, 0}) // DATEMODE: the 1900 system
	for i := 0; i < 18; i++ {
		xf := make([]byte, 20)
		if i == xfDate {
			binary.LittleEndian.PutUint16(xf[2:], 14)
		}
		g = rec(g, 0x00E0, xf)
	}
	// BOUNDSHEET records; their offsets are filled in below.
	offsets := make([]int, len(b.Sheets))
	for i, s := range b.Sheets {
		d := make([]byte, 6)
		if s.HideSheet {
			d[4] = 1
		}
		if s.Chart {
			d[5] = 2
		}
		offsets[i] = len(g) + 4
		g = rec(g, 0x0085, append(d, shortString(s.Name)...))
	}
	if len(sst) > 0 {
		g = append(g, sstRecords(sst, b.Chunk)...)
	}
	g = rec(g, 0x000A, nil)
	out := g
	for i, s := range b.Sheets {
		binary.LittleEndian.PutUint32(out[offsets[i]:], uint32(len(out)))
		out = append(out, b.sheet(s, version, index)...)
	}
	return out
}

func (b Book) sheet(s Sheet, version uint16, index map[any]int) []byte {
	dt := uint16(0x0010)
	if s.Chart {
		dt = 0x0020
	}
	w := rec(nil, 0x0809, bof(version, dt))
	hidden := map[int]bool{}
	for _, r := range s.Hidden {
		hidden[r] = true
	}
	for r := range s.Rows {
		d := make([]byte, 16)
		binary.LittleEndian.PutUint16(d, uint16(r))
		binary.LittleEndian.PutUint16(d[4:], uint16(len(s.Rows[r])))
		binary.LittleEndian.PutUint16(d[6:], 0xFF)
		flags := uint16(0x0100)
		if hidden[r+1] {
			flags |= 0x0020
		}
		binary.LittleEndian.PutUint16(d[12:], flags)
		binary.LittleEndian.PutUint16(d[14:], 0x0F)
		w = rec(w, 0x0208, d)
	}
	for r, row := range s.Rows {
		for c := 0; c < len(row); c++ {
			v := row[c]
			if b.MulRK {
				// A run of two or more whole numbers: one MULRK.
				end := c
				for end < len(row) && isInt(row[end]) {
					end++
				}
				if end-c >= 2 {
					d := cellHead(r, c, -1)[:4]
					for _, v := range row[c:end] {
						d = binary.LittleEndian.AppendUint16(d, xfGeneral)
						d = binary.LittleEndian.AppendUint32(d, uint32(v.(int))<<2|2)
					}
					d = binary.LittleEndian.AppendUint16(d, uint16(end-1))
					w = rec(w, 0x00BD, d)
					c = end - 1
					continue
				}
			}
			switch v := v.(type) {
			case nil:
			case string, Rich:
				w = rec(w, 0x00FD, binary.LittleEndian.AppendUint32(cellHead(r, c, xfGeneral), uint32(index[v])))
			case Label:
				w = rec(w, 0x0204, append(cellHead(r, c, xfGeneral), unicodeString(string(v))...))
			case int:
				w = rec(w, 0x027E, binary.LittleEndian.AppendUint32(cellHead(r, c, xfGeneral), uint32(v)<<2|2))
			case RK:
				// The top 30 bits of the float64, times 100 if need be.
				bits := math.Float64bits(float64(v))
				flag := uint32(0)
				if bits&0xFFFFFFFF != 0 {
					bits, flag = math.Float64bits(float64(v)*100), 1
				}
				w = rec(w, 0x027E, binary.LittleEndian.AppendUint32(cellHead(r, c, xfGeneral), uint32(bits>>32)&^3|flag))
			case float64:
				w = rec(w, 0x0203, binary.LittleEndian.AppendUint64(cellHead(r, c, xfGeneral), math.Float64bits(v)))
			case Date:
				w = rec(w, 0x0203, binary.LittleEndian.AppendUint64(cellHead(r, c, xfDate), math.Float64bits(float64(v))))
			case Bool:
				d := cellHead(r, c, xfGeneral)
				if v {
					d = append(d, 1, 0)
				} else {
					d = append(d, 0, 0)
				}
				w = rec(w, 0x0205, d)
			case Formula:
				d := cellHead(r, c, xfGeneral)
				d = append(d, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF) // a text value
				d = append(d, 0, 0, 0, 0, 0, 0)             // flags, cache
				d = append(d, 3, 0, 0x17, 0, 0)             // the formula ="" (ptgStr)
				w = rec(w, 0x0006, d)
				w = rec(w, 0x0207, unicodeString(string(v)))
			default:
				panic("xlstest: a cell of a type it does not write")
			}
		}
	}
	return rec(w, 0x000A, nil)
}

func isInt(v any) bool {
	n, ok := v.(int)
	return ok && n >= -1<<29 && n < 1<<29
}

func cellHead(r, c, xf int) []byte {
	d := binary.LittleEndian.AppendUint16(nil, uint16(r))
	d = binary.LittleEndian.AppendUint16(d, uint16(c))
	return binary.LittleEndian.AppendUint16(d, uint16(xf))
}

func bof(version, dt uint16) []byte {
	d := make([]byte, 16)
	binary.LittleEndian.PutUint16(d, version)
	binary.LittleEndian.PutUint16(d[2:], dt)
	binary.LittleEndian.PutUint16(d[4:], 0x0DBB)
	binary.LittleEndian.PutUint16(d[6:], 0x07CC)
	return d
}

func rec(w []byte, typ uint16, data []byte) []byte {
	w = binary.LittleEndian.AppendUint16(w, typ)
	w = binary.LittleEndian.AppendUint16(w, uint16(len(data)))
	return append(w, data...)
}

// latin1 reports whether every unit fits in 8 bits.
func latin1(units []uint16) bool {
	for _, u := range units {
		if u > 0xFF {
			return false
		}
	}
	return true
}

func chars(units []uint16, high bool) []byte {
	var out []byte
	for _, u := range units {
		if high {
			out = binary.LittleEndian.AppendUint16(out, u)
		} else {
			out = append(out, byte(u))
		}
	}
	return out
}

func shortString(s string) []byte {
	u := utf16.Encode([]rune(s))
	high := !latin1(u)
	return append([]byte{byte(len(u)), flag(high)}, chars(u, high)...)
}

func unicodeString(s string) []byte {
	u := utf16.Encode([]rune(s))
	high := !latin1(u)
	d := binary.LittleEndian.AppendUint16(nil, uint16(len(u)))
	return append(append(d, flag(high)), chars(u, high)...)
}

func flag(high bool) byte {
	if high {
		return 1
	}
	return 0
}

// sstRecords writes the shared strings as an SST record and CONTINUE
// records of at most chunk bytes each. As Excel does, a string's head
// (count, flags, the counts of runs and phonetic bytes) is never split;
// its characters are split between two characters, and the next record
// starts with a flags byte of its own: 8-bit when the characters in it
// all fit, 16-bit when one does not. Formatting runs are split between
// runs (as xlrd expects), phonetic bytes anywhere.
func sstRecords(sst []any, chunk int) []byte {
	if chunk <= 0 {
		chunk = 8224
	}
	var recs [][]byte
	cur := binary.LittleEndian.AppendUint32(nil, uint32(len(sst)))
	cur = binary.LittleEndian.AppendUint32(cur, uint32(len(sst)))
	flush := func() {
		recs = append(recs, cur)
		cur = nil
	}
	room := func() int { return chunk - len(cur) }
	for _, v := range sst {
		var text string
		runs, ext := 0, 0
		switch v := v.(type) {
		case string:
			text = v
		case Rich:
			text, runs, ext = v.Text, v.Runs, v.Phonetic
		}
		u := utf16.Encode([]rune(text))
		headLen := 3
		if runs > 0 {
			headLen += 2
		}
		if ext > 0 {
			headLen += 4
		}
		// The head and at least one character (or the whole of an empty
		// string) go in one record.
		if room() < headLen+2 {
			flush()
		}
		// piece chooses how the characters from u[i:] go into the room
		// left: how many, and whether in 16 bits.
		piece := func(i int) (int, bool) {
			n := 0
			for i+n < len(u) && n < room() && u[i+n] <= 0xFF {
				n++
			}
			if i+n == len(u) || n == room() {
				return n, false
			}
			return min(len(u)-i, room()/2), true
		}
		cur = binary.LittleEndian.AppendUint16(cur, uint16(len(u)))
		at := len(cur)
		f := byte(0)
		if runs > 0 {
			f |= 0x08
		}
		if ext > 0 {
			f |= 0x04
		}
		cur = append(cur, f)
		if runs > 0 {
			cur = binary.LittleEndian.AppendUint16(cur, uint16(runs))
		}
		if ext > 0 {
			cur = binary.LittleEndian.AppendUint32(cur, uint32(ext))
		}
		n, high := piece(0)
		cur[at] |= flag(high)
		cur = append(cur, chars(u[:n], high)...)
		for i := n; i < len(u); {
			flush()
			cur = append(cur, 0)
			n, high := piece(i)
			cur[0] = flag(high)
			cur = append(cur, chars(u[i:i+n], high)...)
			i += n
		}
		// Runs (4 bytes each, never split), then phonetic bytes, split
		// wherever the record is full.
		for i := range runs {
			if room() < 4 {
				flush()
			}
			cur = binary.LittleEndian.AppendUint16(cur, uint16(i))
			cur = binary.LittleEndian.AppendUint16(cur, uint16(i+1))
		}
		for i := 0; i < ext; {
			if room() <= 0 {
				flush()
			}
			k := min(ext-i, room())
			for range k {
				cur = append(cur, byte(i*7+1))
				i++
			}
		}
	}
	flush()
	var out []byte
	for i, r := range recs {
		typ := uint16(0x003C)
		if i == 0 {
			typ = 0x00FC
		}
		out = rec(out, typ, r)
	}
	return out
}

// Compound wraps a stream in a Compound File (version 3, 512-byte
// sectors) as its only stream, named name. A stream shorter than 4096
// bytes is padded with zeros to that size: from there on a stream has
// sectors of its own rather than a place in the mini stream.
func Compound(name string, stream []byte) []byte {
	const (
		sector     = 512
		endOfChain = 0xFFFFFFFE
		freeSect   = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	size := max(len(stream), 4096)
	data := append([]byte(nil), stream...)
	for len(data) < 4096 || len(data)%sector != 0 {
		data = append(data, 0)
	}
	n := len(data) / sector
	fats := 1
	for (n+1+fats+127)/128 > fats {
		fats++
	}
	if fats > 109 {
		panic("xlstest: a stream too big for a header's FAT list")
	}
	le := binary.LittleEndian
	head := make([]byte, sector)
	copy(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(head[24:], 0x003E)
	le.PutUint16(head[26:], 3)
	le.PutUint16(head[28:], 0xFFFE)
	le.PutUint16(head[30:], 9)
	le.PutUint16(head[32:], 6)
	le.PutUint32(head[44:], uint32(fats))
	le.PutUint32(head[48:], uint32(n))
	le.PutUint32(head[56:], 4096)
	le.PutUint32(head[60:], endOfChain)
	le.PutUint32(head[68:], endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSect)
		if i < fats {
			v = uint32(n + 1 + i)
		}
		le.PutUint32(head[76+4*i:], v)
	}
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, start uint32, size int) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		if name != "" {
			le.PutUint16(e[64:], uint16(2*len(u)+2))
		}
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], uint32(size))
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, name, 2, noStream, 0, size)
	entry(2, "", 0, noStream, 0, 0)
	entry(3, "", 0, noStream, 0, 0)
	fat := make([]byte, fats*sector)
	for i := 0; i < fats*128; i++ {
		v := uint32(freeSect)
		switch {
		case i < n-1:
			v = uint32(i + 1)
		case i == n-1, i == n:
			v = endOfChain
		case i <= n+fats:
			v = fatSect
		}
		le.PutUint32(fat[4*i:], v)
	}
	out := append(head, data...)
	out = append(out, dir...)
	return append(out, fat...)
}
