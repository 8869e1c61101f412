package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
)

func newStudyCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "study",
		Short: "Studies with several reports: list, link, unlink (lead)",
		Long: `PRISMA counts studies and reports apart: one study can be published in several
reports. Until reports are linked, each included record is one study and one
report. 'winnow study link REF REF...' says that records are reports of one
study (the first record names it); 'winnow study unlink REF' makes a record a
study of its own again. Both are logged. 'winnow study' lists the studies with
more than one report.`,
		Example: `  winnow study
  winnow --reviewer alice study link 12 57
  winnow --reviewer alice study unlink 57`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			studies, err := prisma.Studies(ctx, st)
			if err != nil {
				return err
			}
			if asJSON {
				if studies == nil {
					return ui.JSON(a.streams.Out, []any{})
				}
				return ui.JSON(a.streams.Out, studies)
			}
			t := ui.NewTable("study", "reports")
			for _, s := range studies {
				ids := make([]string, len(s.Reports))
				for i, id := range s.Reports {
					ids[i] = strconv.FormatInt(id, 10)
				}
				t.Row(strconv.FormatInt(s.ID, 10), strings.Join(ids, ", "))
			}
			return printOrNone(a, t, "no reports linked into studies: each included record is one study (see `winnow study link --help`)")
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(&cobra.Command{
		Use:   "link REF REF...",
		Short: "Say that records are reports of one study (lead)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return errors.New("name two or more records: the reports of one study")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			refs := make([]review.Ref, len(args))
			for i, arg := range args {
				ref, err := review.ParseRef(arg)
				if err != nil {
					return usageError{err}
				}
				refs[i] = ref
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := prisma.LinkStudy(cmd.Context(), st, lead, refs)
			if err != nil {
				return err
			}
			ids := make([]string, len(s.Reports))
			for i, id := range s.Reports {
				ids[i] = strconv.FormatInt(id, 10)
			}
			fmt.Fprintf(a.streams.Err, "study %d: reports %s\n", s.ID, strings.Join(ids, ", "))
			return nil
		},
	}, &cobra.Command{
		Use:   "unlink REF",
		Short: "Make a record a study of its own again (lead)",
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			id, _, err := prisma.UnlinkStudy(cmd.Context(), st, lead, ref)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "record %d is a study of its own\n", id)
			return nil
		},
	})
	return cmd
}
