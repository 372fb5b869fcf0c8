//! The statistics of the review: Fisher's exact test on a 2x2 table, the
//! ROC AUC of a score (ties counted half) and the lift of a signal.

/// `ln(k!)` for every `k` up to a bound, so many tests on tables of the
/// same accounts share one table. Hand-written on purpose: the review
/// runs thousands of tests over the same accounts, and one table built
/// once makes each a few lookups and sums, exact for any count, with no
/// statistics crate to carry.
#[derive(Debug, Clone)]
pub(crate) struct LogFactorials {
    table: Vec<f64>,
}

impl LogFactorials {
    /// `ln(k!)` for `k` in `0..=n`.
    pub(crate) fn new(n: usize) -> LogFactorials {
        let mut table = Vec::with_capacity(n + 1);
        let mut acc = 0.0;
        table.push(0.0);
        for k in 1..=n {
            acc += (k as f64).ln();
            table.push(acc);
        }
        LogFactorials { table }
    }

    fn get(&self, k: u64) -> f64 {
        self.table[k as usize]
    }

    /// Tables up to this many accounts can be tested.
    pub(crate) fn capacity(&self) -> u64 {
        self.table.len() as u64 - 1
    }
}

/// A 2x2 table: `[[a, b], [c, d]]`, rows "with the signal" / "without",
/// columns "churned" / "renewed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Table {
    pub(crate) a: u64,
    pub(crate) b: u64,
    pub(crate) c: u64,
    pub(crate) d: u64,
}

/// The two-sided p-value of Fisher's exact test: the probability, with the
/// margins fixed, of a table at most as likely as the one observed. Tables
/// whose probability is within a relative 1e-7 of the observed one count
/// as equally likely, so rounding does not drop a mirror table.
///
/// Panics if the table holds more accounts than `lf` was built for.
pub(crate) fn fisher_two_sided(t: Table, lf: &LogFactorials) -> f64 {
    let (r1, r2) = (t.a + t.b, t.c + t.d);
    let c1 = t.a + t.c;
    let n = r1 + r2;
    assert!(
        n <= lf.capacity(),
        "table of {n} accounts, room for {}",
        lf.capacity()
    );
    if n == 0 {
        return 1.0;
    }
    let c2 = n - c1;
    let fixed = lf.get(r1) + lf.get(r2) + lf.get(c1) + lf.get(c2) - lf.get(n);
    let log_p = |x: u64| fixed - lf.get(x) - lf.get(r1 - x) - lf.get(c1 - x) - lf.get(r2 + x - c1);
    let lo = c1.saturating_sub(r2);
    let hi = r1.min(c1);
    let observed = log_p(t.a);
    let cutoff = observed + 1e-7;
    let mut p = 0.0;
    for x in lo..=hi {
        let l = log_p(x);
        if l <= cutoff {
            p += l.exp();
        }
    }
    p.min(1.0)
}

