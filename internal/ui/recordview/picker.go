package recordview

import "strconv"

// Picker draws the reason picker in height lines: the reasons, which must
// be safe (ui.SafeLine), numbered 1 to 9 for the keys that pick them, then
// the entry that types a new reason; the entry at pick marked and kept in
// view.
func Picker(reasons []string, pick, height int, color bool) []string {
	entries := make([]string, 0, len(reasons)+1)
	for i, r := range reasons {
		n := "  "
		if i < 9 {
			n = strconv.Itoa(i+1) + " "
		}
		entries = append(entries, n+r)
	}
	entries = append(entries, "t type a new reason")
	from := max(0, min(pick-height+1, len(entries)-height))
	from = min(from, pick)
	var out []string
	for i := from; i < len(entries) && len(out) < height; i++ {
		if i == pick {
			out = append(out, Paint(color, pickedStyle, "> "+entries[i]))
		} else {
			out = append(out, "  "+entries[i])
		}
	}
	return out
}
