package e2e

// Passwords people can change (issue 12, point 3): the first-start admin's
// printed password is one-time, `dateline user passwd` resets one and ends
// the account's sessions, `dateline user unlock` reaches a running server.

import (
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	firstAdminRE = regexp.MustCompile(`password (\S+)`)
	oneTimeRE    = regexp.MustCompile(`one-time password for \S+ .*: (\S+)`)
)

// loginStatus posts the login form and returns the status and where it
// leads.
func loginStatus(t *testing.T, base, name, password string) (int, string, *http.Client) {
	t.Helper()
	a := prepareLogin(t, base, name, "")
	a.form.Set("password", password)
	req, _ := http.NewRequest("POST", base+"/newsroom/login", strings.NewReader(a.form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location"), a.c
}

func TestFirstAdminAndPasswordCommands(t *testing.T) {
	bin := datelineBinary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "pw.db")
	srv := startFaultServer(t, bin, db, freeAddr(t))
	var m []string
	deadline := time.Now().Add(10 * time.Second)
	for m == nil && time.Now().Before(deadline) {
		m = firstAdminRE.FindStringSubmatch(srv.log.String())
		if m == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if m == nil {
		t.Fatalf("no admin password printed:\n%s", srv.log.String())
	}
	status, loc, c := loginStatus(t, srv.base, "admin", m[1])
	if status != 303 || loc != "/newsroom/password" {
		t.Fatalf("first login of the first admin: %d to %q; want 303 to /newsroom/password", status, loc)
	}
	resp, err := c.Get(srv.base + "/newsroom/accounts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/newsroom/password" {
		t.Fatalf("the accounts page before the password change: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// An admin's reset from the command line ends the session and prints
	// a new one-time password.
	out := runCLI(t, bin, db, "user", "passwd", "admin")
	pm := oneTimeRE.FindStringSubmatch(out)
	if pm == nil {
		t.Fatalf("user passwd printed %q", out)
	}
	resp, err = c.Get(srv.base + "/newsroom/password")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/newsroom/login") {
		t.Fatalf("a session survived `user passwd`: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if s, _, _ := loginStatus(t, srv.base, "admin", m[1]); s != 401 {
		t.Fatalf("the old password after a reset: %d", s)
	}
	status, loc, c = loginStatus(t, srv.base, "admin", pm[1])
	if status != 303 || loc != "/newsroom/password" {
		t.Fatalf("login with the reset password: %d to %q", status, loc)
	}
	page := getBody(t, c, srv.base+"/newsroom/password")
	tok := csrfInputRE.FindStringSubmatch(page)
	form := url.Values{"csrf": {tok[1]}, "current_password": {pm[1]}, "new_password": {"copper kettle on the hob"}, "new_password_again": {"copper kettle on the hob"}}
	resp, err = c.PostForm(srv.base+"/newsroom/password", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/newsroom/?done=password" {
		t.Fatalf("password change: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !strings.Contains(getBody(t, c, srv.base+"/newsroom/accounts"), "<h1>Accounts</h1>") {
		t.Fatal("the accounts page does not open after the password change")
	}

	// Five failures slow this client down on the account; `user unlock`,
	// run while the server runs, lifts it.
	for range 5 {
		loginStatus(t, srv.base, "admin", "a wrong guess!!")
	}
	if s, _, _ := loginStatus(t, srv.base, "admin", "copper kettle on the hob"); s != 429 {
		t.Fatalf("login after 5 failures: %d, want 429", s)
	}
	if out := runCLI(t, bin, db, "user", "unlock", "admin"); !strings.Contains(out, "unlocked") {
		t.Fatalf("user unlock printed %q", out)
	}
	if s, _, _ := loginStatus(t, srv.base, "admin", "copper kettle on the hob"); s != 303 {
		t.Fatalf("login after `user unlock`: %d, want 303", s)
	}
}

func getBody(t testing.TB, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
