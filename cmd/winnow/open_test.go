package main

import (
	"reflect"
	"testing"
)

// TestOpenCommand: the screen's o opens a full text with $WINNOW_OPEN when
// set, else with the system's own opener, on each system winnow builds
// for.
func TestOpenCommand(t *testing.T) {
	for _, tt := range []struct {
		goos, env string
		name      string
		args      []string
	}{
		{"linux", "", "xdg-open", []string{"a b.pdf"}},
		{"freebsd", "", "xdg-open", []string{"a b.pdf"}},
		{"darwin", "", "open", []string{"a b.pdf"}},
		{"windows", "", "rundll32", []string{"url.dll,FileProtocolHandler", "a b.pdf"}},
		{"windows", "SumatraPDF.exe", "SumatraPDF.exe", []string{"a b.pdf"}},
		{"linux", "evince", "evince", []string{"a b.pdf"}},
	} {
		name, args := openCommand(tt.goos, tt.env, "a b.pdf")
		if name != tt.name || !reflect.DeepEqual(args, tt.args) {
			t.Errorf("openCommand(%q, %q) = %s %q, want %s %q", tt.goos, tt.env, name, args, tt.name, tt.args)
		}
	}
}
