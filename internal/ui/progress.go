package ui

import (
	"fmt"
	"io"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/colorprofile"
)

// Progress draws a progress bar on stderr, only when stderr is a terminal;
// elsewhere it does nothing. It redraws at most ten times a second and is
// safe to call from any goroutine.
type Progress struct {
	mu    sync.Mutex
	w     io.Writer
	bar   progress.Model
	label string
	last  time.Time
	drawn bool
	full  bool // the bar was drawn at 100%
}

// NewProgress returns a bar labelled label, or nil when stderr is not a
// terminal. A nil *Progress is valid and draws nothing.
func (s *Streams) NewProgress(label string) *Progress {
	if !s.StderrTTY {
		return nil
	}
	width := 40
	if s.Width > 0 {
		width = min(width, max(10, s.Width-len(label)-12))
	}
	return &Progress{
		w:     colorprofile.NewWriter(s.Err, s.Env),
		bar:   progress.New(progress.WithWidth(width), progress.WithDefaultBlend()),
		label: label,
	}
}

// Set shows done out of total.
func (p *Progress) Set(done, total int64) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if (now.Sub(p.last) < 100*time.Millisecond && done < total) || (done == total && p.full) {
		return
	}
	p.last, p.full = now, done == total
	fmt.Fprintf(p.w, "\r%s %s", p.label, p.bar.ViewAs(float64(done)/float64(total)))
	p.drawn = true
}

// Done clears the bar's line.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[2K")
	}
}
