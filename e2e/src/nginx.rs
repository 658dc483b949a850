//! A real nginx (Debian's, installed by `cargo xtask setup`) in front of a simulator, as a
//! portal's public proxy is: the panel under `/admin-panel/` from the block in
//! `deploy/nginx/docspace-admin.conf` (included as it is, only its files' directory changed),
//! and `/api/` proxied to the simulator. Plus a plain HTTP/1.1 client, to read headers exactly
//! as nginx sends them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use docspace_sim::{FaultSpec, PortalSpec, Role, SharedPortal, Simulator};

use crate::{RequestCheck, WAIT};

/// The directory the deploy block serves the panel from, replaced here by the test build's.
pub const DEPLOYED_ROOT: &str = "/var/www/docspace-admin/";

/// Where the deploy block serves the panel.
pub const BASE: &str = "/admin-panel/";

/// The panel built with `--public-url /admin-panel/`: `E2E_DIST_BASE`, or
/// `target/dist-admin-panel` (`cargo xtask test` builds it there).
pub fn admin_panel_dist() -> PathBuf {
    std::env::var_os("E2E_DIST_BASE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/dist-admin-panel"))
}

/// The nginx block an administrator pastes into the portal's proxy.
pub fn deploy_block() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx/docspace-admin.conf")
}

/// The nginx binary: `NGINX`, or Debian's.
fn nginx_binary() -> String {
    std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into())
}

/// A simulator answering the API only (no panel: nginx serves that), on a loopback port; every
/// request it receives checked against the official spec, as `Sim`'s.
pub struct ApiSim {
    /// `127.0.0.1:PORT`.
    pub addr: String,
    pub portal: SharedPortal,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _requests: RequestCheck,
}

impl ApiSim {
    pub async fn start(users: usize) -> ApiSim {
        let sim = Simulator::new(&PortalSpec::new(users, 7), FaultSpec::default());
        let requests = RequestCheck::install(&sim.faults);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local addr").to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = sim.api_router();
        tokio::spawn(async move {
            let _ = docspace_sim::serve(listener, router, async {
                let _ = rx.await;
            })
            .await;
        });
        ApiSim {
            addr,
            portal: sim.portal,
            shutdown: Some(tx),
            _requests: requests,
        }
    }

    pub fn key(&self, role: Role) -> String {
        let portal = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        portal
            .role_keys()
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, k)| k.clone())
            .expect("a key for every role")
    }

    /// The emails the portal lists for `filter`, in its order, as the owner sees them.
    pub fn emails(&self, filter: &docspace_sim::query::PeopleFilter) -> Vec<String> {
        let portal = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        let matches: Vec<_> = portal.users.iter().filter(|u| filter.matches(u)).collect();
        filter
            .sort(matches)
            .into_iter()
            .map(|u| u.email.clone())
            .collect()
    }
}

impl Drop for ApiSim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// nginx in the foreground (`daemon off`), in a process group of its own, with its pid file,
/// logs and temporary files in a directory of its own; stopped, and the directory removed, on
/// drop.
pub struct Nginx {
    child: Child,
    dir: PathBuf,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

/// The deploy block with its files' directory replaced by `dist`. Panics if the block no
/// longer names [`DEPLOYED_ROOT`], so that the test cannot silently serve something else.
pub fn block_for(dist: &Path) -> String {
    let block = std::fs::read_to_string(deploy_block()).expect("deploy/nginx/docspace-admin.conf");
    assert!(
        block.contains(&format!("alias {DEPLOYED_ROOT};")),
        "the deploy block no longer serves {DEPLOYED_ROOT}"
    );
    let dist = std::fs::canonicalize(dist).expect("the panel's directory");
    block.replace(DEPLOYED_ROOT, &format!("{}/", dist.display()))
}

/// The whole configuration: a server on `port` that includes the deploy block, with `/api/`
/// and everything else proxied to the portal (the simulator), as DocSpace's proxy does.
pub fn config(dir: &Path, port: u16, api: &str, run_as_root: bool) -> String {
    let dir = dir.display();
    format!(
        r#"{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {dir}/docspace-admin.conf;
        location / {{
            proxy_pass http://{api};
            proxy_set_header Host $host;
        }}
    }}
}}
"#,
        user = if run_as_root { "user root;\n" } else { "" },
    )
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A port nobody listens on now (the kernel's pick).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Nginx {
    /// Starts nginx serving `dist` under `/admin-panel/` and proxying to `api`
    /// (`127.0.0.1:PORT`), and waits (bounded) until it accepts connections.
    pub fn start(dist: &Path, api: &str) -> Nginx {
        Nginx::start_with_block(&block_for(dist), api)
    }

    /// The same with a block of the caller's, e.g. a deliberately broken one.
    pub fn start_with_block(block: &str, api: &str) -> Nginx {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "docspace-e2e-nginx-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("nginx's directory");
        std::fs::write(dir.join("docspace-admin.conf"), block).expect("write the block");
        let port = free_port();
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config(&dir, port, api, running_as_root())).expect("nginx.conf");
        let binary = nginx_binary();
        let mut command = Command::new(&binary);
        command
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            // Before the configuration is read, nginx logs to its compiled-in path.
            .args(["-e", "stderr", "-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(dir.join("stderr.log")).expect("nginx's stderr"),
            ));
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e} (run `cargo xtask setup`)"));
        let addr = format!("127.0.0.1:{port}");
        let mut nginx = Nginx {
            child,
            base: format!("http://{addr}"),
            addr,
            dir,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                panic!(
                    "nginx stopped ({status}) before it listened:\n{}",
                    nginx.logs()
                );
            }
            let addr = nginx.addr.parse().expect("an address");
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return nginx;
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen on {} within {WAIT:?}:\n{}",
                nginx.addr,
                nginx.logs()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Its error log and what it wrote to stderr.
    pub fn logs(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.join(name)).unwrap_or_default();
        format!("{}{}", read("stderr.log"), read("error.log"))
    }

    /// Its access log: one line per request it answered.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        // TERM: a fast shutdown, the workers too; KILL the whole group if it lingers.
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An HTTP answer, as it came.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked but not decompressed.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of header `name` (the first, if repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` from `addr` (`127.0.0.1:PORT`) with extra request headers, over HTTP/1.1 with
/// `Connection: close`, so that the answer ends with the connection.
pub fn get(addr: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.set_read_timeout(Some(WAIT)).expect("a read timeout");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .expect("send the request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    parse_response(&raw).unwrap_or_else(|| panic!("GET {path}: not an HTTP answer: {raw:?}"))
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_answers() {
        let plain =
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b c\r\n\r\nhi").unwrap();
        assert_eq!(plain.status, 200);
        assert_eq!(plain.header("x-a"), Some("b c"));
        assert_eq!(plain.text(), "hi");
        let chunked = parse_response(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(chunked.status, 404);
        assert_eq!(chunked.text(), "abcde");
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                .is_none()
        );
    }
}
