package formats

import (
	"bytes"
	"io"
	"strings"
	"testing"

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
		"a zip archive": "PK\x03\x04....",
	} {
		info, err := Sniff(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if !info.Binary || !strings.HasPrefix(info.Kind, name) {
			t.Errorf("%q: binary=%v kind=%q, want %s", in, info.Binary, info.Kind, name)
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
