//! `cargo xtask dev --portal https://portal.example.com`: the panel on http://127.0.0.1:8081,
//! rebuilt when its sources change, with `/api/` proxied to a real portal, so that the panel and
//! the API are on one origin (no CORS), as they are when the panel is hosted next to the portal.
//!
//! `trunk watch --release` rebuilds the panel into `target/xtask-dev/dist`; a local nginx serves
//! it and proxies `/api/` to the portal. Not `trunk serve --proxy-backend`: the trunk that
//! `setup` installs has no TLS (it is built without default features) and answers 500 "scheme
//! is not http" for an https portal, and its proxy sends `X-Forwarded-Host: 127.0.0.1:8081`,
//! which DocSpace's own nginx takes as the portal's host name. nginx speaks TLS with the
//! system's CA certificates and sends the portal's host only. Nothing is injected into the
//! page (no autoreload script or websocket), so index.html's Content-Security-Policy holds:
//! reload the page after a rebuild.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::args::{port_number, Args};
use crate::setup::{setup, NGINX};

const DEFAULT_PORT: u16 = 8081;

/// The portal the API is proxied to: `scheme://host[:port]`, nothing else.
#[derive(Debug, PartialEq, Eq)]
pub struct Portal {
    pub https: bool,
    /// The host name or address, without brackets or port: what TLS and `Host` name.
    pub host: String,
    /// `host`, or `host:port`, as it goes in a URL (IPv6 in brackets).
    pub authority: String,
}

impl Portal {
    pub fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.authority)
    }
}

/// What `cargo xtask dev` was asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct DevArgs {
    pub portal: Portal,
    /// The loopback port the panel is served on.
    pub port: u16,
    /// Accept a portal certificate the system does not trust (a test portal's self-signed one).
    pub insecure: bool,
}

/// Reads `--portal URL`, `--port N` and `--insecure` (values also as `--name=value`).
pub fn parse(args: &[String]) -> Result<DevArgs, String> {
    let mut portal = None;
    let mut port = DEFAULT_PORT;
    let mut insecure = false;
    let mut args = Args::new(args);
    while let Some(name) = args.next_name() {
        match name {
            "--portal" => portal = Some(parse_portal(&args.value()?)?),
            "--port" => {
                let text = args.value()?;
                port = port_number(&text)
                    .ok_or(format!("--port {text:?}: a port number, 1 to 65535"))?;
            }
            "--insecure" if args.is_flag() => insecure = true,
            _ => return Err(args.unknown("--portal URL, --port N, --insecure")),
        }
    }
    let portal =
        portal.ok_or("--portal URL is needed, e.g. --portal https://portal.example.com")?;
    Ok(DevArgs {
        portal,
        port,
        insecure,
    })
}

/// A portal's address: `https://host[:port]` with at most a `/` after it. Plain `http://` only
/// for this machine (`localhost`, `127.x.x.x`, `[::1]`): the API key must not cross a network
/// in clear text.
pub fn parse_portal(url: &str) -> Result<Portal, String> {
    let fail = |why: &str| {
        Err(format!(
            "--portal {url:?}: {why}; give the portal's address, e.g. https://portal.example.com"
        ))
    };
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return fail("it must start with https://");
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return fail("it has no host");
    }
    if let Some(c) = authority
        .chars()
        .find(|c| "/?#@\\ ".contains(*c) || c.is_control())
    {
        return fail(&format!(
            "{c:?} is not allowed: the portal's origin only, no path, query or user name"
        ));
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return fail("an IPv6 address needs its closing ]");
        };
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return fail("not an IPv6 address in [ ]");
        }
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return fail("junk after the IPv6 address"),
            },
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        if port_number(port).is_none() {
            return fail("its port must be a number, 1 to 65535");
        }
    }
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    let valid_name = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !is_ip && !valid_name {
        return fail("its host is not a host name or an IP address");
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !https && !loopback {
        return fail("it must be https:// (plain http:// only for this machine)");
    }
    Ok(Portal {
        https,
        host: host.to_ascii_lowercase(),
        authority: authority.to_ascii_lowercase(),
    })
}

