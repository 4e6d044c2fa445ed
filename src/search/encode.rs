//! Bytes of the binary shards: unsigned LEB128 varints and length-prefixed UTF-8 strings.
//! [`Reader`] is the exact inverse of [`Writer`]; the tests and the benchmark decode with it.

/// Appends varints and strings to a byte buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// An unsigned LEB128 varint: 7 bits a byte, low bits first, high bit set on all but the last.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// A string: its UTF-8 length as a varint, then the bytes.
    pub fn string(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    pub fn raw(&mut self, b: &[u8]) {
        self.bytes.extend_from_slice(b);
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// How many bytes `v` takes as a varint.
pub fn varint_len(v: u64) -> usize {
    let bits = 64 - v.max(1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Reads what [`Writer`] wrote; every method returns `None` past the end or on bad data.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if shift > 63 {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    pub fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.varint()?).ok()?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).ok()
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

/// FNV-1a, 64 bits: names content-hashed files (12 hex digits).
pub fn hash_name(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varints_are_leb128() {
        let mut w = Writer::new();
        w.varint(0);
        w.varint(127);
        w.varint(128);
        w.varint(300);
        assert_eq!(w.bytes, [0, 127, 0x80, 1, 0xac, 2]);
        assert_eq!(varint_len(0), 1);
        assert_eq!(varint_len(127), 1);
        assert_eq!(varint_len(128), 2);
    }

    #[test]
    fn reader_rejects_truncated_data() {
        let mut r = Reader::new(&[0x80]);
        assert_eq!(r.varint(), None);
        let mut r = Reader::new(&[5, b'a']);
        assert_eq!(r.string(), None);
    }

    proptest! {
        #[test]
        fn writer_and_reader_round_trip(values in proptest::collection::vec(any::<u64>(), 0..50), s in "\\PC{0,40}") {
            let mut w = Writer::new();
            for v in &values {
                w.varint(*v);
                prop_assert_eq!(varint_len(*v), {
                    let mut x = Writer::new();
                    x.varint(*v);
                    x.len()
                });
            }
            w.string(&s);
            let mut r = Reader::new(&w.bytes);
            for v in &values {
                prop_assert_eq!(r.varint(), Some(*v));
            }
            prop_assert_eq!(r.string(), Some(s));
            prop_assert!(r.at_end());
        }
    }
}
