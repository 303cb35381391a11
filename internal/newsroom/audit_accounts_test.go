package newsroom_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/store"
)

// TestAccountAndTokenChangesAudited: creating and changing an account and
// creating and revoking a token each leave an audit entry under the name
// of the admin who did it.
func TestAccountAndTokenChangesAudited(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ctx := t.Context()
	b := e.login("ada")
	r := b.postForm("/newsroom/accounts", url.Values{"name": {"nina"}, "role": {"reporter"}})
	want(t, "create an account", r, http.StatusOK)
	nina, err := e.db.UserByName(ctx, "nina")
	if err != nil {
		t.Fatal(err)
	}
	r = b.postForm("/newsroom/accounts/"+strconv.FormatInt(nina.ID, 10), url.Values{"role": {"editor"}})
	want(t, "make the account an editor", r, http.StatusOK)
	r = b.postForm("/newsroom/tokens", url.Values{"name": {"ingest script"}})
	want(t, "create a token", r, http.StatusOK)
	ada, err := e.db.UserByName(ctx, "ada")
	if err != nil {
		t.Fatal(err)
	}
	toks, err := e.db.Tokens(ctx, ada.ID)
	if err != nil || len(toks) == 0 {
		t.Fatalf("ada's tokens: %v, %v", toks, err)
	}
	r = b.postForm("/newsroom/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/revoke", url.Values{})
	want(t, "revoke the token", r, http.StatusOK)

	entries, err := e.db.Audit(ctx, store.AuditQuery{User: "ada", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range entries {
		got[a.Action] += a.Detail + "; "
	}
	for action, detail := range map[string]string{"account-create": "nina as reporter", "account-update": "nina: role editor",
		"token-create": "ingest script", "token-revoke": strconv.FormatInt(toks[0].ID, 10)} {
		if !strings.Contains(got[action], detail) {
			t.Errorf("audit log lacks %s by ada with %q: %v", action, detail, got)
		}
	}
}
