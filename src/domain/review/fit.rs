//! The weight suggestion: an L2-regularised logistic regression of churn
//! on the five indicator values (0..1, a missing one taken at the mean of
//! the accounts that had it), turned into health weights: an indicator
//! whose higher values went with less churn gets a weight in proportion to
//! how strongly; one that did not, none.

/// How strongly the coefficients are pulled towards zero.
const LAMBDA: f64 = 1.0;
const ITERATIONS: usize = 25;

/// Indicator values of one account (0..100, `None` for no data) and
/// whether it churned.
pub(crate) type Case = ([Option<f64>; 5], bool);

/// Weights (summing to 1, two decimals) fitted to `cases`; `None` when no
/// indicator went with less churn.
pub(crate) fn suggest(cases: &[&Case]) -> Option<[f64; 5]> {
    let beta = logistic(cases);
    let raw: [f64; 5] = std::array::from_fn(|i| (-beta[i + 1]).max(0.0));
    normalise(raw)
}

/// Scales `raw` to sum to 1 in hundredths, the rounding error on the
/// largest weight.
pub(crate) fn normalise(raw: [f64; 5]) -> Option<[f64; 5]> {
    let total: f64 = raw.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut w: [f64; 5] = std::array::from_fn(|i| (raw[i] / total * 100.0).round());
    let sum: f64 = w.iter().sum();
    let mut top = 0;
    for i in 1..5 {
        if w[i] > w[top] {
            top = i;
        }
    }
    w[top] += 100.0 - sum;
    Some(w.map(|x| x / 100.0))
}

fn means(cases: &[&Case]) -> [f64; 5] {
    std::array::from_fn(|i| {
        let (sum, n) = cases
            .iter()
            .filter_map(|c| c.0[i])
            .fold((0.0, 0.0), |(s, n), v| (s + v / 100.0, n + 1.0));
        if n > 0.0 {
            sum / n
        } else {
            0.5
        }
    })
}

/// The coefficients `[intercept, b1..b5]`, by Newton's method.
fn logistic(cases: &[&Case]) -> [f64; 6] {
    let fill = means(cases);
    let rows: Vec<([f64; 6], f64)> = cases
        .iter()
        .map(|(v, churned)| {
            let mut x = [1.0; 6];
            for i in 0..5 {
                x[i + 1] = v[i].map_or(fill[i], |v| v / 100.0);
            }
            (x, f64::from(u8::from(*churned)))
        })
        .collect();
    let mut beta = [0.0; 6];
    for _ in 0..ITERATIONS {
        let mut grad = [0.0; 6];
        let mut hess = [[0.0; 6]; 6];
        for (x, y) in &rows {
            let z: f64 = (0..6).map(|j| x[j] * beta[j]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let w = (p * (1.0 - p)).max(1e-9);
            for j in 0..6 {
                grad[j] += (p - y) * x[j];
                for k in 0..6 {
                    hess[j][k] += w * x[j] * x[k];
                }
            }
        }
        for j in 1..6 {
            grad[j] += LAMBDA * beta[j];
            hess[j][j] += LAMBDA;
        }
        hess[0][0] += 1e-9;
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0.0_f64;
        for j in 0..6 {
            beta[j] -= step[j];
            moved = moved.max(step[j].abs());
        }
        if moved < 1e-9 {
            break;
        }
    }
    beta
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: [[f64; 6]; 6], mut b: [f64; 6]) -> Option<[f64; 6]> {
    for col in 0..6 {
        let pivot = (col..6).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let top = a[col];
        for row in col + 1..6 {
            let f = a[row][col] / top[col];
            for (x, t) in a[row][col..].iter_mut().zip(&top[col..]) {
                *x -= f * t;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 6];
    for row in (0..6).rev() {
        let s: f64 = (row + 1..6).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indicator_that_tells_churn_apart_gets_the_weight() {
        // Churn follows engagement (index 1); satisfaction (3) is noise.
        let cases: Vec<Case> = (0..200)
            .map(|i| {
                let churned = i % 4 == 0;
                let engagement = if churned { 20.0 } else { 80.0 } + f64::from(i % 7);
                let noise = f64::from((i * 37) % 100);
                ([None, Some(engagement), None, Some(noise), None], churned)
            })
            .collect();
        let refs: Vec<&Case> = cases.iter().collect();
        let w = suggest(&refs).unwrap();
        assert!(w[1] > 0.8, "{w:?}");
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{w:?}");
    }

    #[test]
    fn weights_round_to_hundredths_and_sum_to_one() {
        let w = normalise([1.0, 1.0, 1.0, 0.0, 0.0]).unwrap();
        assert_eq!(w, [0.34, 0.33, 0.33, 0.0, 0.0]);
        assert_eq!(normalise([0.0; 5]), None);
    }

    #[test]
    fn solve_inverts_a_small_system() {
        let mut a = [[0.0; 6]; 6];
        for (i, row) in a.iter_mut().enumerate() {
            row[i] = 2.0;
            row[(i + 1) % 6] = 1.0;
        }
        let x = [1.0, -2.0, 3.0, 0.5, 0.0, 4.0];
        let b: [f64; 6] = std::array::from_fn(|i| (0..6).map(|k| a[i][k] * x[k]).sum());
        let got = solve(a, b).unwrap();
        for i in 0..6 {
            assert!((got[i] - x[i]).abs() < 1e-9, "{got:?}");
        }
    }
}
