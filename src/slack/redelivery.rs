//! Recognises an envelope Slack sends again: Socket Mode redelivers one
//! whose acknowledgement it did not see (the connection closed first), and
//! HTTP mode retries a request it thinks failed. Each carries the same
//! `trigger_id` as the first delivery, which prepbot is already handling,
//! so a second handling would only show the member a second reply or draw
//! a second card.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// How many recent trigger ids are remembered. Slack redelivers within
/// minutes; this covers far more interactions than one process sees in
/// that time, in a few hundred kilobytes.
pub const REMEMBERED: usize = 10_000;

/// The trigger ids seen most recently, oldest forgotten first.
#[derive(Debug, Default)]
pub struct Redeliveries {
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl Redeliveries {
    /// True the first time `trigger_id` arrives, false when it is a
    /// redelivery of one already taken. An envelope without a trigger id
    /// is always taken.
    pub fn first_delivery(&self, trigger_id: Option<&str>) -> bool {
        let Some(trigger_id) = trigger_id.filter(|id| !id.is_empty()) else {
            return true;
        };
        // A poisoned lock only means another handler panicked mid-insert;
        // the set is still a valid set.
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !seen.ids.insert(trigger_id.to_owned()) {
            return false;
        }
        seen.order.push_back(trigger_id.to_owned());
        if seen.order.len() > REMEMBERED
            && let Some(oldest) = seen.order.pop_front()
        {
            seen.ids.remove(&oldest);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_delivery_of_a_trigger_is_recognised() {
        let redeliveries = Redeliveries::default();
        assert!(redeliveries.first_delivery(Some("1.trigger")));
        assert!(!redeliveries.first_delivery(Some("1.trigger")));
        assert!(redeliveries.first_delivery(Some("2.trigger")));
    }

    #[test]
    fn an_envelope_without_a_trigger_is_always_taken() {
        let redeliveries = Redeliveries::default();
        assert!(redeliveries.first_delivery(None));
        assert!(redeliveries.first_delivery(None));
        assert!(redeliveries.first_delivery(Some("")));
        assert!(redeliveries.first_delivery(Some("")));
    }

    #[test]
    fn the_oldest_trigger_is_forgotten_once_the_memory_is_full() {
        let redeliveries = Redeliveries::default();
        for n in 0..=REMEMBERED {
            assert!(redeliveries.first_delivery(Some(&format!("{n}.trigger"))));
        }
        assert!(redeliveries.first_delivery(Some("0.trigger")));
        assert!(!redeliveries.first_delivery(Some(&format!("{REMEMBERED}.trigger"))));
    }
}
