package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	stdunicode "unicode"
)

// Encoding names the character encoding of an export file.
type Encoding string

// The encodings winnow reads. Anything that is neither UTF-8 nor UTF-16
// is taken as Windows-1252, the superset of Latin-1 that Windows tools
// (EndNote, older Web of Science and JabRef files) write, unless its
// accented letters read as words only in Mac Roman (old EndNote for Mac);
// a file that is mostly UTF-8 with some Windows-1252 bytes (exports of two
// tools joined into one) is read as UTF-8 where it is, Windows-1252 where
// it is not.
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1252 Encoding = "windows-1252"
	MacRoman    Encoding = "mac-roman"
	// UTF8Mixed is UTF-8 with bytes that are not, read as Windows-1252.
	UTF8Mixed Encoding = "utf-8+windows-1252"
)

// SampleSize is how much decoded text Sniff keeps for format detection.
const SampleSize = 256 << 10

// FileInfo is what one pass over a file tells before it is parsed.
type FileInfo struct {
	Size     int64
	SHA256   string
	Encoding Encoding
	// Sample is the start of the file, decoded with LF line ends.
	Sample string
	// Binary is set when the bytes are not text in any encoding we read;
	// Kind then says what they look like ("a PDF", "a zip archive", ...).
	Binary bool
	Kind   string
	// Zip is set when the file is a zip archive: an .xlsx workbook is one
	// (see the xlsx package), as are .docx and .odt files.
	Zip bool
	// OLE is set when the file is a Compound File: an .xls workbook is
	// one (see the xls package), as are .doc files and Office files
	// encrypted with a password.
	OLE bool
}

// Sniff reads all of r once: it hashes the bytes, decides the encoding
// (the whole file must be valid UTF-8 to be read as UTF-8) and keeps a
// decoded sample for format detection. Memory does not grow with the file.
func Sniff(r io.Reader) (FileInfo, error) {
	var info FileInfo
	h := sha256.New()
	head := make([]byte, 0, SampleSize)
	buf := make([]byte, 256<<10)
	valid := true
	var carry []byte
	// multi counts the UTF-8 sequences of more than one byte, bad the bytes
	// that are not UTF-8: together they tell a mixed file.
	multi, bad := 0, 0
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			info.Size += int64(n)
			if room := cap(head) - len(head); room > 0 {
				head = append(head, chunk[:min(room, n)]...)
			}
			data := append(carry, chunk...)
			cut := incompleteTail(data)
			whole := data[:len(data)-cut]
			switch {
			case utf8.Valid(whole):
				multi += leadBytes(whole)
			default:
				valid = false
				m, b := countUTF8(whole)
				multi += m
				bad += b
			}
			carry = append(carry[:0:0], data[len(data)-cut:]...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return info, err
		}
	}
	if len(carry) > 0 {
		valid = false
		bad += len(carry)
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	hasBOM := bytes.HasPrefix(head, bom)
	switch {
	case hasBOM && valid:
		info.Encoding = UTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		info.Encoding = UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		info.Encoding = UTF16BE
	case looksUTF16(head, 1):
		info.Encoding = UTF16LE
	case looksUTF16(head, 0):
		info.Encoding = UTF16BE
	case valid:
		info.Encoding = UTF8
	case hasBOM || (multi > 0 && multi*2 >= bad):
		// A UTF-8 BOM says UTF-8: the bytes that are not are Windows-1252
		// (a tool that wrote a BOM, then Windows text).
		info.Encoding = UTF8Mixed
	case looksMacRoman(head):
		info.Encoding = MacRoman
	default:
		info.Encoding = Windows1252
	}
	if kind := binaryKind(head, info.Encoding); kind != "" {
		info.Binary, info.Kind = true, kind
		info.Zip = bytes.HasPrefix(head, []byte(zipMagic))
		info.OLE = bytes.HasPrefix(head, []byte(oleMagic))
		return info, nil
	}
	sample, err := io.ReadAll(Decode(bytes.NewReader(head), info.Encoding))
	if err != nil {
		return info, err
	}
	info.Sample = string(sample)
	return info, nil
}

// incompleteTail gives the number of bytes at the end of p that start a
// UTF-8 sequence the next chunk may complete.
func incompleteTail(p []byte) int {
	for i := 1; i <= 3 && i <= len(p); i++ {
		c := p[len(p)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(p[len(p)-i:]) {
				return 0
			}
			return i
		}
	}
	return 0
}

