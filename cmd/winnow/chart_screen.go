package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/review"
)

// chartScreen opens one study's charting form in the terminal.
func chartScreen(a *app, cmd *cobra.Command, ref review.Ref) error {
	return errors.New("not yet")
}
