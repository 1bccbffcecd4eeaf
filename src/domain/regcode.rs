//! Registration codes, printed on pre-registration slips as the QR `FD1:<event>:<code>`
//! (DESIGN §2.3).
//!
//! A code is five body symbols and one check symbol from a 31-symbol alphabet chosen to survive
//! being read off paper and typed on a touchscreen: no `0`/`O`, no `1`/`I`, and no `Z`, which is
//! easily read as `2` and is not a letter of the Vietnamese alphabet (nor are F, J and W, but
//! those are not confused with a digit). 31 is prime, which is what makes the check below catch
//! every single mistyped symbol and every swap of neighbours, so a typo is refused rather than
//! matched to somebody else's registration.

use super::reject::Reject;

/// The 31 symbols, in value order: digits 2–9, then A–Y without I and O.
pub const ALPHABET: &str = "23456789ABCDEFGHJKLMNPQRSTUVWXY";

/// Symbols in a code: five body symbols and the check symbol.
pub const CODE_LEN: usize = 6;

/// Prefix of a slip QR payload, version 1 of the format.
pub const PAYLOAD_PREFIX: &str = "FD1:";

/// Longest event code accepted in a slip payload; event codes are short identifiers.
const MAX_EVENT_LEN: usize = 64;

/// The size of the alphabet, a prime.
const BASE: u64 = 31;

/// Number of distinct codes: 31^5 bodies.
pub const CODE_SPACE: u64 = BASE * BASE * BASE * BASE * BASE;

/// Multiplier of the scrambling in [`encode`]. Coprime to 31 (so to 31^5), hence n ↦ n·P + K is a
/// bijection of 0..31^5; chosen so that consecutive numbers give codes differing in every body
/// position, and numbers two or three apart in at least four.
const SCRAMBLE_MUL: u64 = 14_051_565;
/// Offset of the scrambling, so that number 0 does not get the code "22222…".
const SCRAMBLE_ADD: u64 = 7_654_321;

/// Modular inverse of the last weight, 6, modulo 31 (6 · 26 = 156 = 5 · 31 + 1).
const INV_LAST_WEIGHT: u64 = 26;

/// Value of one alphabet symbol (uppercase only), or `None`.
fn value(c: char) -> Option<u64> {
    ALPHABET.chars().position(|a| a == c).map(|p| p as u64)
}

/// Symbol of a value; values are always reduced modulo 31 by the callers.
fn symbol(v: u64) -> char {
    ALPHABET.chars().nth((v % BASE) as usize).unwrap_or('2')
}

/// Weighted sum Σ i·v_i (weights 1, 2, …) of the given values, modulo 31.
fn weighted_sum(values: &[u64]) -> u64 {
    values
        .iter()
        .zip(1u64..)
        .fold(0, |acc, (v, w)| (acc + w * v) % BASE)
}

/// The registration code of number `n` (an attendee's sequence number within the event).
///
/// A bijection from `0..31^5` (28,629,151 numbers) onto the valid codes: the number is scrambled
/// as `(n · P + K) mod 31^5` with P coprime to 31, written as five base-31 symbols, and the check
/// symbol appended. The scrambling means consecutive registrations get codes that share nothing
/// (`encode(41)` and `encode(42)` differ in every body symbol), so a code is not guessable from a
/// neighbour's and a misread code does not land on the next person. Numbers from 31^5 on wrap
/// around (`encode(n) == encode(n % 31^5)`); no fair comes near that many registrations.
pub fn encode(n: u64) -> String {
    let mut x = ((n % CODE_SPACE) * SCRAMBLE_MUL + SCRAMBLE_ADD) % CODE_SPACE;
    let mut body = [0u64; CODE_LEN - 1];
    for slot in body.iter_mut().rev() {
        *slot = x % BASE;
        x /= BASE;
    }
    let mut code: String = body.iter().map(|&v| symbol(v)).collect();
    code.push(symbol(check_value(&body)));
    code
}

/// The check value c for body values v_1..v_5, such that Σ i·v_i + 6·c ≡ 0 (mod 31).
fn check_value(body: &[u64]) -> u64 {
    (BASE - weighted_sum(body)) % BASE * INV_LAST_WEIGHT % BASE
}

