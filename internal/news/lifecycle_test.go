package news

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func draft() *Story {
	return &Story{ID: "s1", Status: StatusDraft, Language: "en", Headline: "Rains return to the valley",
		Body: []Block{{Paragraph, "It rained."}}, CreatedAt: t0, ModifiedAt: t0}
}

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestTransitions(t *testing.T) {
	future := at(120)
	past := at(-5)
	type step func(s *Story) (*Version, error)
	publish := func(min int, emb *time.Time) step {
		return func(s *Story) (*Version, error) { return s.Publish(at(min), emb, "ed") }
	}
	correct := func(min int, note string) step {
		return func(s *Story) (*Version, error) { return s.Correct(at(min), note, "ed") }
	}
	kill := func(min int) step {
		return func(s *Story) (*Version, error) { return s.Kill(at(min), "legal", "", nil, "ed") }
	}
	release := func(min int) step { return func(s *Story) (*Version, error) { return s.Release(at(min), nil) } }
	withhold := func(min int) step {
		return func(s *Story) (*Version, error) { return s.Withhold(at(min), "check", nil, "ed") }
	}

	cases := []struct {
		name        string
		steps       []step
		wantErr     error // error of the last step
		wantStatus  Status
		wantVersion int
		wantAction  Action
	}{
		{"publish draft", []step{publish(1, nil)}, nil, StatusPublished, 1, ActionPublish},
		{"update published", []step{publish(1, nil), publish(5, nil)}, nil, StatusPublished, 2, ActionUpdate},
		{"correct published", []step{publish(1, nil), correct(5, "Fixes the name.")}, nil, StatusPublished, 2, ActionCorrect},
		{"correct without note", []step{publish(1, nil), correct(5, "  ")}, &ValidationError{}, StatusPublished, 1, ""},
		{"correct a draft", []step{correct(5, "x")}, ErrTransition, StatusDraft, 0, ""},
		{"kill published", []step{publish(1, nil), kill(5)}, nil, StatusKilled, 2, ActionKill},
		{"kill a draft", []step{kill(5)}, ErrTransition, StatusDraft, 0, ""},
		{"kill twice", []step{publish(1, nil), kill(5), kill(6)}, ErrTransition, StatusKilled, 2, ""},
		{"republish killed", []step{publish(1, nil), kill(5), publish(6, nil)}, ErrTransition, StatusKilled, 2, ""},
		{"correct killed", []step{publish(1, nil), kill(5), correct(6, "n")}, ErrTransition, StatusKilled, 2, ""},
		{"embargo", []step{publish(1, &future)}, nil, StatusScheduled, 1, ActionPublish},
		{"embargo in the past", []step{publish(1, &past)}, &ValidationError{}, StatusDraft, 0, ""},
		{"release early", []step{publish(1, &future), release(60)}, ErrTransition, StatusScheduled, 1, ""},
		{"release on time", []step{publish(1, &future), release(120)}, nil, StatusPublished, 2, ActionRelease},
		{"lift embargo", []step{publish(1, &future), publish(30, nil)}, nil, StatusPublished, 2, ActionRelease},
		{"kill under embargo", []step{publish(1, &future), kill(30)}, nil, StatusKilled, 2, ActionKill},
		{"embargo after publish", []step{publish(1, nil), publish(2, &future)}, ErrTransition, StatusPublished, 1, ""},
		{"withhold and republish", []step{publish(1, nil), withhold(2), publish(3, nil)}, nil, StatusPublished, 3, ActionUpdate},
		{"release a draft", []step{release(1)}, ErrTransition, StatusDraft, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := draft()
			var v *Version
			var err error
			for i, st := range c.steps {
				v, err = st(s)
				if i < len(c.steps)-1 && err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
			switch want := c.wantErr.(type) {
			case nil:
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if v.Action != c.wantAction || v.Number != c.wantVersion {
					t.Errorf("version %d %s, want %d %s", v.Number, v.Action, c.wantVersion, c.wantAction)
				}
			case *ValidationError:
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("error %v, want a validation error", err)
				}
			default:
				if !errors.Is(err, want) {
					t.Fatalf("error %v, want %v", err, want)
				}
			}
			if s.Status != c.wantStatus || s.Version != c.wantVersion {
				t.Errorf("status %s v%d, want %s v%d", s.Status, s.Version, c.wantStatus, c.wantVersion)
			}
		})
	}
}

func TestUpdatedAtMovesOnlyWithPublicVersions(t *testing.T) {
	s := draft()
	if _, err := s.Publish(at(1), nil, "ed"); err != nil {
		t.Fatal(err)
	}
	first := *s.UpdatedAt
	in := s.Clone()
	in.Headline = "Rains return to the valley, flooding two farms"
	if err := s.Edit(in, at(10)); err != nil {
		t.Fatal(err)
	}
	if !s.UpdatedAt.Equal(first) {
		t.Fatalf("a draft edit moved UpdatedAt to %v", s.UpdatedAt)
	}
	if _, err := s.Correct(at(20), "Adds the number of farms.", "ed"); err != nil {
		t.Fatal(err)
	}
	if !s.UpdatedAt.Equal(at(20)) || !s.FirstPublishedAt.Equal(at(1)) {
		t.Fatalf("updated %v first %v", s.UpdatedAt, s.FirstPublishedAt)
	}
	if len(s.Corrections) != 1 || s.Corrections[0].Version != 2 {
		t.Fatalf("corrections %+v", s.Corrections)
	}
}

