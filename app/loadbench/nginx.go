package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// nginxConfig serves the one page from root with gzip_static, so nginx sends
// the stored .gz bytes as they are: the best a static server can do.
const nginxConfig = `daemon off;
master_process on;
worker_processes auto;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path {{dir}}/body;
    proxy_temp_path {{dir}}/proxy;
    fastcgi_temp_path {{dir}}/fastcgi;
    uwsgi_temp_path {{dir}}/uwsgi;
    scgi_temp_path {{dir}}/scgi;
    types { text/html html; }
    default_type text/html;
    charset utf-8;
    keepalive_requests 1000000;
    server {
        listen {{listen}};
        root {{dir}}/www;
        location = / {
            gzip_static on;
            try_files /index.html =404;
        }
    }
}
`

// startNginx writes page (gzip-compressed) and its uncompressed form under
// dir/www and starts nginx on listen in the foreground. The returned process
// is stopped by the caller.
func startNginx(nginxBinary, dir, listen string, gzipped, plain []byte) (*child, error) {
	www := filepath.Join(dir, "www")
	if err := os.MkdirAll(www, 0o755); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	// Workers run as an unprivileged user when started by root; let them
	// read the page. Every parent of dir must be traversable too.
	for _, d := range []string{dir, www} {
		if err := os.Chmod(d, 0o755); err != nil {
			return nil, fmt.Errorf("nginx: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(www, "index.html.gz"), gzipped, 0o644); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	if err := os.WriteFile(filepath.Join(www, "index.html"), plain, 0o644); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	config := strings.NewReplacer("{{dir}}", dir, "{{listen}}", listen).Replace(nginxConfig)
	configPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(configPath, []byte(config), 0o644); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	args := []string{"-p", dir, "-c", configPath, "-e", filepath.Join(dir, "error.log")}
	return startChild("nginx", nginxBinary, args, os.Environ(), filepath.Join(dir, "nginx.out"))
}
