package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names the character encoding of an export file.
type Encoding string

// The encodings winnow reads. Anything that is neither UTF-8 nor UTF-16
// is taken as Windows-1252, the superset of Latin-1 that Windows tools
// (EndNote, older Web of Science and JabRef files) write.
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1252 Encoding = "windows-1252"
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
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			info.Size += int64(n)
			if room := cap(head) - len(head); room > 0 {
				head = append(head, chunk[:min(room, n)]...)
			}
			if valid {
				data := append(carry, chunk...)
				cut := incompleteTail(data)
				if !utf8.Valid(data[:len(data)-cut]) {
					valid = false
				}
				carry = append(carry[:0:0], data[len(data)-cut:]...)
			}
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
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
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
	default:
		info.Encoding = Windows1252
	}
	if kind := binaryKind(head, info.Encoding); kind != "" {
		info.Binary, info.Kind = true, kind
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
func binaryKind(head []byte, enc Encoding) string {
	magic := []struct{ prefix, kind string }{
		{"%PDF", "a PDF"},
		{"PK\x03\x04", "a zip archive (perhaps a .docx or .xlsx: export it as text)"},
		{"\x1f\x8b", "a gzip archive"},
		{"\xd0\xcf\x11\xe0", "a Microsoft Office file (save it as CSV or text)"},
		{"SQLite format 3\x00", "an SQLite database"},
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
	ctrl := 0
	for _, c := range sample {
		switch {
		case c == 0:
			return "binary data"
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v':
			ctrl++
		}
	}
	if len(sample) > 0 && ctrl*100 > len(sample) {
		return "binary data"
	}
	return ""
}

// Decode returns a reader of r's text as UTF-8 without a byte order mark,
// with CRLF and lone CR line ends turned into LF.
func Decode(r io.Reader, enc Encoding) io.Reader {
	var dec *encoding.Decoder
	switch enc {
	case UTF8, UTF8BOM:
		dec = unicode.UTF8BOM.NewDecoder()
	case UTF16LE:
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case UTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case Windows1252:
		dec = charmap.Windows1252.NewDecoder()
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

// lineEnds turns CRLF and lone CR into LF.
type lineEnds struct{ transform.NopResetter }

func (lineEnds) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c != '\r' {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		if nSrc+1 >= len(src) && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		dst[nDst] = '\n'
		nDst++
		nSrc++
		if nSrc < len(src) && src[nSrc] == '\n' {
			nSrc++
		}
	}
	return nDst, nSrc, nil
}
