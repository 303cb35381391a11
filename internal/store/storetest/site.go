package storetest

import (
	"reflect"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// SiteStore is what RunSite needs: the site settings and the accounts
// (display names and time zones live on accounts).
type SiteStore interface {
	store.Site
	store.Accounts
}

// RunSite runs the conformance suite of store.Site and of the accounts'
// display name and time zone. open must return a new, empty store.
func RunSite(t *testing.T, open func(t *testing.T) SiteStore) {
	t.Run("Sections", func(t *testing.T) { testSections(t, open(t)) })
	t.Run("Settings", func(t *testing.T) { testSettings(t, open(t)) })
	t.Run("UserProfile", func(t *testing.T) { testUserProfile(t, open(t)) })
}

func testSections(t *testing.T, st SiteStore) {
	ctx := ctxT(t)
	got, err := st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A new site starts with a menu of the usual sections, named in
	// English and Russian.
	if len(got) == 0 || !news.HasSection(got, "politics") || got[0].Name("ru") == "" {
		t.Fatalf("a new store's sections = %+v, want the starting menu with Russian names", got)
	}
	want := []news.Section{
		{Key: "world", Names: map[string]string{"en": "World", "ru": "В мире"}},
		{Key: "culture", Names: map[string]string{"en": "Culture"}},
		{Key: "economy", Names: map[string]string{"en": "Economy", "ru": "Экономика"}},
	}
	if err := st.SetSections(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err = st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Sections after SetSections = %+v, want %+v in that order", got, want)
	}
	if err := st.SetSections(ctx, want[2:]); err != nil {
		t.Fatal(err)
	}
	if got, _ = st.Sections(ctx); !reflect.DeepEqual(got, want[2:]) {
		t.Fatalf("Sections after a shorter list = %+v, want %+v", got, want[2:])
	}
}

func testSettings(t *testing.T, st SiteStore) {
	ctx := ctxT(t)
	if v, err := st.SiteSetting(ctx, store.SettingTimeZone); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v; want empty", v, err)
	}
	for _, v := range []string{"Europe/Moscow", "Asia/Tokyo"} {
		if err := st.SetSiteSetting(ctx, store.SettingTimeZone, v); err != nil {
			t.Fatal(err)
		}
		if got, err := st.SiteSetting(ctx, store.SettingTimeZone); err != nil || got != v {
			t.Fatalf("setting = %q, %v; want %q", got, err, v)
		}
	}
}

func testUserProfile(t *testing.T, st SiteStore) {
	ctx := ctxT(t)
	u := &store.User{Name: "anna", Role: store.RoleEditor, PasswordHash: "$argon2id$fake", CreatedAt: t0,
		DisplayName: "Anna Petrova", TimeZone: "Europe/Moscow"}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := st.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != "Anna Petrova" || got.TimeZone != "Europe/Moscow" || got.Shown() != "Anna Petrova" {
		t.Fatalf("user read back = %+v", got)
	}
	got.DisplayName, got.TimeZone = "", "Asia/Tokyo"
	if err := st.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	got, _ = st.UserByName(ctx, "anna")
	if got.DisplayName != "" || got.TimeZone != "Asia/Tokyo" || got.Shown() != "anna" {
		t.Fatalf("user after update = %+v", got)
	}
}
