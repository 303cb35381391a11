package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// balancerConf spreads requests over the Dateline nodes (round robin)
// with keep-alive connections to them, as a load balancer in front of
// several nodes would. Responses are buffered, the default.
const balancerConf = `
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
daemon off;
%[4]s
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path %[1]s/tmp-body;
  proxy_temp_path %[1]s/tmp-proxy;
  fastcgi_temp_path %[1]s/tmp-fastcgi;
  uwsgi_temp_path %[1]s/tmp-uwsgi;
  scgi_temp_path %[1]s/tmp-scgi;
  upstream dateline {
%[3]s    keepalive 128;
  }
  server {
    listen %[2]s;
    location / {
      proxy_pass http://dateline;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`

// nginx is a running nginx: the static file server or the load balancer.
type nginx struct {
	cmd  *exec.Cmd
	addr string
}

// startNginx writes a configuration into dir and starts nginx serving
// root on addr in the foreground, as a child of this process.
func startNginx(ctx context.Context, dir, addr, root string) (*nginx, error) {
	return launchNginx(ctx, dir, addr, func(user string) string { return fmt.Sprintf(nginxConf, dir, addr, root, user) })
}

// startBalancer starts nginx on addr as a round-robin load balancer in
// front of the Dateline nodes (host:port each), with its files in dir.
func startBalancer(ctx context.Context, dir, addr string, nodes []string) (*nginx, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var up strings.Builder
	for _, n := range nodes {
		fmt.Fprintf(&up, "    server %s;\n", n)
	}
	return launchNginx(ctx, dir, addr, func(user string) string { return fmt.Sprintf(balancerConf, dir, addr, up.String(), user) })
}

// launchNginx writes the configuration conf makes into dir and starts
// nginx with it in the foreground, as a child of this process.
func launchNginx(ctx context.Context, dir, addr string, conf func(user string) string) (*nginx, error) {
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
	confFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confFile, []byte(conf(user)), 0o644); err != nil {
		return nil, err
	}
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confFile, "-e", filepath.Join(dir, "nginx-error.log"))
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
