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
    let c = &s.stale_reads_by_cause;
    let causes = if s.stale_reads == 0 {
        String::new()
    } else {
        format!(
            " (invalidate before store {}, refill {}, update reorder {}, unflushed {}, lost {})",
            c.invalidate_before_store_race,
            c.refill_race,
            c.update_reorder,
            c.unflushed_write_back,
            c.lost_write_back,
        )
    };
    format!(
        "requests {} (reads {}, writes {}), hit ratio {:.3}\n\
         read ms p50 {:.2} p99 {:.2} max {:.1}; write ms p50 {:.2} p99 {:.2} max {:.1}\n\
         lag ms p50 {:.1} p99 {:.1} max {:.1}; oldest dirty {:.1} ms; stale reads {}{}\n\
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
        causes,
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
        digest efe2fb382a13a95d"#]],
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
        digest 9ee1b9e69387b293"#]],
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
        digest cb43706d8d79377f"#]],
    );
}

#[test]
fn cdn_edge() {
    check(
        "cdn-edge",
        expect![[r#"
            requests 114576 (reads 112277, writes 2299), hit ratio 0.568
            read ms p50 0.99 p99 155.14 max 898.1; write ms p50 63.62 p99 287.74 max 701.7
            lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 15763 (invalidate before store 14591, refill 1172, update reorder 0, unflushed 0, lost 0)
            store reads 48495 writes 2299, coalesced 0; evictions 35798, expirations 729
            rejected 0, dropped 0; utilisation 0.072; server queue max 0, write queue max 0
            ledger: issued 2299 = acked 2293 + dropped 0 + in flight 6; acked = persisted 2293 + pending 0 + lost 0
            digest 9b2d747f25253aca"#]],
    );
}

#[test]
fn flash_sale() {
    check_traffic(
        "flash-sale",
        expect![[r#"
        requests 95937 (reads 86544, writes 9393), hit ratio 0.703
        read ms p50 18.62 p99 866.30 max 904.0; write ms p50 39.55 p99 878.59 max 946.1
        lag ms p50 0.0 p99 0.0 max 0.0; oldest dirty 0.0 ms; stale reads 0
        store reads 20517 writes 7494, coalesced 0; evictions 17801, expirations 0
        rejected 5533, dropped 1898; utilisation 0.338; server queue max 2000, write queue max 0
        ledger: issued 9393 = acked 7494 + dropped 1898 + in flight 1; acked = persisted 7494 + pending 0 + lost 0
        digest 4258f6fa8430eb94
        rate limited reads 12541, writes 1367; failed reads 0; store unavailable 0; lost on crash 0
        server wait ms 308.67; instances min 2 max 5 final 2
        16 s: 2 → 3: utilisation 100% / target 70%: recommend 3, stabilized 3
        26 s: 3 → 5: utilisation 100% / target 70%: recommend 5, stabilized 5
        56 s: 5 → 2: utilisation 13% / target 70%: recommend 1, stabilized 2"#]],
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
        digest e28de819dd534e0d
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
            lag ms p50 2383.9 p99 4997.1 max 5074.0; oldest dirty 4999.9 ms; stale reads 1874 (invalidate before store 0, refill 0, update reorder 0, unflushed 3, lost 1871)
            store reads 20138 writes 14015, coalesced 10039; evictions 1045, expirations 0
            rejected 0, dropped 2214; utilisation 0.069; server queue max 0, write queue max 1368
            ledger: issued 26684 = acked 26684 + dropped 0 + in flight 0; acked = persisted 22222 + pending 2248 + lost 2214
            digest 54af334fe91f23de
            rate limited reads 0, writes 0; failed reads 0; store unavailable 0; lost on crash 2214
            server wait ms 0.00; instances min 4 max 4 final 4"#]],
    );
}