/// Validates a typed or scanned code and returns its canonical (uppercase) form.
///
/// Surrounding whitespace is trimmed and letters uppercased. Not six symbols of [`ALPHABET`] →
/// [`Reject::RegCodeMalformed`]; a wrong check → [`Reject::RegCodeCheck`].
///
/// The check is Σ i·v_i ≡ 0 (mod 31) with weights i = 1..6. Why it catches the two common typos:
/// - one symbol changed at position i changes the sum by i·(v′ − v); i < 31 and 0 < |v′ − v| < 31,
///   and 31 is prime, so the product is never ≡ 0;
/// - neighbours a, b at positions i, i+1 swapped change the sum by i·b + (i+1)·a − i·a − (i+1)·b
///   = a − b, which is ≢ 0 whenever the swap changed anything (a ≠ b).
pub fn validate(text: &str) -> Result<String, Reject> {
    let text = text.trim();
    // Count before collecting, so a long input costs nothing.
    if text.chars().nth(CODE_LEN).is_some() {
        return Err(Reject::RegCodeMalformed);
    }
    let code: String = text.chars().map(|c| c.to_ascii_uppercase()).collect();
    let values: Option<Vec<u64>> = code.chars().map(value).collect();
    let Some(values) = values else {
        return Err(Reject::RegCodeMalformed);
    };
    if values.len() != CODE_LEN {
        return Err(Reject::RegCodeMalformed);
    }
    if weighted_sum(&values) != 0 {
        return Err(Reject::RegCodeCheck);
    }
    Ok(code)
}

/// The text of the QR printed on a registration slip: `FD1:<event>:<code>`.
pub fn qr_payload(event: &str, code: &str) -> String {
    format!("{PAYLOAD_PREFIX}{event}:{code}")
}

