//! The real binary against a REST source served over TLS on loopback, with
//! a certificate made for 127.0.0.1 by a CA made for the test (rcgen):
//! - trusted through `SSL_CERT_FILE`, a sync works;
//! - not trusted (the trust store holds another CA), the message says the
//!   certificate is not trusted for the host and names `SSL_CERT_FILE`, and
//!   the request is not tried again (the server sees one connection);
//! - `watchlist` with a good cache falls back to it with that warning;
//! - an `HTTPS_PROXY` in the environment is not used for 127.0.0.1 (a
//!   listener standing in for the proxy sees no connection).

mod common;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::TlsAcceptor;

const ACCOUNTS: &str = r#"{"accounts": [
    {"id": "R1", "name": "Cached Co", "arr": 5000,
     "contract_start": "2026-01-01", "renewal_date": "2027-01-01"}
], "next_cursor": null}"#;

/// A CA, written as PEM to `ca.pem`, and a server certificate it signed
/// for 127.0.0.1 and localhost.
struct Pki {
    dir: tempfile::TempDir,
    chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
}

impl Pki {
    fn new() -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &Issuer::new(ca, &ca_key))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();
        Pki {
            dir,
            chain: vec![leaf.der().clone(), ca_cert.der().clone()],
            key: leaf_key.serialize_der(),
        }
    }

    fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
}

/// An HTTPS server on 127.0.0.1 answering every request with
/// [`ACCOUNTS`], one request per connection; it counts the connections it
/// accepted and the TLS handshakes that completed.
struct TlsServer {
    url: String,
    connections: Arc<AtomicUsize>,
    handshakes: Arc<AtomicUsize>,
}

impl TlsServer {
    async fn start(pki: &Pki) -> TlsServer {
        let provider = Arc::new(crypto::aws_lc_rs::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.key.clone()));
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(pki.chain.clone(), key)
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let handshakes = Arc::new(AtomicUsize::new(0));
        let (seen, done) = (connections.clone(), handshakes.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                seen.fetch_add(1, Ordering::SeqCst);
                let (acceptor, done) = (acceptor.clone(), done.clone());
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    done.fetch_add(1, Ordering::SeqCst);
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(n) if n > 0 && head.len() < 1 << 20 => {
                                head.extend_from_slice(&buf[..n])
                            }
                            _ => return,
                        }
                    }
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{ACCOUNTS}",
                        ACCOUNTS.len()
                    );
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        TlsServer {
            url,
            connections,
            handshakes,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

/// A listener standing in for a proxy: it counts connections and answers
/// none of them.
async fn fake_proxy() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, seen)
}

/// `orienteer ARGS` trusting the CA in `ca_file` only (not the machine's
/// store), with every proxy variable pointing at `proxy`.
async fn run(config: &Path, data: &Path, ca_file: &Path, proxy: &str, args: &[&str]) -> Output {
    let mut command = common::binary::command(config, data);
    command
        .args(args)
        .env("SSL_CERT_FILE", ca_file)
        .env_remove("SSL_CERT_DIR")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for var in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        command.env(var, proxy);
    }
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_said_so_once_and_the_cache_answers() {
    let pki = Pki::new();
    let other = Pki::new();
    let server = TlsServer::start(&pki).await;
    let (proxy, proxied) = fake_proxy().await;
    let (_dir, config) = common::config::rest(&server.url);
    let data = tempfile::tempdir().unwrap();

    // Trusted through SSL_CERT_FILE: the sync works, past the proxy.
    let out = run(&config, data.path(), &pki.ca_file(), &proxy, &["sync"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 account"),
        "{stderr}"
    );
    assert!(server.handshakes() >= 1);
    assert_eq!(proxied.load(Ordering::SeqCst), 0, "the proxy was used");

    // Trusting another CA only: one connection, no handshake, and a
    // message that says why and what to do.
    let before = server.connections();
    let handshakes = server.handshakes();
    let out = run(&config, data.path(), &other.ca_file(), &proxy, &["sync"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("certificate not trusted for 127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("SSL_CERT_FILE"), "{stderr}");
    assert!(!stderr.contains("attempts"), "retried: {stderr}");
    assert!(!stderr.contains("secret-tok"), "{stderr}");
    assert_eq!(server.connections() - before, 1, "retried: {stderr}");
    assert_eq!(server.handshakes(), handshakes, "{stderr}");

    // With the cache from the first sync, `watchlist` shows it, warning why.
    let before = server.connections();
    let out = run(
        &config,
        data.path(),
        &other.ca_file(),
        &proxy,
        &["watchlist", "--format", "json"],
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("could not sync"), "{stderr}");
    assert!(
        stderr.contains("certificate not trusted for 127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("showing the cache"), "{stderr}");
    assert_eq!(server.connections() - before, 1, "retried: {stderr}");
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.to_string().contains("Cached Co"), "{items}");
    assert_eq!(proxied.load(Ordering::SeqCst), 0, "the proxy was used");
}
