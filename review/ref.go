package review

import (
	"fmt"
	"strconv"
	"strings"
)

// Ref is a reference to a record as a person types it: its number,
// doi:<DOI> or pmid:<PMID>.
type Ref struct {
	ID   int64
	DOI  string
	PMID string
}

// ParseRef reads a REF argument.
func ParseRef(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "doi:"):
		doi := strings.ToLower(strings.TrimSpace(s[4:]))
		for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"} {
			doi = strings.TrimPrefix(doi, p)
		}
		if !strings.HasPrefix(doi, "10.") {
			return Ref{}, fmt.Errorf("record %q: a DOI starts with 10., e.g. doi:10.1136/bmj.n71", s)
		}
		return Ref{DOI: doi}, nil
	case strings.HasPrefix(lower, "pmid:"):
		p := strings.TrimSpace(s[5:])
		if _, err := strconv.ParseUint(p, 10, 63); err != nil || p == "" {
			return Ref{}, fmt.Errorf("record %q: a PMID is a number, e.g. pmid:33782057", s)
		}
		return Ref{PMID: strings.TrimLeft(p, "0")}, nil
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || n <= 0 {
		return Ref{}, fmt.Errorf("record %q: give a record number, doi:<DOI> or pmid:<PMID>", s)
	}
	return Ref{ID: n}, nil
}

func (r Ref) String() string {
	switch {
	case r.DOI != "":
		return "doi:" + r.DOI
	case r.PMID != "":
		return "pmid:" + r.PMID
	}
	return strconv.FormatInt(r.ID, 10)
}

// JoinIDs lists record numbers as messages and listings show them:
// "3, 13, 25".
func JoinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}
