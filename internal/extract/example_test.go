package extract_test

import (
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/extract"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/wirecopy"
)

func ExampleExtract() {
	copy := `Port reopens after storm

SANTIAGO, Nov 27 (Reuters) - Chile's Transport Minister Elena Ruiz said on Friday the port of Valparaiso had reopened.

"Ships are moving again," Ruiz told reporters.
`
	s, err := wirecopy.Parse([]byte(copy), wirecopy.Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := gazetteer.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := extract.Extract(s, g)
	for _, p := range r.People {
		fmt.Printf("person: %s (%s, %s), %d mentions\n", p.Name, p.Role, p.Country, p.Mentions)
	}
	for _, p := range r.Places {
		fmt.Printf("place: %s, %s\n", p.Name, p.Country)
	}
	for _, q := range r.Quotes {
		fmt.Printf("quote: %s %s %q (paragraph %d)\n", q.Speaker, q.Verb, q.Text, q.Paragraph)
	}
	// Output:
	// person: Elena Ruiz (Transport Minister, CL), 2 mentions
	// place: Santiago, CL
	// place: Chile, CL
	// place: Valparaíso, CL
	// quote: Elena Ruiz told "Ships are moving again" (paragraph 2)
}
