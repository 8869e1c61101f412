package match

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// Blocking: records are compared only when they share a blocking key, so
// the work grows with the records, not with their square. Each key is a
// 64-bit hash of one field or a few, tagged with what it is made of. A
// record has up to ten keys:
//
//	d  the DOI                     m  the PMID
//	t  the whole title             p  its first three words
//	s  its last three words        l  its two longest words, and the
//	L  longest with the third longest (a typo spares one of the pairs)
//	v  volume and first page       a  first author and year
//	g  first author and first page
//
// A block larger than Options.MaxBlock (a generic title), or a fifth of it
// for the weak keys l, L, a and g (a common name in a common year), is
// left out: the other keys of its records still meet their duplicates,
// and a title such as "Editorial" is never linked on the title alone
// anyway. On the labelled corpus no pair that comparing all pairs would
// link or queue is lost this way (TestBlockingRecall).

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func newHash(tag byte) hasher { return hasher(fnvOffset).byte(tag) }

func (h hasher) byte(c byte) hasher { return (h ^ hasher(c)) * fnvPrime }

func (h hasher) str(s string) hasher {
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return h.byte(0xff)
}

func (h hasher) num(n uint32) hasher {
	for range 4 {
		h = h.byte(byte(n))
		n >>= 8
	}
	return h
}

// Blocking keys made of an identifier, a title or a citation are strong:
// their blocks are small unless the data is odd. Keys made of common words
// or a name are weak, and their blocks are cut at a fifth of the size. The
// top bit of a key says which it is.
func strong(h hasher) uint64 { return uint64(h) &^ (1 << 63) }

func weak(h hasher) uint64 { return uint64(h) | 1<<63 }

// maxBlockKeys is the most blocking keys a record has.
const maxBlockKeys = 10

// blockKeys appends the blocking keys of k to dst: none for a withdrawn
// record.
func blockKeys(dst []uint64, k *Key) []uint64 {
	if k.Withdrawn {
		return dst
	}
	if k.DOI != "" {
		dst = append(dst, strong(newHash('d').str(k.DOI)))
	}
	if k.PMID != "" {
		dst = append(dst, strong(newHash('m').str(k.PMID)))
	}
	if k.Title != "" {
		h := newHash('t')
		for i := 0; i < len(k.Title); i++ {
			if k.Title[i] != ' ' {
				h = h.byte(k.Title[i])
			}
		}
		dst = append(dst, strong(h))
		var words [64]string
		w := words[:0]
		for x := range strings.FieldsSeq(k.Title) {
			if len(w) == cap(w) {
				break
			}
			w = append(w, x)
		}
		if len(w) >= 3 {
			dst = append(dst, strong(newHash('p').str(w[0]).str(w[1]).str(w[2])))
			n := len(w)
			dst = append(dst, strong(newHash('s').str(w[n-3]).str(w[n-2]).str(w[n-1])))
			l1, l2, l3 := longest3(w)
			dst = append(dst, weak(newHash('l').str(min(l1, l2)).str(max(l1, l2))))
			if l3 != "" {
				dst = append(dst, weak(newHash('L').str(min(l1, l3)).str(max(l1, l3))))
			}
		}
	}
	if k.Volume != 0 && k.FirstPage != 0 {
		dst = append(dst, strong(newHash('v').num(k.Volume).num(k.FirstPage)))
	}
	if first := firstAuthor(k.Authors); first != "" {
		if k.Year != 0 {
			dst = append(dst, weak(newHash('a').str(first).num(uint32(k.Year))))
		}
		if k.FirstPage != 0 {
			dst = append(dst, weak(newHash('g').str(first).num(k.FirstPage)))
		}
	}
	return dst
}

