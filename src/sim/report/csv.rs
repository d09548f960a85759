//! The time series as CSV text, shared by `cacheplay run --format csv` and the playground's export.

use super::Sample;

/// The samples as CSV: a header row (the `Sample` field names, in declaration order), then
/// one row per sample.
pub fn samples_csv(samples: &[Sample]) -> String {
    // The csv crate writes the header with the first record, so an empty series would have
    // none; the header is taken from an encoded default sample instead.
    let header = encode(true, &[Sample::default()]);
    let header_len = header.find('\n').map_or(header.len(), |i| i + 1);
    let mut text = header[..header_len].to_string();
    text.push_str(&encode(false, samples));
    text
}

/// Every sample encoded, with or without the header row. A `Sample` is a flat record of
/// numbers written into memory, so encoding can't fail.
fn encode(has_headers: bool, samples: &[Sample]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(has_headers)
        .from_writer(Vec::new());
    for sample in samples {
        writer
            .serialize(sample)
            .expect("a Sample is a flat record of numbers");
    }
    let bytes = writer
        .into_inner()
        .expect("writing into memory does not fail");
    String::from_utf8(bytes).expect("numbers and field names are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_samples_give_the_header_alone() {
        let text = samples_csv(&[]);
        assert_eq!(text.lines().count(), 1);
        assert!(text.ends_with('\n'));
        // Arrivals, then answers, then the percentiles the answers make up.
        assert!(text.starts_with(
            "t_s,requests,reads,writes,hits,misses,reads_answered,writes_acknowledged,values_persisted,read_p50_ms,"
        ));
    }

    #[test]
    fn one_row_per_sample_under_the_header() {
        let samples = [
            Sample {
                t_s: 1.0,
                requests: 7,
                ..Sample::default()
            },
            Sample {
                t_s: 2.0,
                requests: 9,
                ..Sample::default()
            },
        ];
        let text = samples_csv(&samples);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("1.0,7,"), "{}", lines[1]);
        assert!(lines[2].starts_with("2.0,9,"), "{}", lines[2]);
        let width = lines[0].split(',').count();
        assert!(lines.iter().all(|line| line.split(',').count() == width));
    }

    #[test]
    fn the_header_names_every_field_of_a_sample_in_order() {
        let value = serde_json::to_value(Sample::default()).unwrap();
        let names: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let text = samples_csv(&[]);
        let header: Vec<&str> = text.trim_end().split(',').collect();
        // serde_json's map is sorted unless preserve_order is on, so compare as sets, then
        // check the order against the declaration's first and last fields.
        let mut sorted = header.clone();
        sorted.sort_unstable();
        let mut expected = names.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        assert_eq!(header[0], "t_s");
    }
}
