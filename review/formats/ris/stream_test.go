package ris

import (
	"fmt"
	"io"
	"runtime"
	"testing"
)

// recordSource generates an RIS file of n records on the fly, so that the
// test itself holds no file in memory.
type recordSource struct {
	n, i int
	buf  []byte
}

func (s *recordSource) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.i == s.n {
			return 0, io.EOF
		}
		s.buf = fmt.Appendf(s.buf[:0], "TY  - JOUR\nTI  - Record %d\nAU  - Smith, J\nPY  - 2020\nAB  - An abstract of record %d.\nER  - \n\n", s.i, s.i)
		s.i++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func TestMemoryDoesNotGrowWithFileSize(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100,000 records")
	}
	const total = 100000
	rd := NewReader(&recordSource{n: total}, "stream.ris")
	heapAt := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var early uint64
	for i := range total {
		if _, err := rd.Next(); err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
		if i == 10000 {
			early = heapAt()
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("after the last record: got %v, want io.EOF", err)
	}
	if late := heapAt(); late > early+4<<20 {
		t.Errorf("heap grew from %d to %d bytes between record 10,000 and %d", early, late, total)
	}
}
