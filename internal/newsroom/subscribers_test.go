package newsroom_test

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/wire"
)

var newKeyRE = regexp.MustCompile(`<code id="new-key">(dlw_[a-z2-7]+)</code>`)

// subscriberByKey finds the subscriber a key opens, as the wire does.
func subscriberByKey(t *testing.T, e *env, key string) *store.Subscriber {
	t.Helper()
	s, err := e.db.SubscriberByKeyHash(t.Context(), wire.HashKey(key))
	if err != nil {
		t.Fatalf("key %s…: %v", key[:8], err)
	}
	return s
}

func TestSubscribersPage(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ada := e.login("ada")

	r := ada.get("/newsroom/")
	if !strings.Contains(string(r.body), `href="/newsroom/subscribers"`) {
		t.Error("the admin's navigation has no link to the subscribers page")
	}
	r = ada.get("/newsroom/subscribers")
	want(t, "empty page", r, http.StatusOK)
	if !strings.Contains(string(r.body), "No subscribers yet.") {
		t.Errorf("empty page:\n%s", r.body)
	}

	// Create: the key is shown once, and it is the key the store knows.
	r = ada.postForm("/newsroom/subscribers", url.Values{"name": {"Baltic Daily"}, "embargo_access": {"on"}, "filter": {"section:politics lang:en"}})
	want(t, "create", r, http.StatusOK)
	m := newKeyRE.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no new key on the page after create:\n%s", r.body)
	}
	key := string(m[1])
	s := subscriberByKey(t, e, key)
	if s.Name != "Baltic Daily" || !s.Enabled || !s.EmbargoAccess || s.Filter != "section:politics lang:en" {
		t.Fatalf("stored subscriber %+v", s)
	}
	r = ada.get("/newsroom/subscribers")
	body := string(r.body)
	if strings.Contains(body, key) || strings.Contains(body, "new-key") {
		t.Error("the key is shown again on a later visit")
	}
	for _, wantText := range []string{"Baltic Daily", "section:politics lang:en", "enabled", s.KeyHint} {
		if !strings.Contains(body, wantText) {
			t.Errorf("list lacks %q", wantText)
		}
	}
	id := strconv.FormatInt(s.ID, 10)

	// Disable, then enable again.
	r = ada.postForm("/newsroom/subscribers/"+id, url.Values{"op": {"disable"}})
	want(t, "disable", r, http.StatusOK)
	if !strings.Contains(string(r.body), "Subscriber disabled") || !strings.Contains(string(r.body), `value="enable"`) {
		t.Errorf("after disable:\n%s", r.body)
	}
	if subscriberByKey(t, e, key).Enabled {
		t.Fatal("the subscriber is still enabled after disable")
	}
	r = ada.postForm("/newsroom/subscribers/"+id, url.Values{"op": {"enable"}})
	want(t, "enable", r, http.StatusOK)
	if !subscriberByKey(t, e, key).Enabled {
		t.Fatal("the subscriber is still disabled after enable")
	}

	// Rotate: a new key shown once; the old one opens nothing.
	r = ada.postForm("/newsroom/subscribers/"+id, url.Values{"op": {"rotate"}})
	want(t, "rotate", r, http.StatusOK)
	m = newKeyRE.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no new key on the page after rotate:\n%s", r.body)
	}
	newKey := string(m[1])
	if newKey == key {
		t.Fatal("rotate kept the old key")
	}
	if got := subscriberByKey(t, e, newKey); got.ID != s.ID {
		t.Fatalf("the new key opens subscriber %d, want %d", got.ID, s.ID)
	}
	if _, err := e.db.SubscriberByKeyHash(t.Context(), wire.HashKey(key)); err == nil {
		t.Fatal("the old key still opens a subscriber after rotation")
	}

	// The audit log records each change.
	r = ada.get("/newsroom/audit?action=subscriber-rotate-key")
	if !strings.Contains(string(r.body), "Baltic Daily") {
		t.Error("the audit log lacks the key rotation")
	}

	// A webhook's delivery state shows in the list.
	if _, err := wire.SetWebhook(t.Context(), e.db, s.ID, "https://hooks.example.test/wire", 7, wire.WebhookPolicy{}); err != nil {
		t.Fatal(err)
	}
	r = ada.get("/newsroom/subscribers")
	if !strings.Contains(string(r.body), "https://hooks.example.test/wire") || !strings.Contains(string(r.body), "<td>7</td>") {
		t.Errorf("the list lacks the webhook and its delivered position:\n%s", r.body)
	}
}