/// The area under the ROC curve of `scores` for telling `positive` cases
/// from the rest: the chance that a random positive scores higher than a
/// random negative, a tie counting half (Mann-Whitney with midranks).
/// `None` without at least one case of each kind.
pub(crate) fn auc(cases: &mut [(f64, bool)]) -> Option<f64> {
    let pos = cases.iter().filter(|c| c.1).count();
    let neg = cases.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    cases.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < cases.len() {
        let mut j = i;
        while j < cases.len() && cases[j].0 == cases[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j share their mean.
        let mid = (i + 1 + j) as f64 / 2.0;
        let here = cases[i..j].iter().filter(|c| c.1).count();
        rank_sum += mid * here as f64;
        i = j;
    }
    let (p, n) = (pos as f64, neg as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Churned share of `accounts`; `None` for no accounts.
pub(crate) fn rate(churned: u64, accounts: u64) -> Option<f64> {
    (accounts > 0).then(|| churned as f64 / accounts as f64)
}

/// How many times likelier churn is with the signal than without it.
/// `None` when either side has no accounts, or no one churned without the
/// signal (the ratio has no finite value).
pub(crate) fn lift(t: Table) -> Option<f64> {
    let with = rate(t.a, t.a + t.b)?;
    let without = rate(t.c, t.c + t.d).filter(|r| *r > 0.0)?;
    Some(with / without)
}

/// The lift with half an account added to every cell, so it is finite on
/// every table: what the ranking compares when the plain lift has none.
pub(crate) fn smoothed_log_lift(t: Table) -> f64 {
    let f = |x: u64| x as f64 + 0.5;
    let with = f(t.a) / (f(t.a) + f(t.b));
    let without = f(t.c) / (f(t.c) + f(t.d));
    (with / without).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(a: u64, b: u64, c: u64, d: u64) -> Table {
        Table { a, b, c, d }
    }

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want}");
    }

    // Expected p-values summed exactly, in rationals, outside this code
    // (Python's fractions and math.comb); the AUC's by counting pairs.
    #[test]
    fn fisher_matches_hand_computed_tables() {
        let lf = LogFactorials::new(1_000);
        close(
            fisher_two_sided(t(1, 9, 11, 3), &lf),
            0.002_759_456_185,
            1e-9,
        );
        close(
            fisher_two_sided(t(3, 1, 1, 3), &lf),
            0.485_714_285_714,
            1e-9,
        );
        close(
            fisher_two_sided(t(0, 5, 5, 0), &lf),
            0.007_936_507_937,
            1e-9,
        );
        close(fisher_two_sided(t(2, 2, 2, 2), &lf), 1.0, 1e-12);
        close(
            fisher_two_sided(t(10, 20, 30, 40), &lf),
            0.504_475_769_852,
            1e-9,
        );
        close(fisher_two_sided(t(0, 0, 0, 0), &lf), 1.0, 0.0);
        close(fisher_two_sided(t(0, 10, 0, 10), &lf), 1.0, 1e-12);
    }

    #[test]
    fn fisher_is_symmetric_in_rows_and_columns() {
        let lf = LogFactorials::new(200);
        let p = fisher_two_sided(t(7, 12, 30, 8), &lf);
        close(fisher_two_sided(t(30, 8, 7, 12), &lf), p, 1e-12);
        close(fisher_two_sided(t(7, 30, 12, 8), &lf), p, 1e-12);
    }

    #[test]
    fn auc_counts_ties_half() {
        // Positives 0.8, 0.4, 0.4; negatives 0.4, 0.2, 0.1: of 9 pairs the
        // positive wins 7 and ties 2 -> (7 + 1) / 9.
        let mut cases = [
            (0.8, true),
            (0.4, true),
            (0.4, true),
            (0.4, false),
            (0.2, false),
            (0.1, false),
        ];
        close(auc(&mut cases).unwrap(), 8.0 / 9.0, 1e-12);
        let mut all_tied = [(1.0, true), (1.0, false), (1.0, false)];
        close(auc(&mut all_tied).unwrap(), 0.5, 1e-12);
        let mut reversed = [(0.1, true), (0.9, false)];
        close(auc(&mut reversed).unwrap(), 0.0, 1e-12);
        assert_eq!(auc(&mut [(1.0, true)]), None);
        assert_eq!(auc(&mut []), None);
    }

    #[test]
    fn lift_with_zero_counts() {
        // 4 of 10 churned with the signal, 1 of 20 without: 0.4 / 0.05.
        close(lift(t(4, 6, 1, 19)).unwrap(), 8.0, 1e-12);
        // No churn with the signal: lift 0, not undefined.
        assert_eq!(lift(t(0, 10, 3, 7)), Some(0.0));
        // No churn without it: no finite lift; no one with it: none at all.
        assert_eq!(lift(t(3, 7, 0, 10)), None);
        assert_eq!(lift(t(0, 0, 3, 7)), None);
        assert!(smoothed_log_lift(t(3, 7, 0, 10)) > 1.5);
        assert!(smoothed_log_lift(t(0, 10, 3, 7)) < -1.5);
        close(smoothed_log_lift(t(2, 2, 2, 2)), 0.0, 1e-12);
    }
}
