package newsroom

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// storyForm is the editor's form as typed, so a refused save shows it
// again with nothing lost.
type storyForm struct {
	Revision     int
	Language     string
	Headline     string
	Standfirst   string
	Place        string
	Date         string
	Credit       string
	Style        string
	DatelineText string
	Byline       string
	Body         string
	Section      string
	Tags         string
	Urgency      string
	Translations string // one per line: LANG ID
	LeadPicture  string // a picture id
	Embargo      string
	Note         string
	Reason       string // internal reason of a kill
	Notice       string // public notice of a kill
	// WithholdReason says why a story is withheld.
	WithholdReason string
}

func formFromStory(s *news.Story) storyForm {
	f := storyForm{Revision: s.Revision, Language: s.Language, Headline: s.Headline, Standfirst: s.Standfirst,
		Place: s.Dateline.Place, Date: s.Dateline.Date.String(), Credit: s.Dateline.Credit, Style: string(s.Dateline.Style),
		Byline: s.Byline, Body: BodyText(s.Body), Section: s.Section, Tags: strings.Join(s.Tags, ", "),
		LeadPicture: s.LeadPicture}
	if s.Dateline.Style == news.StyleNone {
		f.DatelineText = s.Dateline.Text
	}
	if s.Urgency != 0 {
		f.Urgency = strconv.Itoa(s.Urgency)
	}
	var tr []string
	for _, t := range s.Translations {
		tr = append(tr, t.Language+" "+t.ID)
	}
	f.Translations = strings.Join(tr, "\n")
	if s.EmbargoUntil != nil {
		// To the second: publishing the form unchanged must keep the
		// embargo exactly (an API may have set seconds).
		f.Embargo = s.EmbargoUntil.UTC().Format("2006-01-02T15:04:05")
	}
	return f
}

func formFromRequest(r *http.Request) storyForm {
	g := r.PostForm.Get
	rev, _ := strconv.Atoi(g("revision"))
	return storyForm{Revision: rev, Language: g("language"), Headline: g("headline"), Standfirst: g("standfirst"),
		Place: g("place"), Date: g("date"), Credit: g("credit"), Style: g("style"), DatelineText: g("dateline_text"),
		Byline: g("byline"), Body: g("body"), Section: g("section"), Tags: g("tags"), Urgency: g("urgency"),
		Translations: g("translations"), Embargo: g("embargo_until"), Note: g("note"), Reason: g("reason"),
		LeadPicture: strings.TrimSpace(g("lead_picture")), Notice: g("notice"), WithholdReason: g("withhold_reason")}
}

// toStory writes the form over a copy of base.
func (f storyForm) toStory(base *news.Story) (*news.Story, error) {
	s := base.Clone()
	s.Language, s.Headline, s.Standfirst, s.Byline, s.Section = f.Language, f.Headline, f.Standfirst, f.Byline, f.Section
	if s.Language == "" {
		s.Language = "en"
	}
	dl, err := (&datelineIn{Place: f.Place, Date: f.Date, Credit: f.Credit, Style: f.Style, Text: f.DatelineText}).toDateline()
	if err != nil {
		return nil, err
	}
	s.Dateline = dl
	s.Body = BodyFromText(f.Body)
	s.Tags = nil
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			s.Tags = append(s.Tags, t)
		}
	}
	s.Urgency = 0
	if u := strings.TrimSpace(f.Urgency); u != "" {
		n, err := strconv.Atoi(u)
		if err != nil {
			return nil, errInvalid("urgency", fmt.Sprintf("%q is not a number from 1 to 9", u))
		}
		s.Urgency = n
	}
	s.LeadPicture = f.LeadPicture
	s.Translations = nil
	for i, line := range strings.Split(f.Translations, "\n") {
		fields := strings.Fields(line)
		switch len(fields) {
		case 0:
			continue
		case 2:
			s.Translations = append(s.Translations, news.Translation{Language: fields[0], ID: fields[1]})
		default:
			return nil, errInvalid("translations", fmt.Sprintf("line %d: write the language and the story id, e.g. \"ru 01hx...\"", i+1))
		}
	}
	return s, nil
}

// parseFormTime reads the embargo field: a datetime-local value (taken as
// UTC, as the label says) or RFC 3339.
func parseFormTime(field, v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return &t, nil
		}
	}
	return parseEmbargo(field, v)
}
