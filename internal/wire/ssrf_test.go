package wire

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWebhookURLRefusesInternalAddresses(t *testing.T) {
	ctx := t.Context()
	strict := WebhookPolicy{}
	refused := []string{
		"https://169.254.169.254/latest/meta-data/",
		"https://10.0.0.1/hook",
		"https://0x7f000001/",
		"https://2130706433/",
		"https://0177.0.0.1/",
		"https://127.1/",
		"https://0x7f.0.0.1/",
		"https://017700000001/",
		"https://[::ffff:127.0.0.1]/",
		"https://[::ffff:7f00:1]/",
		"https://[::1]/",
		"https://[::]/",
		"https://0.0.0.0/",
		"https://0/",
		"https://[fe80::1]/",
		"https://[fd00::1]/",
		"https://[ff02::1]/",
		"https://224.0.0.1/",
		"https://255.255.255.255/",
		"https://100.64.0.1/",
		"https://172.16.5.4/",
		"https://192.168.1.1/",
		"https://[64:ff9b::7f00:1]/",
		"https://[2002:a00:1::]/",
		"https://localhost/",
		"https://LOCALHOST./",
		"https://metadata.localhost/",
		"http://localhost:2379/",
		"http://127.0.0.1:9000/hook",
		"http://example.com/hook",
		"ftp://example.com/",
		"https://user:pw@example.com/",
		"/relative",
		"https://example.com/#frag",
		// Spellings the HTTP client maps to 127.0.0.1 (IDNA: ideographic
		// full stops, circled digits), the IPv4-compatible and Teredo
		// forms, special-use names, a port out of range.
		"https://127\u30020\u30020\u30021/",
		"https://127\uff0e0\uff0e0\uff0e1/",
		"https://\u2460\u2461\u2466.0.0.1/",
		"https://[::127.0.0.1]/",
		"https://[::a00:1]/",
		"https://[2001::1]/",
		"https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
		"https://[5f00::1]/",
		"https://[3fff::1]/",
		"https://metadata.google.internal/",
		"https://printer.local/",
		"https://router.home.arpa/",
		"https://db.localdomain/",
		"https://1.0.0.127.in-addr.arpa/",
		"https://example.com:99999/",
		"https://example.com:0/",
		"https://example.com:x/",
		"https://example.com/" + strings.Repeat("a", MaxWebhookURL),
	}
	for _, u := range refused {
		if err := strict.CheckURL(ctx, u); err == nil {
			t.Errorf("CheckURL(%q) accepted an internal or malformed URL", u)
		}
	}
	for _, u := range []string{"https://hooks.example.net/in", "https://93.184.215.14/hook", "https://[2606:4700::1111]/", "https://cafe.be/"} {
		if err := strict.CheckURL(ctx, u); err != nil {
			t.Errorf("CheckURL(%q) = %v; want accepted", u, err)
		}
	}
	// The operator's explicit setting allows them (tests, private relays).
	open := WebhookPolicy{AllowPrivate: true}
	for _, u := range []string{"http://127.0.0.1:9000/hook", "https://10.0.0.1/hook", "http://localhost:2379/"} {
		if err := open.CheckURL(ctx, u); err != nil {
			t.Errorf("allowed policy: CheckURL(%q) = %v", u, err)
		}
	}
}

func TestParseLooseIPv4(t *testing.T) {
	for in, want := range map[string]string{
		"2130706433": "127.0.0.1", "0x7f000001": "127.0.0.1", "0177.0.0.1": "127.0.0.1", "127.1": "127.0.0.1",
		"10.1": "10.0.0.1", "192.168.257": "192.168.1.1", "0": "0.0.0.0", "0x0a.0.0.1": "10.0.0.1",
	} {
		a, ok := parseLooseIPv4(in)
		if !ok || a.String() != want {
			t.Errorf("parseLooseIPv4(%q) = %v %v, want %s", in, a, ok, want)
		}
	}
	for _, in := range []string{"cafe.be", "1.2.3.4.5", "256.0.0.1", "1..2", "4294967296", "09.0.0.1"} {
		if a, ok := parseLooseIPv4(in); ok {
			t.Errorf("parseLooseIPv4(%q) = %v, want not an address", in, a)
		}
	}
}

// A name that resolves to a loopback address when the webhook connects
// (DNS rebinding: it may have resolved elsewhere when it was set) is
// refused in the dialer, and the error shown to the admin is the same
// whether or not anything listens there.
func TestWebhookDialerRefusesInternalAddresses(t *testing.T) {
	listening := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(418) }))
	defer listening.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	c := WebhookPolicy{}.client(2 * time.Second)
	var msgs []string
	for _, target := range []string{listening.Listener.Addr().String(), closed} {
		_, port, _ := net.SplitHostPort(target)
		// "localhost" resolves to loopback when it connects.
		req, _ := http.NewRequestWithContext(context.Background(), "POST", "http://localhost:"+port+"/hook", strings.NewReader("{}"))
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("the webhook client reached %s (status %d)", target, resp.StatusCode)
		}
		if !errors.Is(err, ErrWebhookAddress) {
			t.Fatalf("dial of %s: %v, want ErrWebhookAddress", target, err)
		}
		msgs = append(msgs, deliveryError(err, time.Second).Error())
	}
	if msgs[0] != msgs[1] {
		t.Fatalf("errors tell a listening port from a closed one:\n%s\n%s", msgs[0], msgs[1])
	}
	// With the operator's setting the same client reaches it.
	c = WebhookPolicy{AllowPrivate: true}.client(2 * time.Second)
	resp, err := c.Post(listening.URL, "application/json", strings.NewReader("{}"))
	if err != nil || resp.StatusCode != 418 {
		t.Fatalf("allowed policy: %v", err)
	}
	resp.Body.Close()
}

// The admin API refuses internal webhook URLs unless the operator allows
// them.
func TestAdminAPIRefusesInternalWebhooks(t *testing.T) {
	const tok = "admin-token-for-ssrf"
	e := newEnv(t, Config{AdminAuth: func(r *http.Request) (string, bool) { return "root", r.Header.Get("Authorization") == "Bearer "+tok }})
	e.subscriber("ssrf", false, "")
	s, err := e.db.SubscriberByName(e.ctx, "ssrf")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(s.ID, 10)
	for _, u := range []string{"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook", "https://0x7f000001/", "http://localhost:2379/"} {
		body, _ := json.Marshal(map[string]string{"url": u})
		req, _ := http.NewRequest("PUT", e.srv.URL+"/api/v1/admin/subscribers/"+id+"/webhook", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("PUT webhook %s: %d, want 422", u, resp.StatusCode)
		}
	}
}
