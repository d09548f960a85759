//! A short text summary of each preset's run, checked against its expectation.
//! Refresh after an intended change with `UPDATE_EXPECT=1 cargo test --test it golden`.

use cacheplay::scenario::preset;
use cacheplay::sim;
use expect_test::{expect, Expect};

fn check(name: &str, expected: Expect) {
    let run = sim::run(&preset(name).expect("preset exists").config());
    expected.assert_eq(&text(&run));
}

/// The common text plus rate limiting, failures, crash losses and the decision log.
fn check_traffic(name: &str, expected: Expect) {
    let run = sim::run(&preset(name).expect("preset exists").config());
    let s = &run.summary;
    let d = &s.dropped_writes;
    let mut text = text(&run);
    text.push_str(&format!(
        "\nrate limited reads {}, writes {}; failed reads {}; store unavailable {}; lost on crash {}\n\
         server wait ms {:.2}; instances min {} max {} final {}",
        s.rate_limited_reads,
        d.rate_limited,
        s.failed_reads,
        d.store_unavailable,
        d.lost_on_crash,
        s.server_wait_ms,
        s.instances.min,
        s.instances.max,
        s.instances.at_end,
    ));
    for event in &run.scale_events {
        text.push_str(&format!("\n{event}"));
    }
    expected.assert_eq(&text);
}

fn text(run: &sim::Run) -> String {
    let s = &run.summary;
    let l = &run.ledger;
    format!(
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
    )
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
            digest 1a45c2176586589d"#]],
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
            store reads 31893 writes 17953, coalesced 0; evictions 29677, expirations 0
            rejected 0, dropped 0; utilisation 0.113; server queue max 0, write queue max 0
            ledger: issued 17957 = acked 17953 + dropped 0 + in flight 4; acked = persisted 17953 + pending 0 + lost 0
            digest baaecde58d871302"#]],
    );
}

#[test]
fn web_sessions() {
    check(
        "web-sessions",
        expect![[r#"
            requests 90247 (reads 53999, writes 36248), hit ratio 0.755
            read ms p50 1.85 p99 11.87 max 61.3; write ms p50 1.47 p99 6.26 max 21.2
            lag ms p50 559.1 p99 1046.5 max 1197.5; oldest dirty 1000.0 ms; stale reads 0
            store reads 13242 writes 33492, coalesced 2217; evictions 7107, expirations 0
            rejected 0, dropped 0; utilisation 0.027; server queue max 0, write queue max 757
            ledger: issued 36248 = acked 36247 + dropped 0 + in flight 1; acked = persisted 35684 + pending 563 + lost 0
            digest 69cb6713b02a16b1"#]],
    );
}

#[test]
fn cdn_edge() {
    check(
        "cdn-edge",
        expect![[r#"
            requests 115219 (reads 112910, writes 2309), hit ratio 0.568
            read ms p50 0.99 p99 155.14 max 897.8; write ms p50 64.38 p99 293.89 max 557.3
            lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 14927
            store reads 48736 writes 2307, coalesced 0; evictions 36075, expirations 717
            rejected 0, dropped 0; utilisation 0.072; server queue max 0, write queue max 0
            ledger: issued 2309 = acked 2307 + dropped 0 + in flight 2; acked = persisted 2307 + pending 0 + lost 0
            digest ef266c1e3515a76a"#]],
    );
}

#[test]
fn flash_sale() {
    check_traffic(
        "flash-sale",
        expect![[r#"
            requests 96287 (reads 86860, writes 9427), hit ratio 0.703
            read ms p50 18.37 p99 866.30 max 914.4; write ms p50 37.25 p99 878.59 max 972.8
            lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 0
            store reads 20565 writes 7538, coalesced 0; evictions 17886, expirations 0
            rejected 5456, dropped 1889; utilisation 0.340; server queue max 2000, write queue max 0
            ledger: issued 9427 = acked 7538 + dropped 1889 + in flight 0; acked = persisted 7538 + pending 0 + lost 0
            digest 1ce805774466fc7a
            rate limited reads 12658, writes 1348; failed reads 0; store unavailable 0; lost on crash 0
            server wait ms 308.24; instances min 2 max 5 final 2
            16 s: 2 → 3: utilisation 100% / target 70%: recommend 3, stabilized 3
            26 s: 3 → 5: utilisation 100% / target 70%: recommend 5, stabilized 5
            56 s: 5 → 2: utilisation 12% / target 70%: recommend 1, stabilized 2"#]],
    );
}

#[test]
fn db_outage() {
    check_traffic(
        "db-outage",
        expect![[r#"
            requests 90367 (reads 54205, writes 36162), hit ratio 0.748
            read ms p50 1.75 p99 11.23 max 78.2; write ms p50 1.48 p99 6.35 max 23.2
            lag ms p50 784.4 p99 25493.5 max 26059.6; oldest dirty 25995.3 ms; stale reads 0
            store reads 13673 writes 29885, coalesced 0; evictions 2980, expirations 0
            rejected 0, dropped 5706; utilisation 0.026; server queue max 0, write queue max 10000
            ledger: issued 36162 = acked 30455 + dropped 5706 + in flight 1; acked = persisted 29885 + pending 570 + lost 0
            digest 4565821d8ea49e81
            rate limited reads 0, writes 0; failed reads 3923; store unavailable 0; lost on crash 0
            server wait ms 0.00; instances min 4 max 4 final 4"#]],
    );
}

#[test]
fn cache_crash() {
    check_traffic(
        "cache-crash",
        expect![[r#"
            requests 89737 (reads 63053, writes 26684), hit ratio 0.681
            read ms p50 2.07 p99 16.22 max 156.5; write ms p50 1.57 p99 17.47 max 78.3
            lag ms p50 2383.9 p99 4997.1 max 5074.0; oldest dirty 4999.9 ms; stale reads 1874
            store reads 20138 writes 14015, coalesced 10039; evictions 1045, expirations 0
            rejected 0, dropped 2214; utilisation 0.069; server queue max 0, write queue max 1368
            ledger: issued 26684 = acked 26684 + dropped 0 + in flight 0; acked = persisted 22222 + pending 2248 + lost 2214
            digest aaaded543cd6dc8e
            rate limited reads 0, writes 0; failed reads 0; store unavailable 0; lost on crash 2214
            server wait ms 0.00; instances min 4 max 4 final 4"#]],
    );
}
