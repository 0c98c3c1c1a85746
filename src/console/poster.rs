//! The console's `Poster` and `ReminderSender`: daily posts, reveals and
//! reminders go to the terminal, through a channel the input loop reads
//! between commands.

use tokio::sync::mpsc;

use crate::engine::{DailyPost, PostReceipt, PublicReveal, Reminder, WeeklyRecap};
use crate::reminders::{ReminderSender, SendError};
use crate::scheduler::{PostError, Poster};

/// What the scheduler has for the console.
#[derive(Debug, Clone)]
pub enum DailyEvent {
    Posted(Box<DailyPost>),
    Revealed(Box<PublicReveal>),
    Reminded(Box<Reminder>),
    Recapped(Box<WeeklyRecap>),
}

#[derive(Clone)]
pub struct ConsolePoster {
    events: mpsc::UnboundedSender<DailyEvent>,
}

impl ConsolePoster {
    pub fn new() -> (Self, mpsc::UnboundedReceiver<DailyEvent>) {
        let (events, receiver) = mpsc::unbounded_channel();
        (Self { events }, receiver)
    }
}

#[async_trait::async_trait]
impl Poster for ConsolePoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        self.events
            .send(DailyEvent::Posted(Box::new(post.clone())))
            .map_err(|_| PostError::retry("the console has closed"))?;
        Ok(PostReceipt {
            message_id: post.nonce.clone(),
            thread_id: None,
        })
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        self.events
            .send(DailyEvent::Revealed(Box::new(reveal.clone())))
            .map_err(|_| PostError::retry("the console has closed"))
    }

    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        self.events
            .send(DailyEvent::Recapped(Box::new(recap.clone())))
            .map_err(|_| PostError::retry("the console has closed"))
    }
}

#[async_trait::async_trait]
impl ReminderSender for ConsolePoster {
    /// A reminder is a line in the console while it is open; a closed
    /// console is tried again until the reminder is too late.
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError> {
        self.events
            .send(DailyEvent::Reminded(Box::new(reminder.clone())))
            .map_err(|_| SendError::retry("the console has closed"))
    }
}