// firstAuthor gives the longest word of the first author's family name.
func firstAuthor(authors string) string {
	first, _, _ := strings.Cut(authors, "|")
	best := ""
	for w := range strings.FieldsSeq(first) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// longest3 gives the three longest distinct words, longer first and equal
// lengths in alphabetical order, so that the choice does not depend on
// word order.
func longest3(words []string) (a, b, c string) {
	better := func(x, y string) bool { return len(x) > len(y) || len(x) == len(y) && x < y }
	for _, w := range words {
		switch {
		case w == a || w == b || w == c:
		case better(w, a):
			a, b, c = w, a, b
		case b == "" || better(w, b):
			b, c = w, b
		case c == "" || better(w, c):
			c = w
		}
	}
	return a, b, c
}

// storedShift is how much of a blocking key the review keeps: its top 40
// bits (see StoredBlocks), which is also what an entry keeps of it when
// the records of a run number at most 1<<storedShift.
const storedShift = 24

// StoredBlocks appends the blocking keys of k as a review keeps them
// (store's dedup_blocks), so that a run after an import can find the old
// records that share a block with a new one through an index: each key's
// top 40 bits, a positive number (two keys that agree on them fall into
// one block, which only adds candidates).
func StoredBlocks(dst []int64, k *Key) []int64 {
	var buf [maxBlockKeys]uint64
	for _, h := range blockKeys(buf[:0], k) {
		dst = append(dst, int64(h>>storedShift))
	}
	return dst
}

// An entry is one blocking key of one record packed in 64 bits: the key's
// top bits, then the record's index in the low idxBits bits. Sorting the
// entries groups each block, its records in index order. Cutting the key
// to make room merges a few blocks by chance, which only adds candidates.
type entries struct {
	v       []uint64
	idxBits uint
}

func newEntries(records int) *entries {
	// At least storedShift bits, so that a run's blocks are the blocks a
	// review keeps (see StoredBlocks).
	return &entries{idxBits: uint(max(bits.Len(uint(records)), storedShift))}
}

func (e *entries) add(key uint64, i int) {
	e.v = append(e.v, key>>e.idxBits<<e.idxBits|uint64(i))
}

func (e *entries) index(k int) int32 { return int32(e.v[k] & (1<<e.idxBits - 1)) }

func (e *entries) key(k int) uint64 { return e.v[k] >> e.idxBits }

// shardPairs is about how many candidate pairs are held at once: the pairs
// are made, sorted and compared a shard of records at a time, so that
// memory does not grow with their number.
const shardPairs = 1 << 22

// eachShard calls visit with the candidate pairs (i < j, as i<<32|j) of
// records that share a block of at most maxBlock records (a fifth of that
// for weak keys), sorted and without repeats, a shard at a time. When
// fresh > 0 only pairs with at least one record at index >= fresh are made
// (the new records of an incremental run).
func (e *entries) eachShard(n, maxBlock, fresh, workers int, oldSize func(block int64) int, visit func(pairs []uint64)) {
	sortUint64(e.v, workers)
	maxWeak := max(maxBlock/5, 2)
	if oldSize != nil && e.idxBits > storedShift {
		panic("dedup: Options.OldBlockSize with more than 1<<24 records in a run")
	}
	// blocks calls f for each block that is compared, with its first
	// member and the first member that is new.
	blocks := func(f func(lo, hi, firstNew int)) {
		for lo := 0; lo < len(e.v); {
			hi := lo + 1
			for hi < len(e.v) && e.key(hi) == e.key(lo) {
				hi++
			}
			limit := maxBlock
			if e.v[lo]>>63 == 1 {
				limit = maxWeak
			}
			firstNew := lo
			for firstNew < hi && int(e.index(firstNew)) < fresh {
				firstNew++
			}
			size := hi - lo
			if oldSize != nil {
				// The run holds only some of the block's old records:
				// it is as big as the review says.
				size = hi - firstNew + oldSize(int64(e.v[lo]>>storedShift))
			}
			if size >= 2 && size <= limit && firstNew < hi {
				f(lo, hi, firstNew)
			}
			lo = hi
		}
	}
	// pairsFrom counts the pairs member x of a block makes with the later
	// members.
	pairsFrom := func(x, hi, firstNew int) int {
		if fresh > 0 && x < firstNew {
			return hi - firstNew
		}
		return hi - x - 1
	}
	const buckets = 1024
	shift := uint(max(bits.Len(uint(n))-10, 0))
	var count [buckets + 1]int
	blocks(func(lo, hi, firstNew int) {
		for x := lo; x < hi-1; x++ {
			count[int(e.index(x))>>shift] += pairsFrom(x, hi, firstNew)
		}
	})
	var buf []uint64
	for b := 0; b <= buckets; {
		// A shard is a run of buckets holding about shardPairs pairs.
		size, end := count[b], b+1
		for end <= buckets && size+count[end] <= shardPairs {
			size += count[end]
			end++
		}
		if size == 0 {
			b = end
			continue
		}
		lo, hi := int32(b<<shift), int32(end<<shift)
		buf = slices.Grow(buf[:0], size)
		blocks(func(blo, bhi, firstNew int) {
			for x := blo; x < bhi-1; x++ {
				i := e.index(x)
				if i < lo || i >= hi {
					continue
				}
				from := x + 1
				if fresh > 0 && x < firstNew {
					from = firstNew
				}
				for y := from; y < bhi; y++ {
					if j := e.index(y); j != i {
						buf = append(buf, uint64(i)<<32|uint64(j))
					}
				}
			}
		})
		sortUint64(buf, workers)
		visit(slices.Compact(buf))
		b = end
	}
}

// sortUint64 sorts, spreading the work over the workers by the eight bits
// below the highest bit set in any value.
func sortUint64(v []uint64, workers int) {
	if workers < 2 || len(v) < 1<<16 {
		slices.Sort(v)
		return
	}
	var top uint64
	for _, x := range v {
		top |= x
	}
	shift := uint(max(bits.Len64(top)-8, 0))
	parts := bucketize(len(v), func(k int) int { return int(v[k]>>shift) & 0xff }, func(dst, src int) { v[dst], v[src] = v[src], v[dst] })
	parallel(len(parts)-1, workers, func(p int) { slices.Sort(v[parts[p]:parts[p+1]]) })
}

// bucketize reorders n items in place into 256 buckets by bucket(k) (an
// American-flag pass) and returns the bucket boundaries.
func bucketize(n int, bucket func(k int) int, swap func(a, b int)) []int {
	var count [256]int
	for k := 0; k < n; k++ {
		count[bucket(k)]++
	}
	bounds := make([]int, 257)
	for b := 0; b < 256; b++ {
		bounds[b+1] = bounds[b] + count[b]
	}
	var next [256]int
	copy(next[:], bounds[:256])
	for b := 0; b < 256; b++ {
		for next[b] < bounds[b+1] {
			k := next[b]
			t := bucket(k)
			if t == b {
				next[b]++
				continue
			}
			swap(k, next[t])
			next[t]++
		}
	}
	return bounds
}

// parallel runs f(0..n-1) on up to workers goroutines.
func parallel(n, workers int, f func(i int)) {
	if workers < 2 || n < 2 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
