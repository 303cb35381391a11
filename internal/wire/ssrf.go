package wire

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/idna"
)

// WebhookPolicy says which addresses webhooks may reach. By default only
// public unicast addresses: loopback, private, link-local, multicast,
// unspecified and other special-purpose ranges are refused, in IPv4 and
// IPv6, whatever the spelling of the address (0x7f000001, 2130706433,
// 0177.0.0.1, 127.1, ::ffff:127.0.0.1, 64:ff9b::7f00:1 ...). The check is
// made when a URL is set and again on every connection, in the dialer, so
// a name that later resolves to an internal address (DNS rebinding) is
// refused too.
type WebhookPolicy struct {
	// AllowPrivate lets webhooks reach any address, plain http included:
	// an operator's explicit choice (--allow-private-webhooks) for a
	// receiver on the same private network, and for tests.
	AllowPrivate bool
}

// ErrWebhookAddress is the one answer for a refused address: it says
// nothing about whether anything listens there.
var ErrWebhookAddress = errors.New("the webhook's host is, or resolves to, a loopback, private, link-local, multicast or otherwise internal address, which webhooks may not reach (an operator may allow it with --allow-private-webhooks)")

// special lists ranges that are not public unicast beyond what netip's
// predicates cover (RFC 6890 and its successors).
var special = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // shared address space (carrier-grade NAT)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, and the broadcast address
		"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
		"::/96",           // IPv4-compatible IPv6 (deprecated): ::127.0.0.1
		"100::/64",        // discard-only
		"2001::/23",       // IETF protocol assignments, Teredo (2001::/32) among them
		"2001:db8::/32",   // documentation
		"3fff::/20",       // documentation
		"5f00::/16",       // segment routing (SRv6) identifiers
		"fec0::/10",       // site-local (deprecated)
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// embeddedIPv4 returns the IPv4 address an IPv6 address carries in the
// translation and tunnelling formats (NAT64, 6to4), if any.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if !a.Is6() {
		return netip.Addr{}, false
	}
	b := a.As16()
	switch {
	case netip.MustParsePrefix("64:ff9b::/96").Contains(a), netip.MustParsePrefix("64:ff9b:1::/48").Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case netip.MustParsePrefix("2002::/16").Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// publicAddr reports whether a is a public unicast address.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	if v4, ok := embeddedIPv4(a); ok {
		return publicAddr(v4)
	}
	return true
}

// parseLooseIPv4 reads a host the way inet_aton does, which some
// resolvers and libraries still honour: one to four parts, each decimal,
// octal (leading 0) or hexadecimal (0x), the last filling the remaining
// bytes: 2130706433, 0x7f000001, 0177.0.0.1 and 127.1 are all 127.0.0.1.
func parseLooseIPv4(host string) (netip.Addr, bool) {
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		base := 10
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			base, p = 16, p[2:]
			if p == "" {
				p = "0"
			}
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil || p == "" {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var n uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		n |= v << (8 * (3 - i))
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	n |= last
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// hostAddr returns the address a URL host spells, if it spells one.
func hostAddr(host string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(host); err == nil {
		return a, true
	}
	return parseLooseIPv4(host)
}

// MaxWebhookURL bounds a webhook URL, in bytes.
const MaxWebhookURL = 2048

// CheckURL checks a webhook URL: absolute https (http too when private
// addresses are allowed), no user info or fragment, and a host that is
// not an internal address. A name is resolved (for at most 3 seconds):
// one that resolves to an internal address is refused; one that does not
// resolve yet is accepted, since every connection is checked again.
func (p WebhookPolicy) CheckURL(ctx context.Context, endpoint string) error {
	if len(endpoint) > MaxWebhookURL {
		return fmt.Errorf("webhook url: is %d bytes long; the limit is %d", len(endpoint), MaxWebhookURL)
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("webhook url: %v", err)
	}
	if u.Host == "" || u.User != nil || u.Fragment != "" || !u.IsAbs() {
		return fmt.Errorf("webhook url %q: want https://host/path without user info or fragment", endpoint)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && p.AllowPrivate:
	case u.Scheme == "http":
		return fmt.Errorf("webhook url %q: use https", endpoint)
	default:
		return fmt.Errorf("webhook url %q: scheme must be https", endpoint)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("webhook url %q: port %q is not a number from 1 to 65535", endpoint, port)
		}
	}
	if p.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	if _, err := netip.ParseAddr(host); err != nil {
		// A name, as the HTTP client will dial it: IDNA maps look-alikes
		// (127。0。0。1, ①②⑦.0.0.1) to plain ASCII first.
		if host, err = idna.Lookup.ToASCII(host); err != nil {
			return fmt.Errorf("webhook url %q: the host is not a valid name: %v", endpoint, err)
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if a, ok := hostAddr(host); ok {
		if !publicAddr(a) {
			return ErrWebhookAddress
		}
		return nil
	}
	if specialName(host) {
		return ErrWebhookAddress
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
	if err != nil {
		return nil // checked again when it connects
	}
	for _, a := range addrs {
		if !publicAddr(a) {
			return ErrWebhookAddress
		}
	}
	return nil
}

// specialName reports whether a host name is one that never names a public
// host: localhost and the special-use and private-use domains (RFC 6761,
// 6762, 8375, and .internal), reverse-lookup names.
func specialName(host string) bool {
	for _, d := range []string{"localhost", "local", "internal", "home.arpa", "localdomain", "in-addr.arpa", "ip6.arpa"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// control is the dialer's last word on every connection a webhook makes:
// the address actually dialled, after any DNS lookup.
func (p WebhookPolicy) control(network, address string, _ syscall.RawConn) error {
	if p.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return ErrWebhookAddress
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !publicAddr(a) {
		return ErrWebhookAddress
	}
	return nil
}

// client is the HTTP client webhooks are sent with: no proxy (a proxy
// would dial the target for us, unchecked), no redirects, the dialer's
// check on every connection.
func (p WebhookPolicy) client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: p.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Timeout: timeout, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
