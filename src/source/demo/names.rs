//! Word lists for plausible names, and the naming of accounts: every
//! (prefix, suffix) pair is used once before any name repeats, and a repeat
//! gets a number appended, so names are unique at any size.

use super::rng::mix;

#[rustfmt::skip]
const PREFIXES: [&str; 48] = [
    "Northwind", "Bluefin", "Granite", "Cedar", "Harbor", "Summit", "Ironwood", "Silverline",
    "Redwood", "Lakeshore", "Brightpath", "Kestrel", "Oakridge", "Meridian", "Pinecrest",
    "Stonebridge", "Clearwater", "Falcon", "Aurora", "Beacon", "Copperleaf", "Driftwood",
    "Evergreen", "Foxglove", "Goldcrest", "Highland", "Juniper", "Keystone", "Larkspur", "Maple",
    "Nimbus", "Orchard", "Prairie", "Quarry", "Riverbend", "Sagebrush", "Tidewater", "Vantage",
    "Willow", "Zephyr", "Alder", "Birchwood", "Fairhaven", "Hawthorn", "Lodestar", "Osprey",
    "Marlow", "Bramble",
];

#[rustfmt::skip]
const SUFFIXES: [&str; 40] = [
    "Logistics", "Health", "Analytics", "Foods", "Energy", "Robotics", "Insurance", "Media",
    "Labs", "Systems", "Freight", "Capital", "Retail", "Pharma", "Builders", "Telecom", "Software",
    "Dynamics", "Partners", "Manufacturing", "Outfitters", "Biotech", "Networks", "Aerospace",
    "Hospitality", "Mining", "Textiles", "Consulting", "Learning", "Security", "Marine", "Farms",
    "Motors", "Clinics", "Studios", "Financial", "Water", "Solar", "Devices", "Holdings",
];

/// How many distinct company names there are before numbers are appended.
pub(crate) const COMBINATIONS: usize = PREFIXES.len() * SUFFIXES.len();

#[rustfmt::skip]
const FIRST: [&str; 40] = [
    "Ana", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Liam", "Mei", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tessa", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Carmen", "Dev", "Emma", "Felix",
    "Hannah", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nadia", "Oscar",
];

#[rustfmt::skip]
const LAST: [&str; 40] = [
    "Alvarez", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Patel", "Quinlan", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zimmer", "Andersson",
    "Bianchi", "Costa", "Dimitrov", "Evans", "Ferreira", "Gupta", "Hughes", "Ivanova", "Kim",
    "Lindqvist", "Mensah", "Nakamura", "Osei",
];

/// The customer success managers who own the demo accounts.
#[rustfmt::skip]
pub(crate) const OWNERS: [&str; 8] = [
    "Maya Chen", "Tom Okafor", "Sofia Rossi", "Daniel Kim", "Amara Singh", "Lucas Meyer",
    "Grace Liu", "Omar Haddad",
];

#[rustfmt::skip]
pub(crate) const FEATURES: [&str; 10] = [
    "Dashboards", "Workflow automation", "Single sign-on", "API access", "Scheduled reports",
    "Mobile app", "Forecasting", "Custom fields", "Audit log", "Slack integration",
];

#[rustfmt::skip]
pub(crate) const TICKETS: [&str; 8] = [
    "Login issue after SSO change", "Report export times out", "Question about billing",
    "Sync errors with CRM", "Slow dashboard loading", "Permission settings unclear",
    "API rate limit reached", "Data import failed",
];

#[rustfmt::skip]
pub(crate) const CHECK_IN_NOTES: [&str; 6] = [
    "Quarterly check-in, all good", "Walked through the new dashboards",
    "Discussed expansion to a second team", "Sponsor happy with progress",
    "Agreed next steps for the rollout", "Reviewed open questions",
];

/// The (prefix, suffix) pair of account `index`. The first COMBINATIONS
/// indices visit every pair once, in a seed-dependent order: an affine
/// bijection with a step near the golden ratio of the range, then a shear
/// so that neighbours share neither prefix nor suffix.
fn pair(seed: u64, index: usize) -> (usize, usize) {
    let n = COMBINATIONS as u64;
    let mut step = n * 618 / 1000 + mix(seed ^ 0xA11CE) % 64;
    while gcd(step, n) != 1 {
        step += 1;
    }
    let offset = mix(seed ^ 0xB0B) % n;
    let p = ((index as u64 % n) * step + offset) % n;
    let (prefix, row) = (p % PREFIXES.len() as u64, p / PREFIXES.len() as u64);
    let suffix = (row + prefix * 7) % SUFFIXES.len() as u64;
    (prefix as usize, suffix as usize)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The company name of account `index`, e.g. "Northwind Logistics" or,
/// once every pair is used, "Northwind Logistics 2".
pub(crate) fn company(seed: u64, index: usize) -> String {
    let (p, s) = pair(seed, index);
    match index / COMBINATIONS {
        0 => join(&[PREFIXES[p], " ", SUFFIXES[s]]),
        round => join(&[PREFIXES[p], " ", SUFFIXES[s], " ", &(round + 1).to_string()]),
    }
}

/// The parts concatenated into a string of exactly their length:
/// `format!` over-allocates, and a million accounts keep their strings for
/// the whole session.
pub(crate) fn join(parts: &[&str]) -> String {
    parts.concat()
}

/// The mail domain of the company of account `index`.
pub(crate) fn domain(seed: u64, index: usize) -> String {
    let (p, s) = pair(seed, index);
    lower(join(&[PREFIXES[p], SUFFIXES[s], ".example"]))
}

/// `text` in lower case, in place when it is ASCII.
fn lower(mut text: String) -> String {
    if text.is_ascii() {
        text.make_ascii_lowercase();
        text
    } else {
        text.to_lowercase()
    }
}

/// A person: (display name, local part of the email address).
pub(crate) fn person(first: usize, last: usize) -> (String, String) {
    let (f, l) = (FIRST[first % FIRST.len()], LAST[last % LAST.len()]);
    (join(&[f, " ", l]), lower(join(&[f, ".", l])))
}

pub(crate) const PEOPLE: usize = FIRST.len();

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_across_rounds() {
        let names: HashSet<String> = (0..COMBINATIONS * 2 + 10).map(|i| company(42, i)).collect();
        assert_eq!(names.len(), COMBINATIONS * 2 + 10);
        assert!(!company(42, 5).chars().any(|c| c.is_ascii_digit()));
        assert!(company(42, COMBINATIONS + 5).ends_with(" 2"));
    }
}