func TestSubscribersFormErrors(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ada := e.login("ada")
	if r := ada.postForm("/newsroom/subscribers", url.Values{"name": {"Taken"}}); r.status != http.StatusOK {
		t.Fatalf("create: %d\n%s", r.status, r.body)
	}
	for _, c := range []struct {
		name           string
		v              url.Values
		field, message string
	}{
		{"bad filter", url.Values{"name": {"Harbour Gazette"}, "filter": {"urgency<=x section:sport"}, "embargo_access": {"on"}},
			"e-filter", "at character 10: urgency&lt;= wants a number"},
		{"empty name", url.Values{"name": {"  "}, "filter": {"lang:en"}}, "e-name", "subscriber name is empty"},
		{"taken name", url.Values{"name": {"Taken"}, "filter": {"lang:en"}}, "e-name", "exists already"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ada.postForm("/newsroom/subscribers", c.v)
			want(t, c.name, r, http.StatusUnprocessableEntity)
			body := string(r.body)
			fieldRE := regexp.MustCompile(`<span class="field-error" id="` + c.field + `">([^<]*)</span>`)
			fm := fieldRE.FindStringSubmatch(body)
			if fm == nil || !strings.Contains(fm[1], c.message) {
				t.Errorf("no error %q next to the field %s:\n%s", c.message, c.field, body)
			}
			if f := c.v.Get("filter"); !strings.Contains(body, `value="`+template.HTMLEscapeString(f)+`"`) {
				t.Errorf("the filter input %q is not kept", f)
			}
			if c.v.Get("embargo_access") == "on" && !strings.Contains(body, `name="embargo_access" checked`) {
				t.Error("the embargo access box is not kept")
			}
			if newKeyRE.Match(r.body) {
				t.Error("a key is shown after a refused create")
			}
		})
	}
	list, err := e.db.ListSubscribers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("%d subscribers stored, want only the first", len(list))
	}

	for _, c := range []struct {
		path   string
		v      url.Values
		status int
	}{
		{"/newsroom/subscribers/" + strconv.FormatInt(list[0].ID, 10), url.Values{"op": {"explode"}}, http.StatusUnprocessableEntity},
		{"/newsroom/subscribers/999", url.Values{"op": {"rotate"}}, http.StatusNotFound},
		{"/newsroom/subscribers/x", url.Values{"op": {"rotate"}}, http.StatusNotFound},
		{"/newsroom/subscribers", url.Values{"name": {"No Token"}, "csrf": {"wrong"}}, http.StatusForbidden},
	} {
		want(t, c.path+" "+c.v.Encode(), ada.postForm(c.path, c.v), c.status)
	}
}

func TestSubscribersAdminOnly(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	key, err := wire.AddSubscriber(t.Context(), e.db, "Coastal Radio", false, "")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(subscriberByKey(t, e, key).ID, 10)
	for _, name := range []string{"rita", "ed"} {
		b := e.login(name)
		if r := b.get("/newsroom/"); strings.Contains(string(r.body), `href="/newsroom/subscribers"`) {
			t.Errorf("%s sees the subscribers link", name)
		}
		want(t, name+" GET", b.get("/newsroom/subscribers"), http.StatusForbidden)
		want(t, name+" create", b.postForm("/newsroom/subscribers", url.Values{"name": {"Sneaky"}}), http.StatusForbidden)
		want(t, name+" rotate", b.postForm("/newsroom/subscribers/"+id, url.Values{"op": {"rotate"}}), http.StatusForbidden)
	}
	if s := subscriberByKey(t, e, key); !s.Enabled {
		t.Fatal("the subscriber changed")
	}
	// Not logged in: to the login page.
	r := e.browser()
	r.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	want(t, "anonymous", r.get("/newsroom/subscribers"), http.StatusSeeOther)
}

// accountsOnly is the real store seen only as store.Accounts: a
// deployment whose accounts store keeps no subscribers.
type accountsOnly struct{ store.Accounts }

func TestSubscribersNotAvailable(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	mux := http.NewServeMux()
	nr := newsroom.New(newsroom.Config{}, publish.New(e.db, time.Now, nil), e.db, accountsOnly{e.db})
	nr.Register(mux)
	e.srv.Config.Handler = mux // the same server and database, another newsroom
	ada := e.login("ada")
	r := ada.get("/newsroom/subscribers")
	want(t, "without subscribers", r, http.StatusNotFound)
	if !strings.Contains(string(r.body), "not available") {
		t.Errorf("404 page does not say why:\n%s", r.body)
	}
}
