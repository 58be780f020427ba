//! The pseudo-random numbers of the generator, written out so that generated
//! data never changes with a dependency.

/// The `SplitMix64` pseudo-random generator (Steele, Lea and Flood, "Fast
/// splittable pseudorandom number generators", OOPSLA 2014), written out here
/// so that generated data never changes with a dependency. It passes
/// `BigCrush`; it is not for cryptography.
///
/// ```
/// use eduaid::SplitMix64;
/// let mut rng = SplitMix64::new(1_234_567);
/// assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
/// assert!(rng.below(10) < 10);
/// ```
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    pub(super) state: u64,
}

impl SplitMix64 {
    /// A generator from a seed.
    #[must_use]
    pub const fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` by multiply-shift (Lemire); 0 when `n` is 0. The
    /// bias, under `n / 2^64`, does not matter for synthetic data.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index into a collection of `len` items (`len` > 0).
    pub(super) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A number in `lo..=hi` (`lo <= hi`).
    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below_i64(hi - lo + 1)
    }

    /// A number in `0..n` as an `i64` (`n` > 0).
    pub(super) fn below_i64(&mut self, n: i64) -> i64 {
        i64::try_from(self.below(n.unsigned_abs())).unwrap_or(0)
    }

    /// True with probability `p` per thousand.
    pub(super) fn per_mille(&mut self, p: u32) -> bool {
        self.below(1000) < u64::from(p)
    }
}

/// A weighted choice among indices.
#[derive(Clone, Debug)]
pub(super) struct Weighted {
    pub(super) cumulative: Vec<u64>,
}

impl Weighted {
    pub(super) fn new(weights: impl IntoIterator<Item = u64>) -> Weighted {
        let mut sum = 0;
        Weighted {
            cumulative: weights
                .into_iter()
                .map(|w| {
                    sum += w;
                    sum
                })
                .collect(),
        }
    }
    pub(super) fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }
    pub(super) fn probability(&self, i: usize) -> (u64, u64) {
        let before = if i == 0 { 0 } else { self.cumulative[i - 1] };
        (self.cumulative[i] - before, self.total())
    }
    pub(super) fn sample(&self, rng: &mut SplitMix64) -> usize {
        let x = rng.below(self.total());
        self.cumulative.partition_point(|&c| c <= x)
    }
}
