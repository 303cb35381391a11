package news

import (
	"errors"
	"testing"
	"time"
)

func TestPublicView(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	later := at.Add(time.Hour)
	public := &Story{ID: "s1", Headline: "As the public saw it", Standfirst: "sf", Status: StatusPublished,
		Body: []Block{{Kind: Paragraph, Text: "body"}}, FirstPublishedAt: &at, UpdatedAt: &at, Version: 1}
	killed := *public
	killed.Headline, killed.Status, killed.Version, killed.UpdatedAt, killed.KillNotice = "An unpublished edit", StatusKilled, 2, &later, "Legal advice"
	noLast := func() (*Story, error) { t.Fatal("last read for an action that is not a kill"); return nil, nil }

	cases := []struct {
		name string
		v    Version
		last func() (*Story, error)
		want PublicEffect
	}{
		{"publish", Version{Action: ActionPublish, Story: *public}, noLast, PublicShow},
		{"embargoed publish", Version{Action: ActionPublish, Story: Story{Status: StatusScheduled}}, noLast, PublicUnchanged},
		{"withhold", Version{Action: ActionWithhold, Story: Story{Status: StatusWithheld, FirstPublishedAt: &at}}, noLast, PublicRemove},
		{"kill never public", Version{Action: ActionKill, Story: Story{Status: StatusKilled}}, noLast, PublicRemove},
		{"kill", Version{Action: ActionKill, Story: killed}, func() (*Story, error) { return public, nil }, PublicShow},
	}
	for _, c := range cases {
		s, eff, err := PublicView(&c.v, c.last)
		if err != nil || eff != c.want {
			t.Errorf("%s: effect %v, %v; want %v", c.name, eff, err, c.want)
		}
		if c.name == "kill" {
			if s.Headline != "As the public saw it" || s.Standfirst != "" || s.Body != nil || s.Status != StatusKilled ||
				s.Version != 2 || s.KillNotice != "Legal advice" || !s.UpdatedAt.Equal(later) {
				t.Errorf("kill notice %+v", s)
			}
			if public.Body == nil {
				t.Error("KillNotice changed the last public story")
			}
		}
	}
	if _, _, err := PublicView(&Version{Action: ActionKill, Story: killed}, func() (*Story, error) { return nil, errors.New("disk") }); err == nil {
		t.Error("an error reading the last public view was dropped")
	}
	if _, _, err := PublicView(&Version{Action: "bogus"}, noLast); err == nil {
		t.Error("an unknown action was accepted")
	}
	// Without a last public view the notice starts from the killed story.
	if k := KillNotice(&killed, nil); k.Headline != "An unpublished edit" || k.Body != nil || k.Status != StatusKilled {
		t.Errorf("kill notice without a public view %+v", k)
	}
}