// looksUTF16 reports whether most of the bytes at odd (zeroAt=1) or even
// (zeroAt=0) offsets are NUL, as in UTF-16 text without a byte order mark.
func looksUTF16(p []byte, zeroAt int) bool {
	n := min(len(p), 4096) &^ 1
	if n < 8 {
		return false
	}
	zeros, other := 0, 0
	for i := 0; i < n; i += 2 {
		if p[i+zeroAt] == 0 {
			zeros++
		}
		if p[i+1-zeroAt] == 0 {
			other++
		}
	}
	return zeros > n/2*9/10 && other < n/2/10
}

// binaryKind names what a file that is not text looks like, or returns ""
// for text.
const (
	zipMagic = "PK\x03\x04"
	// oleMagic starts a Compound File: an Office 97-2003 file (.xls,
	// .doc), or an Office 2007 file encrypted with a password.
	oleMagic = "\xd0\xcf\x11\xe0"
)

// oleKind tells the Compound Files apart by the names of their streams,
// written in UTF-16 in the file's directory, often near its start. An
// .xls that the xls package can open is read; one named so here is one
// it could not open.
func oleKind(head []byte) string {
	if !bytes.HasPrefix(head, []byte(oleMagic)) {
		return ""
	}
	has := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for i := 0; i < len(name); i++ {
			u = append(u, name[i], 0)
		}
		return bytes.Contains(head, u)
	}
	switch {
	case has("EncryptedPackage"):
		return "a password-protected Office file (if a workbook: open it in Excel, remove the password under File > Info > Protect Workbook, and save it as .xlsx)"
	case has("WordDocument"), has("PowerPoint Document"):
	case has("Workbook"), has("Book"):
		return "an Excel 97-2003 .xls workbook whose parts cannot be read (a damaged or partly copied file?)"
	}
	return "a Microsoft Office file (save it as CSV or text)"
}

// SQLiteKind is what Sniff calls an SQLite database: a reference manager's
// own library (EndNote's .enl, Zotero's zotero.sqlite), or a winnow review.
const SQLiteKind = "an SQLite database"

func binaryKind(head []byte, enc Encoding) string {
	magic := []struct{ prefix, kind string }{
		{"%PDF", "a PDF"},
		{zipMagic, "a zip archive (perhaps a .docx or .xlsx: export it as text)"},
		{"\x1f\x8b", "a gzip archive"},
		{oleMagic, oleKind(head)},
		{"SQLite format 3\x00", SQLiteKind},
		{"\x89PNG", "a PNG image"},
		{"\xff\xd8\xff", "a JPEG image"},
	}
	for _, m := range magic {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.kind
		}
	}
	if enc == UTF16LE || enc == UTF16BE {
		return ""
	}
	sample := head[:min(len(head), 64<<10)]
	if len(sample) == len(head) {
		// NULs that pad the end of a file (a copy cut short, a disk
		// that filled) are not its text.
		sample = bytes.TrimRight(sample, "\x00")
	}
	ctrl, nul := 0, 0
	for _, c := range sample {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v':
			ctrl++
		}
	}
	// A stray NUL in text (Python's "line contains NUL") is dropped by
	// Decode; more than one in a hundred bytes are a binary file. So are
	// other control characters, but for a handful, which a short export
	// can hold in a title pasted from a word processor (ESC, BEL): they
	// are text, and never reach a terminal (ui.SafeLine).
	if len(sample) > 0 && ((ctrl > 8 && ctrl*100 > len(sample)) || (nul > 1 && (ctrl+nul)*100 > len(sample))) {
		return "binary data"
	}
	return ""
}

// Decode returns a reader of r's text as UTF-8 without a byte order mark,
// with CRLF and lone CR line ends turned into LF. A byte order mark inside
// the text (files joined with cat) and NUL characters are dropped, and CR
// CR LF (a CRLF written through a text-mode stream) is one line end.
func Decode(r io.Reader, enc Encoding) io.Reader {
	var dec transform.Transformer
	switch enc {
	case UTF8, UTF8BOM:
		dec = unicode.UTF8BOM.NewDecoder()
	case UTF16LE:
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case UTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case Windows1252:
		dec = charmap.Windows1252.NewDecoder()
	case MacRoman:
		dec = charmap.Macintosh.NewDecoder()
	case UTF8Mixed:
		dec = mixedDecoder{}
	default:
		panic(fmt.Sprintf("formats.Decode: unknown encoding %q", enc))
	}
	if enc == UTF8 {
		// Valid UTF-8 without a BOM needs no decoder, only the line ends.
		return transform.NewReader(r, lineEnds{})
	}
	return transform.NewReader(r, transform.Chain(dec, lineEnds{}))
}

// DecodeString decodes a whole text held in memory, as Decode does.
func DecodeString(p []byte) string {
	info, _ := Sniff(bytes.NewReader(p))
	out, _ := io.ReadAll(Decode(bytes.NewReader(p), info.Encoding))
	return string(out)
}

