//! A hostile server on loopback, hand-written on tokio's `TcpListener`
//! (wiremock answers whole bodies at once): it answers each request the
//! way its current [`Mode`] says, and counts the requests it saw.
//!
//! - `Json(body)`: 200 with the body, as a well-behaved API.
//! - `Drip`: 200 with a `Content-Length` of 1,000, then one byte a second
//!   (at most 60, so a client that never gives up still ends).
//! - `Endless(n)`: 200, chunked, `n` bytes of JSON-ish text in 64 KB
//!   chunks, as fast as the client reads them (it stops when the client
//!   hangs up).
//! - `Status(code, headers)`: that status with those headers and `{}`.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub enum Mode {
    Json(String),
    Drip,
    Endless(u64),
    Status(u16, Vec<(String, String)>),
}

#[derive(Clone)]
pub struct Hostile {
    pub url: String,
    mode: Arc<Mutex<Mode>>,
    requests: Arc<AtomicUsize>,
}

impl Hostile {
    pub async fn start(mode: Mode) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = Hostile {
            url,
            mode: Arc::new(Mutex::new(mode)),
            requests: Arc::new(AtomicUsize::new(0)),
        };
        let shared = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let _ = shared.serve(stream).await;
                });
            }
        });
        server
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Requests seen so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    async fn serve(&self, mut stream: TcpStream) -> std::io::Result<()> {
        // One request per connection: read up to the end of its headers
        // (the tests' requests are GETs, or small POSTs read along).
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await?;
            if n == 0 || seen.len() > 1 << 20 {
                return Ok(());
            }
            seen.extend_from_slice(&buf[..n]);
        }
        self.requests.fetch_add(1, Ordering::SeqCst);
        let mode = self.mode.lock().unwrap().clone();
        match mode {
            Mode::Json(body) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
            }
            Mode::Drip => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n";
                stream.write_all(head.as_bytes()).await?;
                for _ in 0..60 {
                    stream.write_all(b" ").await?;
                    stream.flush().await?;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            Mode::Endless(total) => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
                stream.write_all(head.as_bytes()).await?;
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0u64;
                while sent < total {
                    stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await?;
                    stream.write_all(&chunk).await?;
                    stream.write_all(b"\r\n").await?;
                    sent += chunk.len() as u64;
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
            Mode::Status(code, headers) => {
                let mut head = format!(
                    "HTTP/1.1 {code} Whatever\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n"
                );
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n{}");
                stream.write_all(head.as_bytes()).await?;
            }
        }
        stream.shutdown().await
    }
}
