package formattest

import (
	"io"
	"strings"
	"testing"
)

// Benchmark reads input, held in memory, once per iteration with the
// reader newReader makes, and fails b on an error or on a record count
// other than records.
func Benchmark(b *testing.B, newReader NewReader, input string, records int) {
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		r := newReader(strings.NewReader(input), "bench")
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != records {
			b.Fatalf("read %d records, want %d", n, records)
		}
	}
}