// lineEnds turns CRLF, CR CR LF and lone CR into LF, and drops NUL
// characters and byte order marks (U+FEFF, EF BB BF in UTF-8).
type lineEnds struct{ transform.NopResetter }

func (lineEnds) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// Copy the run of bytes that need nothing done in one go.
		run := nSrc
		for run < len(src) && !lineSpecial[src[run]] {
			run++
		}
		if run > nSrc {
			n := copy(dst[nDst:], src[nSrc:run])
			nDst += n
			nSrc += n
			if nSrc < run {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		switch src[nSrc] {
		case 0:
			nSrc++
		case 0xEF:
			if nSrc+3 > len(src) && !atEOF && bytes.HasPrefix(bom, src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if bytes.HasPrefix(src[nSrc:], bom) {
				nSrc += len(bom)
				continue
			}
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = 0xEF
			nDst++
			nSrc++
		case '\r':
			// CR, CRLF or CR CR LF: look at up to two bytes more.
			if nSrc+2 >= len(src) && !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = '\n'
			nDst++
			nSrc++
			switch {
			case nSrc < len(src) && src[nSrc] == '\n':
				nSrc++
			case nSrc+1 < len(src) && src[nSrc] == '\r' && src[nSrc+1] == '\n':
				nSrc += 2
			}
		}
	}
	return nDst, nSrc, nil
}

// lineSpecial marks the bytes lineEnds looks at.
var lineSpecial = [256]bool{0: true, '\r': true, 0xEF: true}

var bom = []byte{0xEF, 0xBB, 0xBF}

// leadBytes counts the bytes of valid UTF-8 p that start a sequence of
// more than one byte.
func leadBytes(p []byte) int {
	n := 0
	for len(p) >= 8 {
		if binary.LittleEndian.Uint64(p)&0x8080808080808080 != 0 {
			for _, c := range p[:8] {
				if c >= 0xC0 {
					n++
				}
			}
		}
		p = p[8:]
	}
	for _, c := range p {
		if c >= 0xC0 {
			n++
		}
	}
	return n
}

// countUTF8 counts the UTF-8 sequences of more than one byte in p and the
// bytes that belong to none.
func countUTF8(p []byte) (multi, bad int) {
	for i := 0; i < len(p); {
		if p[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			multi++
		}
		i += size
	}
	return multi, bad
}

// mixedDecoder reads UTF-8 where the bytes are UTF-8 and Windows-1252
// where they are not: a file joined from a UTF-8 export and a Windows one.
type mixedDecoder struct{ transform.NopResetter }

func (mixedDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < 0x80 {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r = charmap.Windows1252.DecodeByte(c)
		}
		n := utf8.RuneLen(r)
		if nDst+n > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		utf8.EncodeRune(dst[nDst:], r)
		nDst += n
		nSrc += size
	}
	return nDst, nSrc, nil
}

// looksMacRoman reports whether the bytes of a file that is not UTF-8 read
// as words in Mac Roman rather than in Windows-1252. A byte above 0x7F that
// follows a lowercase ASCII letter, or sits between a capital and a
// lowercase letter, is inside or at the end of a word, where a lowercase
// letter or the punctuation that ends a word makes sense and a capital
// does not: "Caf\x8e" is "Café" in Mac Roman and "CafŽ" in Windows-1252.
// Mac Roman must win by the evidence, not tie.
func looksMacRoman(p []byte) bool {
	mac, win := 0, 0
	for i := 1; i < len(p); i++ {
		c := p[i]
		if c < 0x80 {
			continue
		}
		next := byte(' ')
		if i+1 < len(p) {
			next = p[i+1]
		}
		// Inside a word: after a lowercase letter ("Caf_", "na_ve"), or
		// between a capital and a lowercase letter ("M_s").
		prev := p[i-1]
		if !isLowerASCII(prev) && !(isLetter(prev) && isLowerASCII(next)) {
			continue
		}
		mac += wordScore(charmap.Macintosh.DecodeByte(c), next)
		win += wordScore(charmap.Windows1252.DecodeByte(c), next)
	}
	return mac > win && mac > 0
}

// wordScore scores r, found inside or at the end of a word and before
// next: +1 when it fits there, -1 when it does not.
func wordScore(r rune, next byte) int {
	switch {
	case r == utf8.RuneError:
		return -1
	case stdunicode.IsLower(r):
		return 1
	case r == '’' || r == '\'' || r == '–' || r == '—':
		// An apostrophe, or a dash, which US style sets without spaces.
		return 1
	case stdunicode.IsPunct(r) || stdunicode.IsSymbol(r):
		// Other punctuation and signs end a word ("review…", "Word™"):
		// they do not sit between two letters.
		if isLowerASCII(next) {
			return -1
		}
		return 1
	}
	return -1
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
