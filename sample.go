// Package winnow holds what belongs to the repository as a whole: the
// sample review's exports and decisions (testdata/sample), embedded so
// that `winnow demo` needs nothing but the binary.
package winnow

import "embed"

// Sample is testdata/sample: six database and website exports of a small
// review (43 records), citation searching, and two screeners' decisions.
//
//go:embed testdata/sample
var Sample embed.FS
