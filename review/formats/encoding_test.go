package formats

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestSniffAndDecode(t *testing.T) {
	text := "TY  - JOUR\nTI  - Café “quoted” – Müller\nER  - \n"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	utf16noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
	}{
		{"UTF-8 is read as it is", []byte(text), UTF8},
		{"a UTF-8 BOM is dropped", append([]byte("\ufeff"), text...), UTF8BOM},
		{"UTF-16 LE with a BOM", utf16le, UTF16LE},
		{"UTF-16 BE with a BOM", utf16be, UTF16BE},
		{"UTF-16 LE without a BOM", utf16noBOM, UTF16LE},
		{"bytes that are not UTF-8 are Windows-1252", cp1252, Windows1252},
		{"CRLF line ends become LF", []byte(strings.ReplaceAll(text, "\n", "\r\n")), UTF8},
		{"CR line ends become LF", []byte(strings.ReplaceAll(text, "\n", "\r")), UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Sniff(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if info.Encoding != tt.enc {
				t.Errorf("encoding %s, want %s", info.Encoding, tt.enc)
			}
			if info.Binary {
				t.Errorf("taken for binary (%s)", info.Kind)
			}
			out, err := io.ReadAll(Decode(bytes.NewReader(tt.in), info.Encoding))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != text {
				t.Errorf("decoded %q, want %q", out, text)
			}
			if info.Sample != text {
				t.Errorf("sample %q", info.Sample)
			}
		})
	}
}

// TestSniffSplitRune checks that a multi-byte character cut by a read
// boundary does not make valid UTF-8 look invalid.
func TestSniffSplitRune(t *testing.T) {
	text := strings.Repeat("é", 300<<10)
	info, err := Sniff(&oneByteAtATime{r: strings.NewReader(text), step: 7})
	if err != nil {
		t.Fatal(err)
	}
	if info.Encoding != UTF8 {
		t.Errorf("encoding %s, want utf-8", info.Encoding)
	}
}

type oneByteAtATime struct {
	r    io.Reader
	step int
}

func (o *oneByteAtATime) Read(p []byte) (int, error) {
	if len(p) > o.step {
		p = p[:o.step]
	}
	return o.r.Read(p)
}

