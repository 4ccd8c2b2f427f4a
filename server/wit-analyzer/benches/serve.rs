//! Requests per second and latency (p50, p99) of `wit-analyzer serve`
//! against `wasmtime serve -S cli`, on `GET /` of wit-samples/guest-http.
//! Not a test: it measures and prints the ratio ours/wasmtime (a throughput
//! ratio ≥ 1.0 means we are as fast).
//!
//! Both servers run side by side in one run, each warmed up first; then
//! rounds of 2,000 requests at concurrency 16, over keep-alive connections,
//! go to one server and then the other, so that load from other processes
//! hits both alike. Every response must be a 200 with the guest's body. A
//! third server, `wasmtime serve` without its default pooling allocator,
//! shows how much of the difference that allocator makes.
//!
//! Run: `cargo bench -p wit-analyzer --bench serve` (the bench profile
//! builds the `wit-analyzer` it starts, as for `lsp_latency`). It builds the
//! guest itself and finds the wasmtime CLI as the tests do.

#[path = "../tests/common/mod.rs"]
mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Connection, Served, WasmtimeServed, block_on, get};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 16;
const WARM_UP: usize = 500;
const ROUNDS: usize = 3;
const BODY: &[u8] = b"hello from a WIT component\n";

/// One round against one server.
struct Round {
    elapsed: Duration,
    /// Every request's latency, sorted.
    latencies: Vec<Duration>,
}

impl Round {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: usize) -> Duration {
        self.latencies[(self.latencies.len() * p / 100).min(self.latencies.len() - 1)]
    }
}

/// `requests` `GET /` from `CONCURRENCY` keep-alive connections, each sending
/// its next request when the last is answered.
fn load(addr: SocketAddr, requests: usize) -> Round {
    block_on(async move {
        let mut connections = Vec::new();
        for _ in 0..CONCURRENCY {
            connections.push(Connection::open(addr).await.expect("the server accepts"));
        }
        let next = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        let mut clients = tokio::task::JoinSet::new();
        for mut connection in connections {
            let next = Arc::clone(&next);
            clients.spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let sent = Instant::now();
                    let reply = connection
                        .send(get(addr, "/"))
                        .await
                        .expect("the server answers");
                    latencies.push(sent.elapsed());
                    assert_eq!(
                        (reply.status, &reply.body[..]),
                        (200, BODY),
                        "{}",
                        reply.text()
                    );
                }
                latencies
            });
        }
        let mut latencies: Vec<Duration> = clients.join_all().await.into_iter().flatten().collect();
        let elapsed = start.elapsed();
        assert_eq!(latencies.len(), requests);
        latencies.sort();
        Round { elapsed, latencies }
    })
}

/// The round of median throughput.
fn median(mut rounds: Vec<Round>) -> Round {
    rounds.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    rounds.swap_remove(rounds.len() / 2)
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let guest = common::http_guest();
    let ours = Served::start(&guest, &[]);
    let theirs = WasmtimeServed::start(&guest);
    // `wasmtime serve` uses wasmtime's pooling allocator by default; the
    // runner's engine does not. This third server shows what that is worth.
    let unpooled = WasmtimeServed::start_with(&guest, &["-O", "pooling-allocator=n"]);
    let servers = [
        ("wit-analyzer serve", ours.addr),
        ("wasmtime serve -S cli", theirs.addr),
        ("  … -O pooling-allocator=n", unpooled.addr),
    ];
    println!(
        "{} against {}",
        common::BIN,
        common::wasmtime_cli().display()
    );
    println!(
        "GET / of {}: {REQUESTS} requests at concurrency {CONCURRENCY} over keep-alive connections, \
         {ROUNDS} rounds per server, alternating; the round of median throughput:",
        guest.display()
    );

    for (_, addr) in servers {
        load(addr, WARM_UP);
    }
    let mut rounds: [Vec<Round>; 3] = Default::default();
    for _ in 0..ROUNDS {
        for (i, (_, addr)) in servers.iter().enumerate() {
            rounds[i].push(load(*addr, REQUESTS));
        }
    }
    let rounds = rounds.map(median);
    for ((name, _), round) in servers.iter().zip(&rounds) {
        println!(
            "  {name:<28} {:>8.0} requests/s, p50 {}, p99 {}",
            round.per_second(),
            ms(round.percentile(50)),
            ms(round.percentile(99))
        );
    }
    let [mine, wasmtime, unpooled] = &rounds;
    let ratio = |ours: Duration, theirs: Duration| ours.as_secs_f64() / theirs.as_secs_f64();
    println!(
        "ours/wasmtime: throughput {:.2}× (≥ 1.0 means as fast), p50 latency {:.2}×, p99 latency {:.2}× \
         (≤ 1.0 means as quick)",
        mine.per_second() / wasmtime.per_second(),
        ratio(mine.percentile(50), wasmtime.percentile(50)),
        ratio(mine.percentile(99), wasmtime.percentile(99))
    );
    println!(
        "ours/wasmtime without its pooling allocator: throughput {:.2}×, p50 latency {:.2}×, p99 latency {:.2}×",
        mine.per_second() / unpooled.per_second(),
        ratio(mine.percentile(50), unpooled.percentile(50)),
        ratio(mine.percentile(99), unpooled.percentile(99))
    );
    // Every server is still up: none fell over under the load.
    for (name, addr) in servers {
        assert_eq!(load(addr, 1).latencies.len(), 1, "{name}");
    }
}