/// nginx's configuration for the dev server: the panel's files at `/`, the API at the portal.
pub fn nginx_conf(args: &DevArgs, dist: &Path, work: &Path, run_as_root: bool) -> String {
    let portal = &args.portal;
    let dist = dist.display();
    let work = work.display();
    let tls = if portal.https {
        let verify = if args.insecure {
            "proxy_ssl_verify off;".to_string()
        } else {
            "proxy_ssl_verify on;\n            \
             proxy_ssl_verify_depth 4;\n            \
             proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;"
                .to_string()
        };
        format!(
            "proxy_ssl_server_name on;\n            proxy_ssl_name {host};\n            {verify}",
            host = portal.host
        )
    } else {
        String::new()
    };
    format!(
        r#"# Written by `cargo xtask dev`; rewritten at every start.
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location / {{
            root {dist};
            # Every page of the panel is index.html; nothing is cached while developing.
            try_files $uri /index.html =404;
            add_header Cache-Control "no-store" always;
        }}
        location /api/ {{
            proxy_pass {origin};
            proxy_http_version 1.1;
            # To the portal, a request from this panel looks like one from its own pages.
            proxy_set_header Host {authority};
            proxy_set_header Origin "";
            proxy_set_header Referer "";
            proxy_set_header X-Forwarded-Host "";
            proxy_set_header X-Forwarded-Proto "";
            proxy_set_header X-Forwarded-For "";
            proxy_redirect {origin}/ /;
            {tls}
        }}
    }}
}}
"#,
        user = if run_as_root { "user root;\n" } else { "" },
        port = args.port,
        origin = portal.origin(),
        authority = portal.authority,
    )
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Stops the child (nginx: a fast shutdown that takes its workers along) when dropped.
struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

