//! `prepbot console`: the bot's commands in a terminal, for one local member
//! on a local SQLite file, no token needed. It reads lines from any input,
//! so a script can be piped in.
//!
//! ```text
//! $ printf '/quiz transformers\n/reveal\ngood\n/streak\n' | prepbot console
//! ```

mod commands;
mod render;

use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::engine::{Card, Engine, EngineError, MemberRef, Platform, WorkspaceRef};

/// One console session: the member playing and the card in front of them.
pub struct Console {
    engine: Arc<Engine>,
    me: MemberRef,
    current: Option<Card>,
    /// Print a prompt before each line (only for a person at a terminal).
    prompt: bool,
}

impl Console {
    pub fn new(engine: Arc<Engine>, name: &str, prompt: bool) -> Self {
        let workspace = WorkspaceRef {
            platform: Platform::Console,
            external_id: "local".to_owned(),
            name: "console".to_owned(),
        };
        let me = MemberRef {
            workspace,
            external_id: name.to_owned(),
            display_name: name.to_owned(),
        };
        Self {
            engine,
            me,
            current: None,
            prompt,
        }
    }

    /// Reads commands until `/quit` or the end of the input.
    pub async fn run(
        &mut self,
        input: impl AsyncBufRead + Unpin,
        mut output: impl AsyncWrite + Unpin,
    ) -> std::io::Result<()> {
        let mut lines = input.lines();
        write_text(
            &mut output,
            &render::welcome(&self.me.display_name, self.engine.bank().questions().len()),
        )
        .await?;
        loop {
            if self.prompt {
                output.write_all(b"> ").await?;
                output.flush().await?;
            }
            let Some(line) = lines.next_line().await? else {
                break;
            };
            let reply = self.handle(line.trim()).await;
            match reply {
                Reply::Text(text) => write_text(&mut output, &text).await?,
                Reply::Quit => {
                    write_text(&mut output, "Bye. Keep the streak going!").await?;
                    break;
                }
            }
        }
        output.flush().await
    }

    /// Turns an engine failure into what the person reads: a user error as
    /// written, anything else as an apology with an id that is in the log.
    fn failure(&self, error: EngineError) -> String {
        match error {
            EngineError::User(error) => error.to_string(),
            EngineError::Internal(error) => {
                let id = format!("{:08x}", rand::random::<u32>());
                tracing::error!(error_id = %id, error = format!("{error:#}"), "console command failed");
                format!(
                    "Sorry, something went wrong on our side (error {id}). It is in the log; please try again."
                )
            }
        }
    }
}

/// What a command leads to.
enum Reply {
    Text(String),
    Quit,
}

async fn write_text(output: &mut (impl AsyncWrite + Unpin), text: &str) -> std::io::Result<()> {
    output.write_all(text.as_bytes()).await?;
    output.write_all(b"\n\n").await
}
