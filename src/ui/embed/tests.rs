//! Query parsing and snippet text of the embed view.

use super::*;

#[test]
fn no_embed_parameter_is_the_full_playground() {
    assert_eq!(EmbedOptions::from_query(""), None);
    assert_eq!(EmbedOptions::from_query("?charts=lag"), None);
    assert_eq!(EmbedOptions::from_query("?embed=0"), None);
    assert_eq!(EmbedOptions::from_query("embed=false&autoplay=1"), None);
}

#[test]
fn embed_alone_takes_every_default() {
    assert_eq!(
        EmbedOptions::from_query("?embed=1"),
        Some(EmbedOptions::default())
    );
    // A bare `embed` reads as on, as HTML boolean attributes do.
    assert_eq!(
        EmbedOptions::from_query("embed"),
        Some(EmbedOptions::default())
    );
    let defaults = EmbedOptions::default();
    assert_eq!(defaults.charts, ["read-latency", "hit-ratio"]);
    assert_eq!(defaults.controls, ControlsMode::Min);
    assert!(!defaults.autoplay && defaults.summary);
    assert_eq!(defaults.theme, Theme::Auto);
}

#[test]
fn the_issue_example_reads_as_written() {
    let options =
        EmbedOptions::from_query("?embed=1&charts=latency,lag&controls=min&autoplay=1&theme=light")
            .unwrap();
    assert_eq!(options.charts, ["read-latency", "consistency-lag"]);
    assert_eq!(options.controls, ControlsMode::Min);
    assert!(options.autoplay);
    assert_eq!(options.theme, Theme::Light);
    assert_eq!(options.problems, Vec::<String>::new());
}

#[test]
fn charts_take_ids_and_aliases_in_order_without_repeats() {
    let options =
        EmbedOptions::from_query("embed=1&charts=hit-ratio%2Clag,%20latency,hits").unwrap();
    assert_eq!(
        options.charts,
        ["hit-ratio", "consistency-lag", "read-latency"]
    );
}

#[test]
fn unknown_values_fall_back_to_defaults_and_say_so() {
    let options = EmbedOptions::from_query(
        "embed=1&charts=pie,lag&controls=most&theme=sepia&autoplay=maybe&speed=7&summary=0",
    )
    .unwrap();
    assert_eq!(options.charts, ["consistency-lag"]);
    assert_eq!(options.controls, ControlsMode::Min);
    assert_eq!(options.theme, Theme::Auto);
    assert!(!options.autoplay);
    assert_eq!(options.speed, Speed::X10);
    assert!(!options.summary);
    assert_eq!(options.problems.len(), 5, "{:?}", options.problems);
    assert!(options.problems[0].starts_with("charts: no chart 'pie' (known: read-latency,"));
    assert_eq!(
        options.problems[1],
        "controls: 'most' is not one of min, full or none; using min"
    );
    assert_eq!(
        options.problems[2],
        "theme: 'sepia' is not one of auto, light or dark; using auto"
    );
    assert_eq!(
        options.problems[3],
        "autoplay: 'maybe' is not one of 1 or 0; using 0"
    );
}

#[test]
fn no_known_chart_shows_the_default_charts() {
    let options = EmbedOptions::from_query("embed=1&charts=,pie,").unwrap();
    assert_eq!(options.charts, DEFAULT_CHARTS);
    assert_eq!(options.problems.len(), 1);
}

#[test]
fn other_parameters_belong_to_the_host_page() {
    let options = EmbedOptions::from_query("utm_source=blog&embed=1&ref=x").unwrap();
    assert_eq!(options, EmbedOptions::default());
}

#[test]
fn malformed_escapes_stay_as_written() {
    assert_eq!(
        parse_query("a=%zz&b=%4&c=x+y&d=%41%e2%82%ac&%ff=1"),
        [
            ("a".to_string(), "%zz".to_string()),
            ("b".to_string(), "%4".to_string()),
            ("c".to_string(), "x y".to_string()),
            ("d".to_string(), "A€".to_string()),
            ("\u{fffd}".to_string(), "1".to_string()),
        ]
    );
}

#[test]
fn to_query_round_trips_and_omits_defaults() {
    assert_eq!(EmbedOptions::default().to_query(), "embed=1");
    let options = EmbedOptions {
        charts: vec!["consistency-lag", "queues"],
        controls: ControlsMode::None,
        autoplay: true,
        theme: Theme::Dark,
        summary: false,
        speed: Speed::Max,
        problems: Vec::new(),
    };
    let query = options.to_query();
    assert_eq!(
        query,
        "embed=1&charts=consistency-lag,queues&controls=none&autoplay=1&theme=dark&summary=0&speed=max"
    );
    assert_eq!(EmbedOptions::from_query(&query), Some(options));
}

#[test]
fn the_snippet_points_at_the_embed_view_and_the_host_script() {
    let scenario = Scenario::default();
    let options = EmbedOptions {
        autoplay: true,
        ..EmbedOptions::default()
    };
    let text = snippet(
        "https://example.github.io/cacheplay/index.html?embed=1#v1.old",
        &options,
        &scenario,
    );
    let fragment = scenario.link_fragment();
    // 120 + 70 (summary) + 2 charts × 250 = 690.
    assert_eq!(
        text,
        format!(
            "<iframe src=\"https://example.github.io/cacheplay/index.html?embed=1&amp;autoplay=1#{fragment}\" \
             title=\"cacheplay: {}\" width=\"100%\" height=\"690\" style=\"border:0\" loading=\"lazy\" \
             data-cacheplay></iframe>\n\
             <script src=\"https://example.github.io/cacheplay/embed-host.js\" async></script>\n",
            scenario.title
        )
    );
}

#[test]
fn the_snippet_escapes_the_title() {
    let scenario = Scenario {
        title: "\"><script>alert(1)</script>&".to_string(),
        ..Scenario::default()
    };
    let text = snippet("https://h.test/", &EmbedOptions::default(), &scenario);
    assert!(
        text.contains("title=\"cacheplay: &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;\"")
    );
    // One script element: the host script, none from the title.
    assert_eq!(text.matches("<script").count(), 1);
}
