package newsroom_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/copycheck"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/suggest"
)

type checksAnswer struct {
	Findings []struct {
		Kind      string `json:"kind"`
		Message   string `json:"message"`
		Paragraph int    `json:"paragraph"`
		Excerpt   string `json:"excerpt"`
	} `json:"findings"`
	Suggestions []struct {
		Kind       string  `json:"kind"`
		Label      string  `json:"label"`
		Confidence float64 `json:"confidence"`
	} `json:"suggestions"`
}

// An invented story with a doubled word, a name spelled two ways, a
// headline attributed to someone never quoted and a Reuters dateline.
var checkedStory = map[string]any{
	"language": "en",
	"headline": "Harbour tram will open in 2028 - Mayor Lindqvist",
	"dateline": map[string]any{"place": "OSLO", "credit": "Reuters", "style": "reuters", "date": "2026-03-04"},
	"body_html": "<p>Transport Minister Ingrid Halvorsen said on Monday the the harbour tram would open in 2028.</p>" +
		"<p>\"This line will change how the city moves,\" Halvorsen said.</p>" +
		"<p>Ingrid Halvorson did not say what the line would cost.</p>",
	"section": "transport",
}

func kinds(a checksAnswer) map[string]int {
	m := map[string]int{}
	for _, f := range a.Findings {
		m[f.Kind]++
	}
	return m
}

func TestChecksAPI(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	r := e.api("POST", "/api/v1/stories", "rita", checkedStory)
	want(t, "create", r, 201)
	id := r.json(t)["id"].(string)

	// Without extraction, dictionary or suggester: the checks that need
	// none still run, spelling is skipped with a note.
	r = e.api("GET", "/api/v1/stories/"+id+"/checks", "rita", nil)
	want(t, "checks", r, 200)
	var a checksAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatal(err)
	}
	k := kinds(a)
	if k[copycheck.KindDoubledWord] != 1 || k[copycheck.KindNameSpelling] != 1 || k[copycheck.KindNote] != 1 || k[copycheck.KindAttribution] != 1 {
		t.Errorf("findings %+v", a.Findings)
	}
	if a.Suggestions == nil || len(a.Suggestions) != 0 {
		t.Errorf("suggestions = %v, want []", a.Suggestions)
	}

	// With everything set up.
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	e.svc.SetExtractor(publish.Extractor(g))
	sg := suggest.New(e.db, suggest.Options{MinStories: 6, MinLabel: 3}, nil)
	for i := 0; i < 8; i++ {
		in := &news.Story{Language: "en", Headline: fmt.Sprintf("Tram line %d", i), Section: "transport", Tags: []string{"Trams"},
			Body: []news.Block{{Kind: news.Paragraph, Text: "The harbour tram line, the tram depot and tram fares were discussed by the transport board."}}}
		if i%2 == 1 {
			in.Section, in.Tags = "culture", []string{"Opera"}
			in.Body[0].Text = "The opera premiere, the orchestra and the soprano drew applause from the opera audience."
		}
		d, err := e.svc.Create(t.Context(), in, "rita")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Publish(t.Context(), d.ID, publish.Change{}, nil, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sg.Train(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.nr.SetAssist(newsroom.Assist{
		Dictionary:    copycheck.NewDictionary("en", strings.Fields("the said on monday harbour tram would open in this line will change how city moves did not say what cost transport minister")),
		DatelineStyle: news.StyleTASS,
		Suggester:     sg,
	})
	r = e.api("GET", "/api/v1/stories/"+id+"/checks", "rita", nil)
	want(t, "checks", r, 200)
	a = checksAnswer{}
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatal(err)
	}
	k = kinds(a)
	if k[copycheck.KindDateline] != 1 || k[copycheck.KindAttribution] != 1 || k[copycheck.KindNote] != 0 || k[copycheck.KindSpelling] != 0 {
		t.Errorf("findings %+v", a.Findings)
	}
	found := false
	for _, s := range a.Suggestions {
		found = found || s.Kind == "tag" && s.Label == "Trams" && s.Confidence > 0
	}
	if !found {
		t.Errorf("suggestions %+v lack the tag Trams", a.Suggestions)
	}

	// The editor page shows them.
	page := string(e.login("rita").get("/newsroom/stories/" + id).body)
	for _, w := range []string{`<h2 id="checks-h">Copy checks</h2>`, "doubled-word", "is written twice in a row", "<strong>Trams</strong>", "name-spelling"} {
		if !strings.Contains(page, w) {
			t.Errorf("editor page lacks %q", w)
		}
	}

	want(t, "no token", e.api("GET", "/api/v1/stories/"+id+"/checks", "", nil), 401)
	want(t, "no story", e.api("GET", "/api/v1/stories/zzzzzzzzzzzzzzzz/checks", "rita", nil), 404)
}
