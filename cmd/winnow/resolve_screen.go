package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/review"
)

func resolveScreen(a *app, cmd *cobra.Command, stage review.Stage) error {
	return errors.New("not yet")
}