/// Parses a slip QR payload into `(event code, validated registration code)`.
///
/// The `FD1:` prefix is matched in any case (some scanners send everything in one case); the
/// event code is returned as written, for the caller to compare with the current event (and
/// report [`Reject::WrongEvent`]). An event code must be 1–64 printable ASCII characters without
/// `:`; otherwise, or without the prefix, → [`Reject::RegCodeMalformed`]. The code part is
/// checked by [`validate`].
pub fn parse_payload(text: &str) -> Result<(String, String), Reject> {
    let text = text.trim();
    let rest = text
        .get(..PAYLOAD_PREFIX.len())
        .filter(|head| head.eq_ignore_ascii_case(PAYLOAD_PREFIX))
        .and_then(|_| text.get(PAYLOAD_PREFIX.len()..))
        .ok_or(Reject::RegCodeMalformed)?;
    let (event, code) = rest.split_once(':').ok_or(Reject::RegCodeMalformed)?;
    let event_ok = !event.is_empty()
        && event.len() <= MAX_EVENT_LEN
        && event.chars().all(|c| c.is_ascii_graphic());
    if !event_ok {
        return Err(Reject::RegCodeMalformed);
    }
    let code = validate(code)?;
    Ok((event.to_string(), code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_alphabet_has_31_unambiguous_symbols() {
        assert_eq!(ALPHABET.chars().count(), 31);
        assert_eq!(ALPHABET.chars().collect::<HashSet<_>>().len(), 31);
        for confusable in ['0', '1', 'O', 'I', 'Z'] {
            assert!(!ALPHABET.contains(confusable), "{confusable}");
        }
    }

    #[test]
    fn every_encoded_code_validates_to_itself() {
        for n in (0..CODE_SPACE).step_by(9_973).chain(0..2_000) {
            let code = encode(n);
            assert_eq!(code.len(), CODE_LEN);
            assert_eq!(validate(&code), Ok(code.clone()), "n = {n}");
        }
    }

    #[test]
    fn encode_is_a_bijection_on_a_sample_and_wraps_after_31_to_the_5th() {
        let codes: HashSet<String> = (0..100_000).map(encode).collect();
        assert_eq!(codes.len(), 100_000);
        assert_eq!(encode(CODE_SPACE), encode(0));
        assert_eq!(encode(CODE_SPACE + 77), encode(77));
        assert_eq!(encode(u64::MAX), encode(u64::MAX % CODE_SPACE));
    }

    #[test]
    fn consecutive_registrations_get_unrelated_codes() {
        for n in 0..20_000u64 {
            let a: Vec<char> = encode(n).chars().collect();
            let b: Vec<char> = encode(n + 1).chars().collect();
            let same = a
                .iter()
                .zip(&b)
                .take(CODE_LEN - 1)
                .filter(|(x, y)| x == y)
                .count();
            assert_eq!(same, 0, "{n}");
        }
    }

    #[test]
    fn a_code_is_read_in_any_case_with_spaces_around() {
        let code = encode(123);
        assert_eq!(
            validate(&format!("  {}\r\n", code.to_lowercase())),
            Ok(code)
        );
    }

    #[test]
    fn every_single_symbol_typo_is_caught() {
        let symbols: Vec<char> = ALPHABET.chars().collect();
        for n in 0..2_000 {
            let code: Vec<char> = encode(n * 14_303).chars().collect();
            for pos in 0..CODE_LEN {
                for &s in &symbols {
                    if s == code[pos] {
                        continue;
                    }
                    let mut typo = code.clone();
                    typo[pos] = s;
                    let typo: String = typo.into_iter().collect();
                    assert_eq!(validate(&typo), Err(Reject::RegCodeCheck), "{typo}");
                }
            }
        }
    }

    #[test]
    fn every_swap_of_neighbours_is_caught() {
        for n in 0..2_000 {
            let code: Vec<char> = encode(n * 14_303).chars().collect();
            for pos in 0..CODE_LEN - 1 {
                if code[pos] == code[pos + 1] {
                    continue;
                }
                let mut swapped = code.clone();
                swapped.swap(pos, pos + 1);
                let swapped: String = swapped.into_iter().collect();
                assert_eq!(validate(&swapped), Err(Reject::RegCodeCheck), "{swapped}");
            }
        }
    }

    #[test]
    fn codes_of_wrong_length_or_symbols_are_malformed() {
        let code = encode(5);
        for text in [
            String::new(),
            code[..5].to_string(),
            format!("{code}2"),
            code.replacen(|c: char| c.is_ascii(), "0", 1),
            code.replacen(|c: char| c.is_ascii(), "O", 1),
            code.replacen(|c: char| c.is_ascii(), "Z", 1),
            code.replacen(|c: char| c.is_ascii(), "Đ", 1),
            "ABC DE".to_string(),
            "X".repeat(10_000),
        ] {
            assert_eq!(validate(&text), Err(Reject::RegCodeMalformed), "{text:?}");
        }
    }

    #[test]
    fn a_slip_payload_round_trips() {
        let code = encode(2_025);
        let payload = qr_payload("PL2025", &code);
        assert_eq!(payload, format!("FD1:PL2025:{code}"));
        assert_eq!(
            parse_payload(&payload),
            Ok(("PL2025".to_string(), code.clone()))
        );
        let lower = format!("fd1:PL2025:{}\r\n", code.to_lowercase());
        assert_eq!(parse_payload(&lower), Ok(("PL2025".to_string(), code)));
    }

    #[test]
    fn bad_slip_payloads_are_rejected() {
        let code = encode(9);
        for text in [
            format!("FD2:PL2025:{code}"),
            format!("FD1::{code}"),
            format!("FD1:PL2025{code}"),
            format!("FD1:PL 2025:{code}"),
            format!("FD1:PL2025:{code}:extra"),
            format!("FD1:{}:{code}", "E".repeat(65)),
            "FD1:".to_string(),
            "FD".to_string(),
            "FĐ1:PL2025:ABCDEF".to_string(),
        ] {
            assert_eq!(
                parse_payload(&text),
                Err(Reject::RegCodeMalformed),
                "{text:?}"
            );
        }
        let mut chars: Vec<char> = code.chars().collect();
        chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(
            parse_payload(&format!("FD1:PL2025:{typo}")),
            Err(Reject::RegCodeCheck)
        );
    }
}
