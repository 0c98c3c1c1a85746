//! A channel's deck of daily questions: a shuffled order that is used up
//! before any question repeats, then shuffled again.
//!
//! The bank may change under a live deck: a question no longer eligible is
//! passed over when its turn comes, and a newly eligible one joins the
//! current round at a random place among the questions still to come.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::SliceRandom;

use super::QuestionId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    pub order: Vec<QuestionId>,
    /// The position of the next question to draw.
    pub next: usize,
    /// How many times the deck has been shuffled, starting at 1.
    pub round: u32,
}

impl Deck {
    /// A fresh deck of `eligible` in random order.
    pub fn shuffled(eligible: &[QuestionId], round: u32, rng: &mut impl Rng) -> Self {
        let mut order = eligible.to_vec();
        order.shuffle(rng);
        Self {
            order,
            next: 0,
            round,
        }
    }

    /// How many eligible questions are left before the deck repeats.
    pub fn left(&self, eligible: &[QuestionId]) -> usize {
        let eligible: HashSet<&QuestionId> = eligible.iter().collect();
        let known: HashSet<&QuestionId> = self.order.iter().collect();
        let ahead = self.order[self.next.min(self.order.len())..]
            .iter()
            .filter(|id| eligible.contains(id))
            .count();
        ahead + eligible.iter().filter(|id| !known.contains(*id)).count()
    }

    /// Draws the next question, or `None` when nothing is eligible.
    pub fn draw(
        mut self,
        eligible: &[QuestionId],
        rng: &mut impl Rng,
    ) -> Option<(QuestionId, Deck)> {
        if eligible.is_empty() {
            return None;
        }
        self = self.joined(eligible, rng);
        let wanted: HashSet<&QuestionId> = eligible.iter().collect();
        while self.next < self.order.len() && !wanted.contains(&self.order[self.next]) {
            self.next += 1;
        }
        if self.next >= self.order.len() {
            let last = self.order.last().cloned();
            self = Deck::shuffled(eligible, self.round + 1, rng);
            // A new round does not open with the question that closed the
            // last one.
            if self.order.len() > 1 && self.order.first() == last.as_ref() {
                let other = rng.gen_range(1..self.order.len());
                self.order.swap(0, other);
            }
        }
        let drawn = self.order[self.next].clone();
        self.next += 1;
        Some((drawn, self))
    }
}

impl Deck {
    /// The deck with every newly eligible question placed at random among
    /// the questions still to come in this round.
    pub fn joined(mut self, eligible: &[QuestionId], rng: &mut impl Rng) -> Deck {
        let known: HashSet<QuestionId> = self.order.iter().cloned().collect();
        for id in eligible.iter().filter(|id| !known.contains(*id)) {
            let at = rng.gen_range(self.next.min(self.order.len())..=self.order.len());
            self.order.insert(at, id.clone());
        }
        self
    }

    /// Puts `id` next in line and says whether it was already drawn in
    /// this round.
    ///
    /// The question moves rather than being copied: one still to come this
    /// round comes now instead of later, so it never comes twice in the
    /// round. One already drawn this round is drawn once more (the admin
    /// asked for a repeat), and the deck will not draw it again in the
    /// round. The latest question queued comes first.
    pub fn queue(mut self, id: &QuestionId) -> (Deck, bool) {
        let mut drawn_this_round = false;
        if let Some(at) = self.order.iter().position(|known| known == id) {
            self.order.remove(at);
            if at < self.next {
                drawn_this_round = true;
                self.next -= 1;
            }
        }
        let next = self.next.min(self.order.len());
        self.order.insert(next, id.clone());
        self.next = next;
        (self, drawn_this_round)
    }