func TestReleaseTakesEmbargoTimeAsPublication(t *testing.T) {
	s := draft()
	emb := at(60)
	v, err := s.Publish(at(1), &emb, "ed")
	if err != nil || v.Story.Status != StatusScheduled || s.FirstPublishedAt != nil {
		t.Fatalf("v=%+v err=%v first=%v", v, err, s.FirstPublishedAt)
	}
	if _, err := s.Release(at(62), nil); err != nil {
		t.Fatal(err)
	}
	if !s.FirstPublishedAt.Equal(emb) || !s.IsPublic(at(62)) {
		t.Fatalf("first published %v", s.FirstPublishedAt)
	}
}

func TestVersionSnapshotsAreIndependent(t *testing.T) {
	s := draft()
	v1, _ := s.Publish(at(1), nil, "ed")
	s.Body[0].Text = "Changed."
	s.Tags = append(s.Tags, "weather")
	if v1.Story.Body[0].Text != "It rained." || len(v1.Story.Tags) != 0 {
		t.Fatal("a version shares memory with the working copy")
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(s *Story)
		field string
	}{
		{"ok", func(s *Story) {}, ""},
		{"no headline", func(s *Story) { s.Headline = " " }, "headline"},
		{"long headline", func(s *Story) { s.Headline = strings.Repeat("a", 10000) }, "headline"},
		{"bad language", func(s *Story) { s.Language = "english!" }, "language"},
		{"urgency", func(s *Story) { s.Urgency = 12 }, "urgency"},
		{"bad block", func(s *Story) { s.Body = append(s.Body, Block{"script", "x"}) }, "body[1]"},
		{"date that does not exist", func(s *Story) { s.Dateline = Dateline{Place: "OSLO", Date: Date{2026, 2, 30}} }, "dateline"},
		{"bad utf8", func(s *Story) { s.Standfirst = "a\xffb" }, "standfirst"},
		{"bad style", func(s *Story) { s.Dateline = Dateline{Place: "OSLO", Style: "bbc"} }, "dateline"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := draft()
			c.edit(s)
			err := s.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Fields[0].Field != c.field {
				t.Fatalf("got %v, want an error on %s", err, c.field)
			}
		})
	}
}

func TestDatelineFormat(t *testing.T) {
	cases := []struct {
		d    Dateline
		want string
	}{
		{Dateline{Place: "TOKYO", Credit: "TASS", Style: StyleTASS, Date: Date{2016, 12, 18}}, "TOKYO, December 18. /TASS/."},
		{Dateline{Place: "МОСКВА", Credit: "ТАСС", Style: StyleTASS, Date: Date{2026, 11, 24}}, "МОСКВА, 24 ноября. /ТАСС/."},
		{Dateline{Place: "SANTIAGO", Credit: "Reuters", Style: StyleReuters, Date: Date{2026, 11, 27}}, "SANTIAGO, Nov 27 (Reuters) -"},
		{Dateline{Place: "WASHINGTON", Credit: "AP", Style: StyleAP}, "WASHINGTON (AP) —"},
		{Dateline{Place: "WASHINGTON", Credit: "AP", Style: StyleAP, Date: Date{2024, 11, 1}}, "WASHINGTON, Nov 1 (AP) —"},
		{Dateline{Place: "PARIS", Credit: "AFP", Style: StyleAFP, Date: Date{2026, 11, 26}}, "PARIS, Nov 26, 2026 (AFP) -"},
		{Dateline{Place: "PARIS", Credit: "AFP", Style: StyleAFP, Date: Date{1, 11, 26}}, "PARIS, Nov 26, 0001 (AFP) -"},
		{Dateline{Place: "BEIJING", Credit: "Xinhua", Style: StyleXinhua, Date: Date{2026, 11, 25}}, "BEIJING, Nov. 25 (Xinhua) --"},
		{Dateline{Place: "MOSCOW", Credit: "Interfax", Style: StyleInterfax, Date: Date{2026, 11, 24}}, "MOSCOW. Nov 24 (Interfax) -"},
	}
	for _, c := range cases {
		if got := c.d.Format(); got != c.want {
			t.Errorf("Format() = %q, want %q", got, c.want)
		}
	}
}

func TestDateJSON(t *testing.T) {
	var d Date
	if err := d.UnmarshalJSON([]byte(`"2026-02-30"`)); err == nil {
		t.Fatal("accepted 30 February")
	}
	if err := d.UnmarshalJSON([]byte(`"2024-02-29"`)); err != nil || d.String() != "2024-02-29" {
		t.Fatalf("%v %v", d, err)
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	a, b := NewID(t0), NewID(t0.Add(time.Millisecond))
	if len(a) != 21 || a >= b || !ValidID(a) {
		t.Fatalf("%q %q", a, b)
	}
}

func TestEmbargoBeyondStorageIsRefused(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	s := &Story{ID: "x", Language: "en", Headline: "Far future", Body: []Block{{Kind: Paragraph, Text: "Text."}}, Status: StatusDraft}
	far := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := s.Publish(now, &far, "ed")
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "embargo_until" || !strings.Contains(ve.Error(), "latest time") {
		t.Fatalf("embargo in 2300: %v, want a clear embargo_until error", err)
	}
	if s.Status != StatusDraft {
		t.Fatal("a refused publish changed the story")
	}
	ok := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.Publish(now, &ok, "ed"); err != nil {
		t.Fatalf("embargo in 2200: %v", err)
	}
}
