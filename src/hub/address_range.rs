//! An address range an organiser token is limited to (issue 17): `192.168.1.0/24`, a single
//! address, or an IPv6 prefix. Hand-written because it is a dozen lines of bit arithmetic and
//! the hub needs only "is this address inside".

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// Addresses sharing the first `prefix` bits with `network`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRange {
    network: IpAddr,
    prefix: u8,
}

/// Why a typed range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an address range is ADDRESS or ADDRESS/BITS, e.g. 192.168.1.0/24")]
pub struct BadRange;

impl AddressRange {
    /// Whether `address` is inside the range. An IPv4 address seen as IPv6 (`::ffff:a.b.c.d`)
    /// counts as the IPv4 address.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[full] & mask) == (b[full] & mask)
}

impl FromStr for AddressRange {
    type Err = BadRange;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, bits)) => (address, Some(bits)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| BadRange)?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(bits) => bits.parse::<u8>().map_err(|_| BadRange)?,
            None => max,
        };
        if prefix > max {
            return Err(BadRange);
        }
        Ok(Self { network, prefix })
    }
}

impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_hold_their_addresses_and_no_others() {
        let lan: AddressRange = "192.168.1.0/24".parse().unwrap();
        assert!(lan.contains("192.168.1.77".parse().unwrap()));
        assert!(lan.contains("::ffff:192.168.1.5".parse().unwrap()));
        assert!(!lan.contains("192.168.2.1".parse().unwrap()));
        assert!(!lan.contains("fe80::1".parse().unwrap()));
        let odd: AddressRange = "10.0.0.0/9".parse().unwrap();
        assert!(odd.contains("10.127.255.255".parse().unwrap()));
        assert!(!odd.contains("10.128.0.0".parse().unwrap()));
        let one: AddressRange = "127.0.0.1".parse().unwrap();
        assert_eq!(one.to_string(), "127.0.0.1/32");
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        let everything: AddressRange = "0.0.0.0/0".parse().unwrap();
        assert!(everything.contains("8.8.8.8".parse().unwrap()));
        for bad in ["", "192.168.1.0/33", "host/24", "1.2.3.4/x"] {
            assert_eq!(bad.parse::<AddressRange>(), Err(BadRange), "{bad}");
        }
    }
}
