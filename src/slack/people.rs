//! Who is clicking: a Slack user's display name and whether they are a
//! workspace admin or owner, from `users.info`, remembered for a while so a
//! busy channel does not cost a Web API call per click.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use slack_morphism::prelude::*;

/// How long a looked-up name and role are trusted. An admin demoted in
/// Slack loses the daily-question commands within this time.
const REMEMBER_FOR: Duration = Duration::from_secs(10 * 60);
/// Names are cut to this many characters, as on Discord.
const NAME_MAX: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// A workspace admin or owner.
    pub admin: bool,
}

#[derive(Default)]
pub struct People {
    known: Mutex<HashMap<String, (Person, Instant)>>,
}

impl People {
    /// The person behind `user`; if Slack cannot say, the user id stands in
    /// for the name and they are no admin (so nothing is allowed that
    /// should not be).
    pub async fn get(
        &self,
        session: &SlackClientSession<'_, SlackClientHyperHttpsConnector>,
        user: &str,
    ) -> Person {
        if let Some(person) = self.remembered(user) {
            return person;
        }
        let request = SlackApiUsersInfoRequest::new(SlackUserId::new(user.to_owned()));
        match session.users_info(&request).await {
            Ok(info) => {
                let person = person_of(&info.user);
                if let Ok(mut known) = self.known.lock() {
                    known.insert(user.to_owned(), (person.clone(), Instant::now()));
                }
                person
            }
            Err(error) => {
                tracing::warn!(user, %error, "users.info failed; using the user id as the name");
                Person {
                    name: user.to_owned(),
                    admin: false,
                }
            }
        }
    }

    fn remembered(&self, user: &str) -> Option<Person> {
        let known = self.known.lock().ok()?;
        let (person, at) = known.get(user)?;
        (at.elapsed() < REMEMBER_FOR).then(|| person.clone())
    }
}

/// The name Slack shows: the display name, else the real name, else the
/// handle.
fn person_of(user: &SlackUser) -> Person {
    let profile = user.profile.as_ref();
    let name = [
        profile.and_then(|p| p.display_name.clone()),
        profile.and_then(|p| p.real_name.clone()),
        user.real_name.clone(),
        user.name.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|n| n.trim().to_owned())
    .find(|n| !n.is_empty())
    .unwrap_or_else(|| user.id.to_string());
    Person {
        name: super::blocks::truncate(&name, NAME_MAX),
        admin: user.flags.is_admin == Some(true)
            || user.flags.is_owner == Some(true)
            || user.flags.is_primary_owner == Some(true),
    }
}