func TestSniffBinary(t *testing.T) {
	for name, in := range map[string]string{
		"a PDF":         "%PDF-1.7\n...",
		"binary data":   "abc\x00\x00\x01def",
		"binary data ":  "abcdefghij\x00klmnopq\x00rs", // two NULs in 21 bytes
		"a zip archive": "PK\x03\x04....",
		// Compound Files, told apart by their stream names (UTF-16).
		"an Excel 97-2003 .xls workbook whose parts cannot be read (a damaged or partly copied file?)": "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00",
		"a password-protected Office file": "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00",
		"a Microsoft Office file":          "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....W\x00o\x00r\x00d\x00D\x00o\x00c\x00",
		"binary data  ":                    strings.Repeat("ab\x01\x02\x03\x1b", 20), // control bytes throughout
	} {
		info, err := Sniff(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if !info.Binary || !strings.HasPrefix(info.Kind, strings.TrimSpace(name)) {
			t.Errorf("%q: binary=%v kind=%q, want %s", in, info.Binary, info.Kind, name)
		}
		if info.Zip != strings.HasPrefix(in, "PK") {
			t.Errorf("%q: zip=%v", in, info.Zip)
		}
	}
}

func TestLineReaderLongLine(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	lr := NewLineReader(strings.NewReader("a\n" + long + "\nb"))
	var got []string
	for {
		l, ok := lr.Next()
		if !ok {
			break
		}
		got = append(got, l)
	}
	if len(got) != 3 || got[1] != long || got[2] != "b" || lr.Line() != 3 {
		t.Errorf("got %d lines, line %d", len(got), lr.Line())
	}
}

// BenchmarkDecode measures Decode, which every byte of every import goes
// through: 8 MB of RIS with CRLF line ends, as UTF-8 and as Windows-1252.
func BenchmarkDecode(b *testing.B) {
	rec := "TY  - JOUR\r\nTI  - Café “society” – ageing well in the community\r\nAU  - Müller, Jürgen\r\n" +
		"AB  - " + strings.Repeat("Integrated care for older people at home. ", 20) + "\r\nER  - \r\n"
	text := strings.Repeat(rec, (8<<20)/len(rec))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	for _, in := range []struct {
		name string
		enc  Encoding
		data []byte
	}{{"utf-8", UTF8, []byte(text)}, {"windows-1252", Windows1252, cp1252}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if _, err := io.Copy(io.Discard, Decode(bytes.NewReader(in.data), in.enc)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSniff measures Sniff's one pass over 8 MB of RIS, as UTF-8 and
// as Windows-1252.
func BenchmarkSniff(b *testing.B) {
	rec := "TY  - JOUR\r\nTI  - Café “society” – ageing well in the community\r\nAU  - Müller, Jürgen\r\n" +
		"AB  - " + strings.Repeat("Integrated care for older people at home. ", 20) + "\r\nER  - \r\n"
	text := strings.Repeat(rec, (8<<20)/len(rec))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	for _, in := range []struct {
		name string
		data []byte
	}{{"utf-8", []byte(text)}, {"windows-1252", cp1252}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if _, err := Sniff(bytes.NewReader(in.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDecodeQuirks checks the encodings of real exports that are not one
// clean encoding: files joined with cat, NULs, CR CR LF, a UTF-8 file with
// Windows-1252 bytes, Mac Roman. Each is also read one byte at a time, so
// that no boundary between reads changes the text.
func TestDecodeQuirks(t *testing.T) {
	utf16 := func(s string) []byte {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		return b
	}
	cp1252 := func(s string) []byte {
		b, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		return b
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
		want string
	}{
		{"a BOM inside the text is dropped", []byte("\ufeffTI  - Café\n\ufeffTI  - Two\n"), UTF8BOM, "TI  - Café\nTI  - Two\n"},
		{"UTF-16 BE without a BOM", func() []byte {
			b, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte("TI  - Café\r\nPY  - 2020\r\n"))
			return b
		}(), UTF16BE, "TI  - Café\nPY  - 2020\n"},
		{"two UTF-16 files joined: the second BOM is dropped", cat(utf16("TI  - Café\n"), utf16("TI  - Two\n")), UTF16LE, "TI  - Café\nTI  - Two\n"},
		{"NULs padding the end are dropped", cat([]byte("TI  - Café\n"), make([]byte, 300)), UTF8, "TI  - Café\n"},
		{"a stray NUL is dropped", []byte("TI  - Ca\x00fé" + strings.Repeat(" long", 20) + "\n"), UTF8, "TI  - Café" + strings.Repeat(" long", 20) + "\n"},
		{"one NUL in a short text is dropped", []byte("TI  - A\x00B\n"), UTF8, "TI  - AB\n"},
		{"CRLF, CR and LF mixed in one file (parts joined from Windows, old Mac and Unix)",
			[]byte("TY  - JOUR\r\nTI  - One\rPY  - 2020\nER  - \r\n\rTY  - JOUR\n"), UTF8, "TY  - JOUR\nTI  - One\nPY  - 2020\nER  - \n\nTY  - JOUR\n"},
		{"CR CR LF is one line end", []byte("TI  - One\r\r\nPY  - 2020\r\r\n"), UTF8, "TI  - One\nPY  - 2020\n"},
		{"CR CR is two line ends", []byte("TI  - One\r\rPY  - 2020\r"), UTF8, "TI  - One\n\nPY  - 2020\n"},
		{"a UTF-8 file with a Windows-1252 part reads both",
			cat([]byte("TI  - Café “one”\nTI  - Jürgen’s\n"), cp1252("TI  - naïve “two”\n")), UTF8Mixed, "TI  - Café “one”\nTI  - Jürgen’s\nTI  - naïve “two”\n"},
		{"one UTF-8 letter and one Windows-1252 letter",
			[]byte("TI  - First caf\xc3\xa9 study\nTI  - Second na\xefve study\n"), UTF8Mixed, "TI  - First café study\nTI  - Second naïve study\n"},
		{"Windows-1252 with a pair of bytes that happen to be UTF-8 stays Windows-1252",
			cp1252("TI  - Fuß“ Müller Käse Öl Grüße\n"), Windows1252, "TI  - Fuß“ Müller Käse Öl Grüße\n"},
		{"a UTF-8 BOM before Windows-1252 text",
			cat(bom, cp1252("TI  - naïve “two”\nTI  - Müller\n")), UTF8Mixed, "TI  - naïve “two”\nTI  - Müller\n"},
		{"Mac Roman from old EndNote", []byte("TI  - Caf\x8e society, na\x95ve M\x9fller\rAU  - D\x8eb\x8frah\r"), MacRoman, "TI  - Café society, naïve Müller\nAU  - Débèrah\n"},
		{"Windows-1252 with apostrophes stays Windows-1252", cp1252("TI  - Don’t café naïve Müller’s\n"), Windows1252, "TI  - Don’t café naïve Müller’s\n"},
		{"a capital after a space is no evidence for Mac Roman", cp1252("TI  - Ángel Órbita Éxito\n"), Windows1252, "TI  - Ángel Órbita Éxito\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Sniff(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if info.Encoding != tt.enc || info.Binary {
				t.Errorf("encoding %s (binary %v %q), want %s", info.Encoding, info.Binary, info.Kind, tt.enc)
			}
			for _, step := range []int{len(tt.in), 1, 2} {
				out, err := io.ReadAll(Decode(&oneByteAtATime{r: bytes.NewReader(tt.in), step: step}, tt.enc))
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != tt.want {
					t.Errorf("read %d bytes at a time: decoded %q, want %q", step, out, tt.want)
				}
			}
		})
	}
}

// TestMacRomanOrWindows checks the Mac Roman guess on titles in the
// languages exports hold, each encoded both ways: Windows-1252 text must
// never be taken for Mac Roman (the guess only moves off the default on
// evidence), and Mac Roman text of a few accented words must be found.
func TestMacRomanOrWindows(t *testing.T) {
	texts := map[string]string{
		"French":     "Évaluation de l’efficacité des soins à domicile chez les personnes âgées : étude « pilote » – résultats préliminaires, Côte-d’Ivoire",
		"German":     "Über die Wirksamkeit häuslicher Pflege bei älteren Menschen – eine „Pilotstudie“ in Österreich; Fußpflege, Größe, Maßnahmen",
		"Spanish":    "Evaluación de la atención domiciliaria en ancianos: ¿qué sabemos? Niños, señales y años de vida ganados en Andalucía",
		"Portuguese": "Avaliação da atenção domiciliária em idosos: ações, informações e situação em São Paulo e Goiânia",
		"Danish":     "Effekt af hjemmepleje for ældre: en undersøgelse af søvn, kørsel og træning på plejehjem i Århus",
		"English":    "Don’t stop: older adults’ “home” care – a review… of 15 trials (n=1,024); café-based groups",
		"Typography": "Word™ users and Excel® files: home—a review of n°5; the “best” of ‘both’ worlds",
		"Spanish 2":  "Más años de vida: está claro",
	}
	for lang, text := range texts {
		cp, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		mac, err := charmap.Macintosh.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if looksMacRoman(cp) {
			t.Errorf("%s in Windows-1252 taken for Mac Roman", lang)
		}
		if !looksMacRoman(mac) {
			t.Errorf("%s in Mac Roman not found", lang)
		}
	}
}

// FuzzDecode checks what Decode promises whatever the bytes: the text is
// valid UTF-8 with no CR, NUL or byte order mark, and reading it in small
// pieces gives the same text as reading it whole.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("TY  - JOUR\r\r\nTI  - Caf\xc3\xa9\r\n\xef\xbb\xbfTI  - na\xefve\x00\r"))
	f.Add([]byte("TI  - Caf\x8e\rTI  - D\x8eb\x8frah\r"))
	f.Add([]byte("\xff\xfeT\x00I\x00\r\x00\n\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		info, err := Sniff(bytes.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := io.ReadAll(Decode(bytes.NewReader(in), info.Encoding))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(whole) && info.Encoding != UTF8 {
			t.Fatalf("%s: decoded text is not UTF-8: %q", info.Encoding, whole)
		}
		if bytes.ContainsAny(whole, "\r\x00\ufeff") {
			t.Fatalf("%s: decoded text holds CR, NUL or a BOM: %q", info.Encoding, whole)
		}
		pieces, err := io.ReadAll(Decode(&oneByteAtATime{r: bytes.NewReader(in), step: 1}, info.Encoding))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, pieces) {
			t.Fatalf("%s: whole %q, byte by byte %q", info.Encoding, whole, pieces)
		}
	})
}

// TestSniffFewControlsAreText: a short export with a handful of control
// characters in a title (ESC, BEL, pasted from a word processor) is text,
// not "binary data": more than one in a hundred bytes, but only a few.
func TestSniffFewControlsAreText(t *testing.T) {
	in := "TY  - JOUR\nTI  - Nudges\x1b[31m for \x07prescribers\x1b[0m\nPY  - 2019\nER  - \n"
	info, err := Sniff(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if info.Binary {
		t.Errorf("taken for binary (%s)", info.Kind)
	}
}
