//! The byte mutations the fuzz examples share (`fuzz_link`, `fuzz_scenario`).

use cacheplay::sim::rng::SplitMix64;

/// Mostly base64url and JSON punctuation, sometimes anything.
pub fn random_byte(rng: &mut SplitMix64) -> u8 {
    const LIKELY: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_{}[]\":,.e+";
    if rng.below(4) == 0 {
        rng.below(256) as u8
    } else {
        LIKELY[rng.below(LIKELY.len() as u32) as usize]
    }
}

/// Up to `most` edits: substitute, insert, delete, cut, repeat a stretch, flip a bit.
pub fn mutate(rng: &mut SplitMix64, bytes: &mut Vec<u8>, most: u32) {
    for _ in 0..=rng.below(most) {
        let at = rng.below(bytes.len() as u32 + 1) as usize;
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = random_byte(rng),
            1 => bytes.insert(at, random_byte(rng)),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.truncate(at),
            4 => {
                let len = rng.below(16) as usize;
                let stretch: Vec<u8> = bytes[at..].iter().take(len).copied().collect();
                bytes.splice(at..at, stretch);
            }
            _ if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            _ => {}
        }
    }
}
