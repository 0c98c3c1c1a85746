//! Pure types and rules of prepbot: no I/O and no chat platform.
//!
//! Values here are built once by `parse` (or `TryFrom`) at the edge and are
//! valid from then on, so the rest of the program never re-checks them.

pub mod availability;
pub mod brief;
pub mod countdown;
pub mod cron_fields;
pub mod daily_admin_words;
pub mod day;
pub mod deck;
pub mod evidence;
pub mod grade;
pub mod key_points;
pub mod question;
pub mod report;
pub mod schedule;
pub mod slug;
pub mod streak;
pub mod streak_story;
pub mod text;
pub mod theme;
pub mod timezone;
pub mod topic;

pub use grade::{Context, Grade, Mode};
pub use question::{Difficulty, Question, QuestionId, QuestionSource, WrittenOptions};
pub use timezone::{DayStartHour, Timezone};
pub use topic::{Topic, TopicId};
