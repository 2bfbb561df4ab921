//! `--shard K/N`: which articles this run processes.
//!
//! An article belongs to shard `fnv1a(key) mod N`, where the key is its identity in the input:
//! the relative path of a file in a tree (`/`-separated), the title of a JSONL record or a dump
//! page. The choice depends on nothing else — not on the order of inputs, the number of jobs or
//! what other articles exist — so N machines given the same inputs and `--shard 0/N` …
//! `--shard N-1/N` process every article exactly once. FNV-1a (64 bit) is fixed here rather
//! than taken from `std::hash`, whose output may change between Rust releases.

use std::fmt;
use std::str::FromStr;

/// FNV-1a, 64 bit.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Shard `index` of `count` (`0 <= index < count`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The whole input.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// True when the article with this key belongs to this shard.
    pub fn contains(&self, key: &str) -> bool {
        self.count <= 1 || fnv1a(key.as_bytes()) % self.count == self.index
    }

    pub fn is_all(&self) -> bool {
        self.count <= 1
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("invalid shard `{s}`: write K/N with 0 <= K < N, e.g. 0/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn shards_partition_keys() {
        let shards: Vec<Shard> = (0..3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        for key in ["香港", "台北", "a/b.wiki", "", "x"] {
            assert_eq!(
                shards.iter().filter(|s| s.contains(key)).count(),
                1,
                "{key}"
            );
        }
        assert!(Shard::ALL.contains("anything"));
    }

    #[test]
    fn parses() {
        assert_eq!("1/2".parse::<Shard>(), Ok(Shard { index: 1, count: 2 }));
        assert!("2/2".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("a/2".parse::<Shard>().is_err());
        assert!("1".parse::<Shard>().is_err());
    }
}
