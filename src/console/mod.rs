//! `prepbot console`: the bot's commands in a terminal, for one local member
//! on a local SQLite file, no token needed. It reads lines from any input,
//! so a script can be piped in, and shows the daily question when it falls
//! due.
//!
//! ```text
//! $ printf '/quiz transformers\n/reveal\ngood\n/streak\n' | prepbot console
//! ```

mod admin;
mod commands;
mod daily_admin;
mod input;
mod member_data;
mod pictures;
mod poster;
pub(crate) mod render;

use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

pub use poster::{ConsolePoster, DailyEvent};

use input::{BoundedLines, Line, MAX_LINE_BYTES};

use crate::engine::{Card, Engine, EngineError, MemberRef, Platform, WorkspaceRef};

/// The console's one channel, where its daily question is posted.
pub const CHANNEL: &str = "console";

/// One console session: the member playing and the card in front of them.
pub struct Console {
    engine: Arc<Engine>,
    me: MemberRef,
    current: Option<Card>,
    /// Print a prompt before each line (only for a person at a terminal).
    prompt: bool,
    /// Daily posts and reveals from the scheduler, until `run` takes them.
    daily_events: Option<mpsc::UnboundedReceiver<DailyEvent>>,
    /// Where a mock interview on the current card stands, if one runs.
    interview: Option<InterviewStage>,
}

/// The turn a mock interview waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InterviewStage {
    FirstAnswer,
    FollowUp(crate::engine::Covered),
}

impl Console {
    pub fn new(engine: Arc<Engine>, name: &str, prompt: bool) -> Self {
        let workspace = WorkspaceRef {
            platform: Platform::Console,
            external_id: "local".to_owned(),
            name: "console".to_owned(),
        };
        // The console's member is known by their (cleaned) name.
        let name = crate::domain::text::clean_display_name(name);
        let me = MemberRef {
            workspace,
            external_id: name.clone(),
            display_name: name,
        };
        Self {
            engine,
            me,
            current: None,
            prompt,
            daily_events: None,
            interview: None,
        }
    }

    /// Shows daily posts as they come.
    pub fn with_daily(mut self, events: mpsc::UnboundedReceiver<DailyEvent>) -> Self {
        self.daily_events = Some(events);
        self
    }

    /// Reads commands until `/quit` or the end of the input, printing daily
    /// posts in between as they fall due.
    pub async fn run(
        &mut self,
        input: impl AsyncBufRead + Unpin,
        mut output: impl AsyncWrite + Unpin,
    ) -> std::io::Result<()> {
        let mut lines = BoundedLines::new(input);
        let welcome = render::welcome(&self.me.display_name, self.engine.bank().questions().len());
        write_text(&mut output, &welcome).await?;
        let mut events = self.daily_events.take();
        loop {
            if self.prompt {
                output.write_all(b"> ").await?;
                output.flush().await?;
            }
            let next_event = async {
                match events.as_mut() {
                    Some(events) => events.recv().await,
                    None => std::future::pending().await,
                }
            };
            let line = tokio::select! {
                line = lines.next_line() => line?,
                Some(event) = next_event => {
                    let text = self.show_daily(event);
                    write_text(&mut output, &text).await?;
                    continue;
                }
            };
            let line = match line {
                None => break,
                Some(Line::Text(line)) => line,
                Some(Line::NotUtf8) => {
                    let text = "That line is not valid UTF-8 text, so it was skipped; \
                                type it again.";
                    write_text(&mut output, text).await?;
                    continue;
                }
                Some(Line::TooLong { bytes }) => {
                    let text = format!(
                        "That line is {bytes} bytes long, over the {MAX_LINE_BYTES}-byte limit, \
                         so it was skipped."
                    );
                    write_text(&mut output, &text).await?;
                    continue;
                }
            };
            // The LLM judge can take seconds: say something meanwhile.
            if self.engine.has_judge() && self.is_typed_answer(line.trim()) {
                write_text(&mut output, "checking…").await?;
            }
            match self.handle(line.trim()).await {
                Reply::Text(text) => write_text(&mut output, &text).await?,
                Reply::Quit => {
                    write_text(&mut output, "Bye. Keep the streak going!").await?;
                    break;
                }
            }
        }
        output.flush().await
    }

    /// A daily post becomes the card in front of the member, so /reveal and
    /// grading work on it.
    fn show_daily(&mut self, event: DailyEvent) -> String {
        match event {
            DailyEvent::Posted(post) => {
                let text = render::daily_post(&post);
                self.current = Some(post.card);
                text
            }
            DailyEvent::Revealed(reveal) => render::public_reveal(&reveal),
            DailyEvent::Reminded(reminder) => render::reminder(&reminder),
            DailyEvent::Recapped(recap) => pictures::recap_text(
                &recap.recap,
                std::path::Path::new(crate::picture::RECAP_FILE),
            ),
        }
    }

    /// Turns an engine failure into what the person reads.
    fn failure(&self, error: EngineError) -> String {
        error.message_for_people("console")
    }
}

/// What a command leads to.
enum Reply {
    Text(String),
    Quit,
}

/// Writes a reply. Control characters are dropped on the way out, whoever
/// wrote them (a member's name, a bank file), so nothing steers the terminal.
async fn write_text(output: &mut (impl AsyncWrite + Unpin), text: &str) -> std::io::Result<()> {
    output
        .write_all(crate::domain::text::strip_controls(text).as_bytes())
        .await?;
    output.write_all(b"\n\n").await
}