    /// The questions the next `count` draws give as the deck stands, passing
    /// over those no longer `eligible`; `None` from where the round runs
    /// out and a new shuffle decides.
    pub fn upcoming(&self, eligible: &[QuestionId], count: usize) -> Vec<Option<QuestionId>> {
        let wanted: HashSet<&QuestionId> = eligible.iter().collect();
        let ahead = self.order[self.next.min(self.order.len())..]
            .iter()
            .filter(|id| wanted.contains(id))
            .cloned()
            .map(Some);
        ahead.chain(std::iter::repeat(None)).take(count).collect()
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn ids(range: std::ops::RangeInclusive<u32>) -> Vec<QuestionId> {
        range
            .map(|n| QuestionId::parse(&format!("genai-{n:03}")).unwrap())
            .collect()
    }

    fn draw_many(
        mut deck: Deck,
        eligible: &[QuestionId],
        count: usize,
        rng: &mut ChaCha8Rng,
    ) -> (Vec<QuestionId>, Deck) {
        let mut drawn = Vec::new();
        for _ in 0..count {
            let (id, next) = deck.draw(eligible, rng).unwrap();
            drawn.push(id);
            deck = next;
        }
        (drawn, deck)
    }

    #[test]
    fn every_question_comes_once_before_any_repeats() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let eligible = ids(1..=10);
        let deck = Deck::shuffled(&eligible, 1, &mut rng);
        let (first_round, deck) = draw_many(deck, &eligible, 10, &mut rng);
        let unique: HashSet<_> = first_round.iter().collect();
        assert_eq!(unique.len(), 10);
        let (second_round, deck) = draw_many(deck, &eligible, 10, &mut rng);
        assert_eq!(second_round.iter().collect::<HashSet<_>>().len(), 10);
        assert_eq!(deck.round, 2);
        assert_ne!(
            first_round.last(),
            second_round.first(),
            "no back-to-back repeat across rounds"
        );
    }

    #[test]
    fn a_question_removed_from_the_bank_is_passed_over() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let all = ids(1..=6);
        let deck = Deck::shuffled(&all, 1, &mut rng);
        let removed = deck.order[1].clone();
        let remaining: Vec<QuestionId> = all.iter().filter(|id| **id != removed).cloned().collect();
        let (drawn, deck) = draw_many(deck, &remaining, 5, &mut rng);
        assert!(!drawn.contains(&removed));
        assert_eq!(drawn.iter().collect::<HashSet<_>>().len(), 5);
        assert_eq!(
            deck.round, 1,
            "the round ends when the remaining five are used"
        );
    }

    #[test]
    fn a_question_added_to_the_bank_joins_the_current_round() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let before = ids(1..=5);
        let deck = Deck::shuffled(&before, 1, &mut rng);
        let (first_two, deck) = draw_many(deck, &before, 2, &mut rng);
        let after = ids(1..=7);
        assert_eq!(deck.left(&after), 5);
        let (rest, deck) = draw_many(deck, &after, 5, &mut rng);
        let seen: HashSet<_> = first_two.iter().chain(rest.iter()).collect();
        assert_eq!(seen.len(), 7, "all seven once before a repeat");
        assert_eq!(deck.round, 1);
    }

    #[test]
    fn nothing_eligible_draws_nothing() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        assert_eq!(Deck::shuffled(&[], 1, &mut rng).draw(&[], &mut rng), None);
    }

    #[test]
    fn a_queued_question_still_to_come_comes_next_and_not_again_in_the_round() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let eligible = ids(1..=6);
        let deck = Deck::shuffled(&eligible, 1, &mut rng);
        let (first_two, deck) = draw_many(deck, &eligible, 2, &mut rng);
        let wanted = deck.order[4].clone();
        let (deck, repeat) = deck.queue(&wanted);
        assert!(!repeat);
        let (rest, deck) = draw_many(deck, &eligible, 4, &mut rng);
        assert_eq!(rest[0], wanted);
        let round: HashSet<_> = first_two.iter().chain(rest.iter()).collect();
        assert_eq!(round.len(), 6, "six draws, six questions");
        assert_eq!(deck.round, 1);
    }

    #[test]
    fn a_queued_question_already_drawn_is_drawn_once_more_and_the_round_keeps_its_length() {
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        let eligible = ids(1..=5);
        let deck = Deck::shuffled(&eligible, 1, &mut rng);
        let (first_two, deck) = draw_many(deck, &eligible, 2, &mut rng);
        let (deck, repeat) = deck.queue(&first_two[0]);
        assert!(repeat);
        assert_eq!(
            deck.upcoming(&eligible, 1),
            vec![Some(first_two[0].clone())]
        );
        let (rest, deck) = draw_many(deck, &eligible, 4, &mut rng);
        assert_eq!(rest[0], first_two[0]);
        assert_eq!(
            rest[1..].iter().filter(|id| **id == first_two[0]).count(),
            0
        );
        assert_eq!(deck.round, 1, "the round still ends after the other three");
        assert_eq!(deck.upcoming(&eligible, 2), vec![None, None]);
    }
}
