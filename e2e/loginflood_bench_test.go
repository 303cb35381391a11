package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkCachedPageDuringLoginFlood measures how fast the cached home
// page answers while 150 login attempts from 150 clients (so no throttle
// applies and the hashing bound does the work) are in flight, against the
// same page with no flood. Reported: p50, p99 and max milliseconds.
//
//	go test ./e2e -run '^$' -bench CachedPageDuringLoginFlood -benchtime 200x
func BenchmarkCachedPageDuringLoginFlood(b *testing.B) {
	bin := datelineBinary(b)
	db := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	srv := startFaultServer(b, bin, db, freeAddr(b), "--demo", "--trusted-proxies", "127.0.0.1", "--access-log=false")
	for _, flood := range []bool{false, true} {
		b.Run(fmt.Sprintf("flood=%v", flood), func(b *testing.B) {
			stop := make(chan struct{})
			var wg sync.WaitGroup
			if flood {
				var attempts []loginAttempt
				for i := range 150 {
					attempts = append(attempts, prepareLogin(b, srv.base, fmt.Sprintf("ghost%d", i), fmt.Sprintf("203.0.113.%d", i+1)))
				}
				for _, a := range attempts {
					wg.Go(func() {
						for {
							select {
							case <-stop:
								return
							default:
							}
							a.post(srv.base)
						}
					})
				}
			}
			c := &http.Client{Timeout: 30 * time.Second}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				resp, err := c.Get(srv.base + "/")
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			close(stop)
			wg.Wait()
			slices.Sort(lat)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
			b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
		})
	}
}
