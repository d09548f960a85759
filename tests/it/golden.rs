//! A short text summary of each preset's run, checked against its expectation.
//! Refresh after an intended change with `UPDATE_EXPECT=1 cargo test --test it golden`.

use cacheplay::scenario::preset;
use cacheplay::sim;
use expect_test::{expect, Expect};

fn check(name: &str, expected: Expect) {
    let run = sim::run(&preset(name).expect("preset exists").config());
    let s = &run.summary;
    let l = &run.ledger;
    let text = format!(
        "requests {} (reads {}, writes {}), hit ratio {:.3}\n\
         read ms p50 {:.2} p99 {:.2} max {:.1}; write ms p50 {:.2} p99 {:.2} max {:.1}\n\
         lag ms p50 {:.1} p99 {:.1} max {:.1}; oldest dirty {:.1} ms; stale reads {}\n\
         store reads {} writes {}, coalesced {}; evictions {}, expirations {}\n\
         rejected {}, dropped {}; utilisation {:.3}; server queue max {}, write queue max {}\n\
         ledger: issued {} = acked {} + dropped {} + in flight {}; acked = persisted {} + pending {} + lost {}\n\
         digest {}",
        s.requests,
        s.reads,
        s.writes,
        s.hit_ratio,
        s.read_latency_ms.p50,
        s.read_latency_ms.p99,
        s.read_latency_ms.max,
        s.write_latency_ms.p50,
        s.write_latency_ms.p99,
        s.write_latency_ms.max,
        s.consistency_lag_ms.p50,
        s.consistency_lag_ms.p99,
        s.consistency_lag_ms.max,
        s.max_oldest_dirty_age_ms,
        s.stale_reads,
        s.store_reads,
        s.store_writes,
        s.coalesced_writes,
        s.evictions,
        s.expirations,
        s.rejected_requests,
        s.dropped_writes.total,
        s.utilisation,
        s.max_server_queue_depth,
        s.max_write_queue_depth,
        l.issued,
        l.acknowledged,
        l.dropped,
        l.in_flight,
        l.persisted,
        l.pending,
        l.lost,
        s.digest,
    );
    expected.assert_eq(&text);
}

#[test]
fn default() {
    check(
        "default",
        expect![[r#"
        requests 119666 (reads 107610, writes 12056), hit ratio 0.663
        read ms p50 2.94 p99 20.54 max 191.1; write ms p50 9.57 p99 53.63 max 172.8
        lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 0
        store reads 36308 writes 12056, coalesced 0; evictions 39349, expirations 0
        rejected 0, dropped 0; utilisation 0.322; server queue max 0, write queue max 0
        ledger: issued 12056 = acked 12056 + dropped 0 + in flight 0; acked = persisted 12056 + pending 0 + lost 0
        digest 150a1a49cc8d8c59"#]],
    );
}

#[test]
fn banking() {
    check(
        "banking",
        expect![[r#"
        requests 90159 (reads 72202, writes 17957), hit ratio 0.558
        read ms p50 3.91 p99 22.34 max 101.4; write ms p50 11.81 p99 63.62 max 323.8
        lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 0
        store reads 31893 writes 17956, coalesced 0; evictions 29677, expirations 0
        rejected 0, dropped 0; utilisation 0.113; server queue max 0, write queue max 0
        ledger: issued 17957 = acked 17953 + dropped 0 + in flight 4; acked = persisted 17953 + pending 0 + lost 0
        digest 36e120f984e3c2e5"#]],
    );
}

#[test]
fn web_sessions() {
    check(
        "web-sessions",
        expect![[r#"
        requests 89923 (reads 53805, writes 36118), hit ratio 0.754
        read ms p50 1.85 p99 11.81 max 61.3; write ms p50 1.47 p99 6.26 max 21.2
        lag ms p50 542.7 p99 1052.7 max 1181.8; oldest dirty 1000.0 ms; stale reads 0
        store reads 13214 writes 33371, coalesced 2227; evictions 7059, expirations 0
        rejected 0, dropped 0; utilisation 0.027; server queue max 0, write queue max 751
        ledger: issued 36118 = acked 36117 + dropped 0 + in flight 1; acked = persisted 35569 + pending 548 + lost 0
        digest 589fba3f56de9371"#]],
    );
}

#[test]
fn cdn_edge() {
    check(
        "cdn-edge",
        expect![[r#"
        requests 114576 (reads 112277, writes 2299), hit ratio 0.574
        read ms p50 0.97 p99 153.09 max 898.1; write ms p50 64.13 p99 306.18 max 682.6
        lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 15517
        store reads 47806 writes 2299, coalesced 0; evictions 35820, expirations 0
        rejected 0, dropped 0; utilisation 0.071; server queue max 0, write queue max 0
        ledger: issued 2299 = acked 2293 + dropped 0 + in flight 6; acked = persisted 2293 + pending 0 + lost 0
        digest 7c141190095b5b08"#]],
    );
}
