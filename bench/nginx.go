package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// nginxConf serves root as static files on addr with settings fit for a
// ceiling: no access log, sendfile, open-file cache and long keep-alive
// (wrk reuses its connections, as it does with Dateline).
const nginxConf = `
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
daemon off;
%[4]s
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  open_file_cache max=50000 inactive=60s;
  client_body_temp_path %[1]s/tmp-body;
  proxy_temp_path %[1]s/tmp-proxy;
  fastcgi_temp_path %[1]s/tmp-fastcgi;
  uwsgi_temp_path %[1]s/tmp-uwsgi;
  scgi_temp_path %[1]s/tmp-scgi;
  default_type text/html;
  server {
    listen %[2]s;
    root %[3]s;
    location / { etag on; }
  }
}
`

// nginx is a running static file server.
type nginx struct {
	cmd  *exec.Cmd
	addr string
}

// startNginx writes a configuration into dir and starts nginx serving
// root on addr in the foreground, as a child of this process.
func startNginx(ctx context.Context, dir, addr, root string) (*nginx, error) {
	for _, d := range []string{"tmp-body", "tmp-proxy", "tmp-fastcgi", "tmp-uwsgi", "tmp-scgi"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	// As root, nginx workers would switch to an unprivileged user that
	// may not read the temporary folder; keep them as the current user.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, addr, root, user), 0o644); err != nil {
		return nil, err
	}
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "nginx-error.log"))
	log, err := os.Create(filepath.Join(dir, "nginx.out"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting nginx: %w", err)
	}
	n := &nginx{cmd: cmd, addr: addr}
	if err := waitHTTP(ctx, "http://"+addr+"/", 10*time.Second, true); err != nil {
		n.stop()
		out, _ := os.ReadFile(filepath.Join(dir, "nginx-error.log"))
		return nil, fmt.Errorf("nginx did not start on %s: %v\n%s", addr, err, out)
	}
	return n, nil
}

// stop asks nginx to finish (SIGQUIT, a graceful shutdown) and waits; it
// kills it after five seconds.
func (n *nginx) stop() {
	if n == nil || n.cmd.Process == nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGQUIT)
	done := make(chan struct{})
	go func() { n.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		n.cmd.Process.Kill()
		<-done
	}
}
