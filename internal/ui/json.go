package ui

import (
	"bufio"
	"encoding/json"
	"io"
)

// JSON writes v as indented JSON followed by a newline.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// JSONArray writes a JSON array one element at a time, so that a listing
// of a million records never holds them all. Call Add for each element and
// Close at the end; an empty array is "[]".
type JSONArray struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewJSONArray starts an array on w.
func NewJSONArray(w io.Writer) *JSONArray {
	return &JSONArray{w: bufio.NewWriterSize(w, 64<<10)}
}

// Add writes one element.
func (a *JSONArray) Add(v any) error {
	if a.err != nil {
		return a.err
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		a.err = err
		return err
	}
	return a.AddEncoded(b)
}

// AddEncoded writes one element already encoded as Add would encode it
// (json.MarshalIndent with the prefix and indent "  "), for a listing
// that encodes its elements itself.
func (a *JSONArray) AddEncoded(b []byte) error {
	if a.err != nil {
		return a.err
	}
	if a.n == 0 {
		a.w.WriteString("[\n  ")
	} else {
		a.w.WriteString(",\n  ")
	}
	a.n++
	_, a.err = a.w.Write(b)
	return a.err
}

// Close ends the array and flushes it.
func (a *JSONArray) Close() error {
	if a.err != nil {
		return a.err
	}
	if a.n == 0 {
		a.w.WriteString("[]\n")
	} else {
		a.w.WriteString("\n]\n")
	}
	return a.w.Flush()
}
