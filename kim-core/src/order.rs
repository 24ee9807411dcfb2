//! Sorting through one compiled sort routine.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so every call site
//! compiles its own copy of the standard library's sort (a few KiB each; 270 functions and
//! 108 KiB of the WebAssembly module before this module existed). Here the sort runs once, on
//! the indices of the items with the comparison behind a `dyn` reference; the items are then
//! put in that order by swaps. Each call site keeps only a small closure and the swap loop.
//!
//! The sort is stable: items that compare equal keep their order (the results must not depend
//! on the sort algorithm, `docs/rules.md`).

use std::cmp::Ordering;

/// The stable sorting permutation of `n` items: `order[k]` is the index of the item that
/// belongs at position `k`.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one place that calls the standard sort
fn permutation(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// The swaps that put items in `order` (`order[k]` = the item for position `k`), applied
/// left to right.
#[inline(never)]
fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    let n = order.len();
    // at[k]: the item now at position k; pos[i]: the position of item i
    let mut at: Vec<usize> = (0..n).collect();
    let mut pos: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    for (k, &item) in order.iter().enumerate() {
        let (Some(&j), Some(&moved)) = (pos.get(item), at.get(k)) else {
            continue;
        };
        if j == k {
            continue;
        }
        out.push((k, j));
        // the item at k goes to j, `item` comes to k
        if let (Some(a), Some(p)) = (at.get_mut(j), pos.get_mut(moved)) {
            *a = moved;
            *p = j;
        }
        if let (Some(a), Some(p)) = (at.get_mut(k), pos.get_mut(item)) {
            *a = item;
            *p = k;
        }
    }
    out
}

/// Sorts `items` stably with the comparison `cmp` (as `slice::sort_by`).
pub(crate) fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let view: &[T] = items;
        permutation(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    for (a, b) in swaps(&order) {
        items.swap(a, b);
    }
}

/// Sorts `(primary, secondary, index)` triples in ascending order: the fast path for hot sorts
/// whose keys are integers (the distribution's remainders and priorities). The index makes
/// every triple distinct, so the unstable sort gives the one order a stable sort by
/// `(primary, secondary)` would; one compiled copy serves every such call site. For a
/// descending key, pass `!key` (`u128::MAX - key`).
///
/// The WebAssembly module keeps the one shared sort instead (its own copy of the standard
/// unstable sort costs 2.4 KB of the gzipped module; distributions there are form-sized).
#[allow(clippy::disallowed_methods)] // an unstable sort of distinct items is deterministic
pub(crate) fn sort_keyed(items: &mut [(u128, u64, usize)]) {
    #[cfg(not(target_arch = "wasm32"))]
    items.sort_unstable();
    #[cfg(target_arch = "wasm32")]
    sort(items);
}

/// Sorts `items` stably by a key (as `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| {
        let ka = key(a);
        ka.cmp(&key(b))
    });
}

/// Sorts `items` in ascending order (stable; for integers the same as `slice::sort_unstable`).
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut w = vec![5, 4, 3, 2, 1, 0];
        sort(&mut w);
        assert_eq!(w, [0, 1, 2, 3, 4, 5]);
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
    }

    proptest! {
        #[test]
        fn keyed_sort_equals_the_stable_sort_by_key(v in proptest::collection::vec((0u128..4, 0u64..3), 0..200)) {
            let mut keyed: Vec<(u128, u64, usize)> =
                v.iter().enumerate().map(|(i, &(a, b))| (a, b, i)).collect();
            sort_keyed(&mut keyed);
            let mut stable: Vec<usize> = (0..v.len()).collect();
            stable.sort_by_key(|&i| v[i]);
            prop_assert_eq!(keyed.iter().map(|t| t.2).collect::<Vec<_>>(), stable);
        }

        #[test]
        fn equals_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std_sorted = v;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
