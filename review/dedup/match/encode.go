package match

import (
	"encoding/binary"
	"errors"
)

// KeyVersion changes whenever KeyOf would build different keys from the
// same record: keys stored by an older version must be built again.
const KeyVersion = 2

// ErrBadKey: stored key bytes that do not decode.
var ErrBadKey = errors.New("bad stored key")

// AppendBinary appends the key's compact binary form to b, so that a
// review can keep its keys and an incremental run need not rebuild a
// million of them. ID and SearchID are not written: the store keeps them.
func (k *Key) AppendBinary(b []byte) []byte {
	for _, s := range []string{k.Title, k.Authors, k.FirstGiven, k.Venue, k.DOI, k.PMID} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, n := range []uint32{k.Volume, k.Issue, k.FirstPage, k.LastPage} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendVarint(b, int64(k.Year))
	b = binary.AppendUvarint(b, uint64(k.Flags))
	return append(b, k.Part, k.Completeness)
}

// DecodeKey reads a key written by AppendBinary; id and searchID are the
// record's. The strings share one allocation.
func DecodeKey(b []byte, id, searchID int64) (Key, error) {
	k := Key{ID: id, SearchID: searchID}
	var strs [6]string
	backing := string(b) // one allocation for all the strings
	off := 0
	for i := range strs {
		n, w := binary.Uvarint(b[off:])
		if w <= 0 || n > uint64(len(b)-off-w) {
			return Key{}, ErrBadKey
		}
		off += w
		strs[i] = backing[off : off+int(n)]
		off += int(n)
	}
	k.Title, k.Authors, k.FirstGiven, k.Venue, k.DOI, k.PMID = strs[0], strs[1], strs[2], strs[3], strs[4], strs[5]
	var nums [4]uint32
	for i := range nums {
		n, w := binary.Uvarint(b[off:])
		if w <= 0 {
			return Key{}, ErrBadKey
		}
		nums[i] = uint32(n)
		off += w
	}
	k.Volume, k.Issue, k.FirstPage, k.LastPage = nums[0], nums[1], nums[2], nums[3]
	year, w := binary.Varint(b[off:])
	if w <= 0 {
		return Key{}, ErrBadKey
	}
	off += w
	flags, w := binary.Uvarint(b[off:])
	if w <= 0 || off+w+2 != len(b) {
		return Key{}, ErrBadKey
	}
	off += w
	k.Year, k.Flags = int16(year), Flag(flags)
	k.Part, k.Completeness = b[off], b[off+1]
	return k, nil
}
