//! Stripe-shaped object ids (`evt_…`, `cus_…`) from a small seeded generator, so the
//! browser can make fresh ids and tests can make the same ids twice.

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// xorshift64*: fast, tiny, good enough for unique-looking test ids (not for secrets).
#[derive(Clone, Debug)]
pub struct IdGen(u64);

impl IdGen {
    /// A generator seeded with `seed`; the same seed gives the same ids.
    pub fn new(seed: u64) -> IdGen {
        // Zero is xorshift's fixed point.
        IdGen(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `prefix_` followed by 24 base62 characters, like Stripe's ids.
    pub fn id(&mut self, prefix: &str) -> String {
        let mut out = String::with_capacity(prefix.len() + 25);
        out.push_str(prefix);
        out.push('_');
        for _ in 0..24 {
            let n = (self.next_u64() >> 32) as usize % ALPHABET.len();
            out.push(ALPHABET[n] as char);
        }
        out
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_prefixed_unique_and_repeatable() {
        let mut gen = IdGen::new(42);
        let ids: HashSet<String> = (0..1000).map(|_| gen.id("evt")).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids
            .iter()
            .all(|id| id.len() == 28 && id.starts_with("evt_")));
        assert_eq!(IdGen::new(7).id("cus"), IdGen::new(7).id("cus"));
        assert_ne!(IdGen::new(7).id("cus"), IdGen::new(8).id("cus"));
    }
}