pub fn dev(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let tools = setup()?;
    let work = tools.target_dir().join("xtask-dev");
    let dist = work.join("dist");
    let nginx_dir = work.join("nginx");
    std::fs::create_dir_all(&nginx_dir).map_err(|e| format!("{}: {e}", nginx_dir.display()))?;
    let conf = nginx_dir.join("nginx.conf");
    std::fs::write(
        &conf,
        nginx_conf(&args, &dist, &nginx_dir, running_as_root()),
    )
    .map_err(|e| format!("{}: {e}", conf.display()))?;

    let mut nginx = Command::new(NGINX);
    nginx
        .arg("-p")
        .arg(&nginx_dir)
        .arg("-c")
        .arg(&conf)
        .args(["-g", "daemon off;"]);
    println!(
        "xtask dev: nginx on 127.0.0.1:{}, /api/ to {}",
        args.port,
        args.portal.origin()
    );
    let mut nginx = Stop(
        nginx
            .spawn()
            .map_err(|e| format!("cannot start {NGINX}: {e} (run `cargo xtask setup`)"))?,
    );
    let address = format!("127.0.0.1:{}", args.port);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(status)) = nginx.0.try_wait() {
            return Err(format!(
                "nginx stopped ({status}); its reason is above (is port {} taken? \
                 does the portal's host name resolve?)",
                args.port
            ));
        }
        let reachable = address
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_millis(200)).is_ok());
        if reachable {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("nginx did not listen on {address} within 10 s"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "\nxtask dev: open http://{address}/ once trunk says it built the panel, and sign in with an\n\
         API key of {portal} (Developer Tools → API keys). The panel and /api/ share that origin,\n\
         so the portal's CORS settings do not matter. After an edit, trunk rebuilds: reload the\n\
         page. Ctrl-C stops both.\n",
        portal = args.portal.origin(),
    );
    let mut trunk = tools.command(tools.tools_dir().join("bin/trunk"));
    trunk.args(["watch", "--release", "--dist"]).arg(&dist);
    let status = trunk
        .status()
        .map_err(|e| format!("cannot start trunk: {e} (run `cargo xtask setup`)"))?;
    drop(nginx);
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk watch exited with {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_the_portal_port_and_insecure() {
        let parsed = parse(&args(&["--portal", "https://Portal.Example.com/"])).unwrap();
        assert_eq!(
            parsed,
            DevArgs {
                portal: Portal {
                    https: true,
                    host: "portal.example.com".into(),
                    authority: "portal.example.com".into(),
                },
                port: 8081,
                insecure: false,
            }
        );
        let parsed = parse(&args(&[
            "--port=9000",
            "--insecure",
            "--portal=https://10.0.0.5:8443",
        ]))
        .unwrap();
        assert_eq!(parsed.port, 9000);
        assert!(parsed.insecure);
        assert_eq!(parsed.portal.origin(), "https://10.0.0.5:8443");
        assert_eq!(parsed.portal.host, "10.0.0.5");
    }

    #[test]
    fn plain_http_only_for_this_machine() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
        ] {
            let portal = parse_portal(url).unwrap();
            assert!(!portal.https, "{url}");
        }
        assert_eq!(parse_portal("http://[::1]:8080").unwrap().host, "::1");
        assert!(parse_portal("http://portal.example.com").is_err());
        assert!(parse_portal("http://10.0.0.5").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_portal_origin() {
        for url in [
            "portal.example.com",
            "ftp://portal.example.com",
            "https://",
            "https:///",
            "https://portal.example.com/api/",
            "https://portal.example.com/?x=1",
            "https://portal.example.com#top",
            "https://user@portal.example.com",
            "https://portal example.com",
            "https://portal.example.com:0",
            "https://portal.example.com:99999",
            "https://portal.example.com:http",
            "https://-portal.example.com",
            "https://portal..example.com",
            "https://[::1",
            "https://[nope]",
            "https://portal.example.com;rm -rf /",
            "https://portal.example.com\n",
        ] {
            assert!(parse_portal(url).is_err(), "{url:?} was accepted");
        }
    }

    #[test]
    fn refuses_bad_arguments() {
        assert!(parse(&[]).is_err(), "--portal is needed");
        assert!(parse(&args(&["--portal"])).is_err());
        assert!(parse(&args(&["--portal", "https://p.example.com", "--port", "0"])).is_err());
        assert!(parse(&args(&["--portal", "https://p.example.com", "--port", "x"])).is_err());
        assert!(parse(&args(&[
            "--portal",
            "https://p.example.com",
            "--insecure=no"
        ]))
        .is_err());
        assert!(parse(&args(&[
            "--portal",
            "https://p.example.com",
            "--proxy",
            "x"
        ]))
        .is_err());
    }

    #[test]
    fn nginx_sends_the_portal_its_own_host_and_checks_its_certificate() {
        let args = parse(&args(&["--portal", "https://portal.example.com"])).unwrap();
        let conf = nginx_conf(&args, Path::new("/d"), Path::new("/w"), false);
        assert!(conf.contains("listen 127.0.0.1:8081;"));
        assert!(conf.contains("proxy_pass https://portal.example.com;"));
        assert!(conf.contains("proxy_set_header Host portal.example.com;"));
        assert!(conf.contains("proxy_set_header X-Forwarded-Host \"\";"));
        assert!(conf.contains("proxy_ssl_verify on;"));
        assert!(conf.contains("proxy_ssl_name portal.example.com;"));
        assert!(!conf.contains("user root;"));
        assert!(conf.contains("root /d;"));
        let insecure = DevArgs {
            insecure: true,
            ..args
        };
        let conf = nginx_conf(&insecure, Path::new("/d"), Path::new("/w"), true);
        assert!(conf.contains("proxy_ssl_verify off;"));
        assert!(conf.starts_with("# Written") && conf.contains("\nuser root;\n"));
    }

    #[test]
    fn says_which_argument_is_wrong() {
        let portal = "https://p.example.com";
        assert_eq!(
            parse(&args(&["--portal", portal, "--insecure=no"])),
            Err("unknown argument \"--insecure\" (--portal URL, --port N, --insecure)".into())
        );
        assert_eq!(
            parse(&args(&["--portal", portal, "--port", "0"])),
            Err("--port \"0\": a port number, 1 to 65535".into())
        );
        assert_eq!(
            parse(&args(&["--port"])),
            Err("--port needs a value".into())
        );
        assert!(parse(&args(&["--portal", "https://p.example.com:0"]))
            .is_err_and(|e| e.contains("its port must be a number, 1 to 65535")));
    }
}
