//! The 4-ary min-heap operations the agents' free times ([`super::agents`]) and the event
//! calendar ([`super::calendar`]) share, over any small `Copy + Ord` key (`u64` times, `u128`
//! time-and-code keys).
//!
//! Four children halve the depth of a binary heap and a family shares a cache line. Replacing
//! the top is done the way Floyd's heapsort does it: walk the hole down to a leaf along the
//! smallest children (chosen without a branch), then sift the new key up the few levels it needs.

/// Children per node.
const ARITY: usize = 4;

/// Puts `new` in place of the top of the heap `keys` (not empty).
#[inline(always)]
pub(super) fn fill_from_top<K: Copy + Ord>(keys: &mut [K], new: K) {
    let n = keys.len();
    let mut hole = 0;
    loop {
        let c = ARITY * hole + 1;
        if c + ARITY <= n {
            // The smallest of four children, chosen without a branch.
            let (a, b, x, y) = (keys[c], keys[c + 1], keys[c + 2], keys[c + 3]);
            let (i, m) = if b < a { (c + 1, b) } else { (c, a) };
            let (j, p) = if y < x { (c + 3, y) } else { (c + 2, x) };
            let (k, q) = if p < m { (j, p) } else { (i, m) };
            keys[hole] = q;
            hole = k;
        } else {
            if c < n {
                // The last, partial family: its children are past the end.
                let k = (c..n).min_by_key(|&i| keys[i]).unwrap_or(c);
                keys[hole] = keys[k];
                hole = k;
            }
            break;
        }
    }
    sift_up(keys, hole, new);
}

/// Moves `new`, placed at `hole`, up to where its parent is no larger.
#[inline]
pub(super) fn sift_up<K: Copy + Ord>(keys: &mut [K], mut hole: usize, new: K) {
    while hole > 0 {
        let parent = (hole - 1) / ARITY;
        if keys[parent] <= new {
            break;
        }
        keys[hole] = keys[parent];
        hole = parent;
    }
    keys[hole] = new;
}
