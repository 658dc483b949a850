//! A loopback HTTP/1.1 client just big enough to time the simulator: one request per fresh
//! connection (latency), or many over kept-alive connections on several threads (throughput).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{KEY, SAMPLES};

/// One `GET` over a fresh loopback connection: the status and the body size.
fn get(addr: &str, path: &str) -> Result<(u16, usize), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP status in the answer to {path}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.len())
        .unwrap_or(0);
    Ok((status, body))
}

/// What [`measure`] found: the times of the requests, and the largest body.
pub(super) struct Summary {
    pub(super) median: Duration,
    pub(super) p95: Duration,
    pub(super) max: Duration,
    pub(super) bytes: usize,
}

/// Times `SAMPLES` requests of each path in turn (after a warm-up), all expected to be 200.
pub(super) fn measure(addr: &str, paths: &[String]) -> Result<Summary, String> {
    for path in paths.iter().take(20) {
        get(addr, path)?;
    }
    let mut times = Vec::with_capacity(SAMPLES);
    let mut bytes = 0;
    for i in 0..SAMPLES {
        let path = &paths[i % paths.len()];
        let started = Instant::now();
        let (status, size) = get(addr, path)?;
        times.push(started.elapsed());
        if status != 200 {
            return Err(format!("{path} answered {status}"));
        }
        bytes = bytes.max(size);
    }
    times.sort();
    Ok(Summary {
        median: times[times.len() / 2],
        p95: times[times.len() * 95 / 100],
        max: times[times.len() - 1],
        bytes,
    })
}

/// One HTTP/1.1 connection kept open for many requests.
struct KeepAlive {
    addr: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl KeepAlive {
    fn connect(addr: &str) -> Result<KeepAlive, String> {
        let stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        Ok(KeepAlive {
            addr: addr.to_string(),
            reader: BufReader::new(stream),
            writer,
        })
    }

    /// `GET path`: the status, after reading the whole answer.
    fn get(&mut self, path: &str) -> Result<u16, String> {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {KEY}\r\n\r\n",
            self.addr
        )
        .map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no HTTP status in {line:?}"))?;
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            let (name, value) = (name.to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = value.parse::<usize>().ok();
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
        if chunked {
            loop {
                line.clear();
                self.reader
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                let size = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| format!("bad chunk size {line:?}"))?;
                self.skip(size + 2)?;
                if size == 0 {
                    break;
                }
            }
        } else {
            self.skip(length.ok_or("an answer without Content-Length")?)?;
        }
        Ok(status)
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        let copied = std::io::copy(&mut (&mut self.reader).take(n as u64), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        if copied as usize == n {
            Ok(())
        } else {
            Err("the answer ended early".into())
        }
    }
}

/// Requests per second: `total` requests of `paths` spread over `clients` connections.
pub(super) fn throughput(
    addr: &str,
    paths: &[String],
    clients: usize,
    total: usize,
) -> Result<f64, String> {
    let per_client = total / clients;
    let start = std::sync::Arc::new(std::sync::Barrier::new(clients + 1));
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (addr, paths, start) = (addr.to_string(), paths.to_vec(), start.clone());
            std::thread::spawn(move || -> Result<(), String> {
                let connection = KeepAlive::connect(&addr);
                start.wait();
                let mut connection = connection?;
                for i in 0..per_client {
                    let path = &paths[(client + i) % paths.len()];
                    let status = connection.get(path)?;
                    if status != 200 {
                        return Err(format!("{path} answered {status}"));
                    }
                }
                Ok(())
            })
        })
        .collect();
    start.wait();
    let started = Instant::now();
    for worker in workers {
        worker.join().map_err(|_| "a client panicked")??;
    }
    Ok((per_client * clients) as f64 / started.elapsed().as_secs_f64())
}

/// `text` percent-encoded for a query string.
pub(super) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
