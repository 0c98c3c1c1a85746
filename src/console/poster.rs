//! The console's `Poster`: daily posts and reveals go to the terminal,
//! through a channel the input loop reads between commands.

use tokio::sync::mpsc;

use crate::engine::{DailyPost, PostReceipt, PublicReveal, WeeklyRecap};
use crate::scheduler::{PostError, Poster};

/// What the scheduler has for the console.
#[derive(Debug, Clone)]
pub enum DailyEvent {
    Posted(Box<DailyPost>),
    Revealed(Box<PublicReveal>),
    Recapped(Box<WeeklyRecap>),
}

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
