package wirecopy_test

import (
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/wirecopy"
)

func ExampleParse() {
	copy := `All news
Updated at: 18 Dec 2016, 09:15

Harbour reopens after storm

TOKYO, December 18. /TASS/. The port of Yokohama reopened on Sunday.

Ships queued

About forty ships waited outside the harbour overnight.
`
	s, err := wirecopy.Parse([]byte(copy), wirecopy.Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Language, s.Headline)
	fmt.Println(s.Dateline.Place, s.Dateline.Date, s.Dateline.Credit, s.Dateline.Style)
	for _, b := range s.Body {
		fmt.Printf("%s: %s\n", b.Kind, b.Text)
	}
	// Output:
	// en Harbour reopens after storm
	// TOKYO 2025-12-18 TASS tass
	// p: The port of Yokohama reopened on Sunday.
	// h2: Ships queued
	// p: About forty ships waited outside the harbour overnight.
}

func ExampleParseDateline() {
	dl, rest, ok := wirecopy.ParseDateline("BEIJING, Nov. 25 (Xinhua) -- China launched a satellite.", wirecopy.Options{Year: 2026})
	fmt.Println(ok, dl.Place, dl.Date, dl.Credit, dl.Style)
	fmt.Println(rest)
	// Output:
	// true BEIJING 2026-11-25 Xinhua xinhua
	// China launched a satellite.
}
