// Package rank orders a reviewer's queue by predicted relevance and
// measures how well that works on finished reviews.
//
// A Corpus holds every record of a review as a TF-IDF vector of words and
// word pairs, built once; Train fits a linear model (by default the
// fusion of naive Bayes and ASReview LAB 2's linear SVM, ELAS u4, until
// 50 includes are known, then the SVM alone, each training with 100
// records not yet screened presumed excluded; see
// DefaultOptions and Preset) to a reviewer's decisions and
// Rank orders the records left. The same decisions always give the same order.
// Until the reviewer has one include and one exclude the order is
// RandomOrder, seeded per reviewer. Simulate replays a finished review as
// if a reviewer had screened in that order, retraining as it goes, and
// reports the figures of Cohen et al. (2006) and ASReview
// (work saved over sampling, recall after a share screened, average time
// to discovery, normalised loss) and where the stopping rule of Callaghan
// and Müller-Hansen (2020; Buscar) would have stopped.
//
// The package knows nothing of the store or the terminal: the caller
// reads decisions, picks the seed and logs Model.Describe, so that the
// ranking a queue had can be named in a methods section.
package rank
