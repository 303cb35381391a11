// Package formattest holds what the tests of the export formats (ninjs,
// NewsML-G2) share: the comparison of a story with what an export of it
// reads back as.
package formattest

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/dateline-news/dateline/internal/news"
)

// ExportDiff names the fields of want that an export carries and that got,
// the export read back, has otherwise; "" when none differ. A killed story
// is compared on its status, version and notice only: a canceled item
// carries no words of the story. datelineText says whether the format
// carries the dateline as written.
func ExportDiff(want, got *news.Story, datelineText bool) string {
	var d []string
	field := func(name string, g, w any) {
		// An empty list and none are the same to a reader.
		if v := reflect.ValueOf(g); v.Kind() == reflect.Slice && v.Len() == 0 && reflect.ValueOf(w).Len() == 0 {
			return
		}
		if !reflect.DeepEqual(g, w) {
			d = append(d, fmt.Sprintf("%s = %#v, want %#v", name, g, w))
		}
	}
	field("status", got.Status, want.Status)
	field("version", got.Version, want.Version)
	field("kill notice", got.KillNotice, want.KillNotice)
	if want.Status == news.StatusKilled {
		return strings.Join(d, "; ")
	}
	field("headline", got.Headline, want.Headline)
	field("byline", got.Byline, want.Byline)
	field("language", got.Language, want.Language)
	field("place", got.Dateline.Place, want.Dateline.Place)
	if datelineText {
		field("dateline", got.Dateline.Text, want.Dateline.Display())
	}
	field("urgency", got.Urgency, want.Urgency)
	field("section", got.Section, want.Section)
	field("tags", got.Tags, want.Tags)
	field("translations", got.Translations, want.Translations)
	field("standfirst", got.Standfirst, want.Standfirst)
	field("body", got.Body, want.Body)
	// Only a scheduled story exports its embargo: on any other the time
	// has passed or no longer holds.
	if want.Status == news.StatusScheduled && (got.EmbargoUntil == nil || !got.EmbargoUntil.Equal(*want.EmbargoUntil)) {
		d = append(d, fmt.Sprintf("embargo = %v, want %v", got.EmbargoUntil, want.EmbargoUntil))
	}
	return strings.Join(d, "; ")
}
