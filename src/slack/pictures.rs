//! Pictures on Slack, through the files upload API: the PNG is uploaded
//! (`files.getUploadURLExternal`, the bytes to the URL it gives, then
//! `files.completeUploadExternal`). A member's `/prep stats` card is
//! uploaded unshared and shown in their private reply as an image block;
//! a weekly recap is shared in its channel under the recap's text. An app
//! installed without `files:write` answers `missing_scope`: the text goes
//! out alone, as before pictures.

use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::blocks::{self, Message};
use super::reply::Reply;
use crate::engine::{Recap, Stats};
use crate::picture::{RECAP_FILE, STATS_CARD_FILE};
use crate::wording;

/// Why a picture did not go up.
#[derive(Debug)]
pub enum UploadFailed {
    /// The app lacks `files:write`: fall back to text, quietly.
    MissingScope,
    Other(String),
}

/// Uploads `png` as `name`, shared in `channel` if one is given, and
/// returns the file's id.
pub async fn upload(
    session: &SlackClientSession<'_, SlackClientHyperHttpsConnector>,
    name: &str,
    title: &str,
    png: Vec<u8>,
    channel: Option<&str>,
) -> Result<SlackFileId, UploadFailed> {
    let url = session
        .get_upload_url_external(&SlackApiFilesGetUploadUrlExternalRequest::new(
            name.to_owned(),
            png.len(),
        ))
        .await
        .map_err(upload_failed)?;
    session
        .files_upload_via_url(&SlackApiFilesUploadViaUrlRequest::new(
            url.upload_url,
            png,
            "image/png".to_owned(),
        ))
        .await
        .map_err(upload_failed)?;
    let file = SlackApiFilesComplete::new(url.file_id.clone()).with_title(title.to_owned());
    session
        .files_complete_upload_external(
            &SlackApiFilesCompleteUploadExternalRequest::new(vec![file])
                .opt_channel_id(channel.map(|c| SlackChannelId::new(c.to_owned()))),
        )
        .await
        .map_err(upload_failed)?;
    Ok(url.file_id)
}

fn upload_failed(error: SlackClientError) -> UploadFailed {
    match error {
        SlackClientError::ApiError(api) if api.code == "missing_scope" => {
            UploadFailed::MissingScope
        }
        other => UploadFailed::Other(other.to_string()),
    }
}

/// The private `/prep stats` reply: the table and the card beneath it, or
/// the table with the text calendar when the card cannot be shown.
pub async fn stats_reply(
    session: &SlackClientSession<'_, SlackClientHyperHttpsConnector>,
    stats: &Stats,
) -> Reply {
    let uploaded = match crate::picture::stats_card_png(stats) {
        Ok(png) => upload(session, STATS_CARD_FILE, "Your progress", png, None).await,
        Err(error) => Err(UploadFailed::Other(format!("{error:#}"))),
    };
    match uploaded {
        Ok(file) => {
            let mut message = blocks::monospace("Your progress", &wording::stats_table(stats));
            message.blocks.push(image(
                file,
                "Your practice card: streak, half a year of practice days, and topic mastery",
            ));
            Reply::private(message)
        }
        Err(why) => {
            log(&why, "the stats card");
            Reply::private(blocks::monospace("Your progress", &wording::stats(stats)))
        }
    }
}

/// The recap's text, for a channel post or an admin's preview.
pub fn recap_text(recap: &Recap, title: &str) -> Message {
    blocks::monospace(title, &wording::recap(recap))
}

/// An admin's private preview, with the picture when it can be uploaded.
pub async fn recap_preview(
    session: &SlackClientSession<'_, SlackClientHyperHttpsConnector>,
    recap: &Recap,
) -> Reply {
    let mut message = recap_text(recap, "Weekly recap (preview, only you see it)");
    match crate::picture::recap_png(recap) {
        Ok(png) => match upload(session, RECAP_FILE, "Weekly recap", png, None).await {
            Ok(file) => message
                .blocks
                .push(image(file, "The weekly recap as a picture")),
            Err(why) => log(&why, "the weekly recap"),
        },
        Err(error) => log(
            &UploadFailed::Other(format!("{error:#}")),
            "the weekly recap",
        ),
    }
    Reply::private(message)
}

fn image(file: SlackFileId, alt: &str) -> SlackBlock {
    SlackBlock::Image(SlackImageBlock::new(
        SlackImageUrlOrFile::SlackFile {
            slack_file: SlackFileIdOrUrl::Id { id: file },
        },
        alt.to_owned(),
    ))
}

pub fn log(why: &UploadFailed, what: &str) {
    match why {
        UploadFailed::MissingScope => tracing::warn!(
            "cannot upload {what}: the Slack app lacks files:write (see slack/manifest.yml); sending the text alone"
        ),
        UploadFailed::Other(error) => {
            tracing::warn!(error, "cannot upload {what}; sending the text alone")
        }
    }
}
