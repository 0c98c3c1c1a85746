//! The /stats card and the weekly recap, decoded and read back pixel by
//! pixel: sizes, the four shades, today's outline, long and hostile names,
//! the welcome card, and a card drawn from a member's real practice.

mod support;

use chrono::{Duration, NaiveDate};
use prepbot::domain::Grade;
use prepbot::domain::streak::Streak;
use prepbot::domain::theme::Theme;
use prepbot::engine::{MissedQuestion, Recap, RecapEntry, Stats, TopicStats};
use prepbot::picture::card::{CARD_WIDTH, CardLayout};
use prepbot::picture::recap::{QUIET_HEIGHT, RECAP_HEIGHT, RECAP_WIDTH};
use prepbot::picture::{Palette, Rect, Rgb, recap_png, stats_card_png};
use support::{member, spawn_app, utc};

/// A decoded RGB picture.
struct Picture {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Picture {
    fn decode(png_bytes: &[u8]) -> Self {
        assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        Self {
            width: info.width,
            height: info.height,
            pixels,
        }
    }

    fn at(&self, x: u32, y: u32) -> Rgb {
        let i = ((y * self.width + x) * 3) as usize;
        Rgb(self.pixels[i], self.pixels[i + 1], self.pixels[i + 2])
    }

    fn centre_of(&self, rect: Rect) -> Rgb {
        let (x, y) = rect.centre();
        self.at(x, y)
    }

    /// Every colour inside `rect`.
    fn colours_in(&self, rect: Rect) -> Vec<Rgb> {
        let mut out = Vec::new();
        for y in rect.y.max(0) as u32..(rect.y as u32 + rect.height).min(self.height) {
            for x in rect.x.max(0) as u32..(rect.x as u32 + rect.width).min(self.width) {
                out.push(self.at(x, y));
            }
        }
        out
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const TODAY: &str = "2026-12-01";

/// A member with practice on known days: 1 card on 23 Nov, 3 on 24 Nov, 8
/// on 25 Nov, none on 26 Nov, 2 today.
fn stats(theme: Theme) -> Stats {
    let today = day(TODAY);
    let day_counts = vec![
        (day("2026-11-23"), 1),
        (day("2026-11-24"), 3),
        (day("2026-11-25"), 8),
        (today, 2),
    ];
    Stats {
        name: "Ada".to_owned(),
        attempts: 14,
        recalled: 10,
        points: 70,
        points_this_month: 10,
        streak: Streak {
            current: 1,
            best: 3,
            freezes_left: 0,
            practised_today: true,
            days_practised: 4,
            last_practice_day: Some(today),
        },
        topics: vec![
            TopicStats {
                topic_id: "llms".to_owned(),
                name: "Large language models".to_owned(),
                questions: 10,
                practised: 5,
                attempts: 9,
                recalled: 6,
                mastered: 2,
            },
            TopicStats {
                topic_id: "gans".to_owned(),
                name: "GANs".to_owned(),
                questions: 8,
                practised: 0,
                attempts: 0,
                recalled: 0,
                mastered: 0,
            },
        ],
        calendar_start: day("2026-06-08"),
        today,
        practice_days: day_counts.iter().map(|(d, _)| *d).collect(),
        day_counts,
        theme,
        countdown: None,
    }
}

#[test]
fn a_stats_card_is_720_wide_and_as_tall_as_its_topics_need() {
    let stats = stats(Theme::Light);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let layout = CardLayout::of(&stats);
    assert_eq!((picture.width, picture.height), (CARD_WIDTH, layout.height));
    let mut more = stats.clone();
    more.topics.push(more.topics[0].clone());
    assert!(CardLayout::of(&more).height > layout.height);
}

#[test]
fn days_with_0_1_3_and_8_cards_get_four_distinct_shades_and_practised_days_differ_from_missed() {
    let stats = stats(Theme::Light);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let layout = CardLayout::of(&stats);
    let shade = |text: &str| picture.centre_of(layout.day_cell(day(text)).unwrap());
    let shades = [
        shade("2026-11-26"),
        shade("2026-11-23"),
        shade("2026-11-24"),
        shade("2026-11-25"),
    ];
    let palette = Palette::of(Theme::Light);
    assert_eq!(shades, palette.levels, "0, 1, 3 and 8 cards");
    for (i, a) in shades.iter().enumerate() {
        for b in &shades[i + 1..] {
            assert_ne!(a, b, "each amount has its own shade");
        }
    }
    assert_ne!(
        shade("2026-11-23"),
        shade("2026-06-08"),
        "practised vs missed"
    );
}

#[test]
fn today_is_outlined_and_other_days_are_not() {
    let stats = stats(Theme::Light);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let layout = CardLayout::of(&stats);
    let palette = Palette::of(Theme::Light);
    let today = layout.day_cell(day(TODAY)).unwrap();
    // The frame sits just outside the square, on every side.
    let frame = today.grown(2);
    for (x, y) in [
        (frame.x as u32, frame.y as u32 + 5),
        (frame.x as u32 + frame.width - 1, frame.y as u32 + 5),
        (frame.x as u32 + 5, frame.y as u32),
        (frame.x as u32 + 5, frame.y as u32 + frame.height - 1),
    ] {
        assert_eq!(picture.at(x, y), palette.today, "frame pixel ({x}, {y})");
    }
    assert_eq!(picture.centre_of(today), palette.levels[1], "2 cards today");
    let yesterday = layout.day_cell(day("2026-11-30")).unwrap().grown(2);
    assert_eq!(
        picture.at(yesterday.x as u32, yesterday.y as u32 + 5),
        palette.background
    );
    assert!(
        layout.day_cell(day("2026-12-02")).is_none(),
        "no future days"
    );
}

#[test]
fn a_300_character_name_neither_crashes_nor_runs_off_the_card() {
    let mut stats = stats(Theme::Light);
    stats.name = "W".repeat(300);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let background = Palette::of(Theme::Light).background;
    // The name's line, in the right margin: untouched.
    let margin = Rect::new(CARD_WIDTH as i32 - 27, 20, 27, 50);
    assert!(
        picture.colours_in(margin).iter().all(|c| *c == background),
        "the name stops before the margin"
    );
    // And something was drawn on that line.
    let line = Rect::new(28, 20, 600, 50);
    assert!(picture.colours_in(line).iter().any(|c| *c != background));
}

#[test]
fn control_and_direction_characters_in_a_name_are_not_drawn() {
    let mut plain = stats(Theme::Light);
    plain.name = "Ada Lovelace".to_owned();
    let mut hostile = plain.clone();
    hostile.name = "Ada\u{7}\u{202E} Lovelace\u{200B}".to_owned();
    assert_eq!(
        stats_card_png(&plain).unwrap(),
        stats_card_png(&hostile).unwrap()
    );
}

#[test]
fn a_member_with_no_practice_gets_a_welcome_card_not_an_empty_grid() {
    let mut stats = stats(Theme::Light);
    stats.attempts = 0;
    stats.recalled = 0;
    stats.day_counts.clear();
    stats.practice_days.clear();
    let layout = CardLayout::of(&stats);
    assert!(layout.welcome);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    assert_eq!((picture.width, picture.height), (CARD_WIDTH, layout.height));
    assert!(layout.day_cell(day(TODAY)).is_none());
    assert!(layout.topic_bar(0).is_none());
    let palette = Palette::of(Theme::Light);
    let colours = picture.colours_in(Rect::new(0, 0, picture.width, picture.height));
    for shade in &palette.levels[1..] {
        assert!(
            !colours.contains(shade),
            "no calendar shade on the welcome card"
        );
    }
    // The welcome panel, with words in it.
    let panel = picture.colours_in(Rect::new(40, 210, 600, 90));
    assert!(panel.contains(&palette.panel));
    assert!(panel.iter().filter(|c| **c != palette.panel).count() > 500);
}

#[test]
fn topic_bars_show_questions_practised_and_mastered() {
    let stats = stats(Theme::Light);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let layout = CardLayout::of(&stats);
    let palette = Palette::of(Theme::Light);
    let bar = layout.topic_bar(0).unwrap();
    let at = |share: f32| {
        picture.at(
            bar.x as u32 + (bar.width as f32 * share) as u32,
            bar.y as u32 + bar.height / 2,
        )
    };
    // 2 of 10 mastered, 5 of 10 practised.
    assert_eq!(at(0.1), palette.mastered);
    assert_eq!(at(0.35), palette.practised);
    assert_eq!(at(0.8), palette.panel);
    let untouched = layout.topic_bar(1).unwrap();
    assert_eq!(picture.centre_of(untouched), palette.panel);
}

#[test]
fn the_dark_theme_draws_light_on_dark() {
    let stats = stats(Theme::Dark);
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let palette = Palette::of(Theme::Dark);
    assert_eq!(picture.at(2, 2), palette.background);
    let layout = CardLayout::of(&stats);
    assert_eq!(
        picture.centre_of(layout.day_cell(day("2026-11-25")).unwrap()),
        palette.levels[3]
    );
    assert_ne!(palette.background, Palette::of(Theme::Light).background);
}

fn recap() -> Recap {
    Recap {
        workspace_name: "Study group".to_owned(),
        week: "2026-W48".to_owned(),
        first_day: day("2026-11-23"),
        last_day: day("2026-11-29"),
        members_practised: 2,
        questions_practised: 9,
        top_points: vec![RecapEntry {
            name: "W".repeat(300),
            value: 40,
        }],
        top_streaks: vec![RecapEntry {
            name: "Grace".to_owned(),
            value: 3,
        }],
        most_missed: Some(MissedQuestion {
            question_id: "genai-018".to_owned(),
            question: "What is attention? ".repeat(30),
            times: 2,
        }),
    }
}

#[test]
fn a_recap_has_its_size_and_long_names_stay_in_their_column() {
    let picture = Picture::decode(&recap_png(&recap()).unwrap());
    assert_eq!((picture.width, picture.height), (RECAP_WIDTH, RECAP_HEIGHT));
    let background = Palette::of(Theme::Light).background;
    let right_margin = Rect::new(RECAP_WIDTH as i32 - 27, 0, 27, RECAP_HEIGHT);
    assert!(
        picture
            .colours_in(right_margin)
            .iter()
            .all(|c| *c == background)
    );
}

#[test]
fn a_quiet_week_gets_a_kind_word_instead_of_empty_lists() {
    let mut quiet = recap();
    quiet.members_practised = 0;
    quiet.questions_practised = 0;
    quiet.top_points.clear();
    quiet.top_streaks.clear();
    quiet.most_missed = None;
    let picture = Picture::decode(&recap_png(&quiet).unwrap());
    assert_eq!((picture.width, picture.height), (RECAP_WIDTH, QUIET_HEIGHT));
    let palette = Palette::of(Theme::Light);
    let panel = picture.colours_in(Rect::new(40, 210, 600, 90));
    assert!(panel.iter().filter(|c| **c != palette.panel).count() > 500);
    assert!(prepbot::wording::recap(&quiet).contains("A quiet week"));
}

#[tokio::test]
async fn a_card_drawn_from_real_practice_shades_each_day_by_the_cards_graded_that_day() {
    // Noon in Berlin on Monday 23 Nov: 1 card, then 3 the next day, 8 the
    // day after, none on Thursday, and the card drawn on Friday.
    let app = spawn_app(utc("2026-11-23T11:00:00Z")).await;
    let ada = member("g1", "Ada");
    app.engine
        .set_timezone(&ada, Some("Europe/Berlin"))
        .await
        .unwrap();
    for (offset, cards) in [(0, 1), (1, 3), (2, 8)] {
        app.set_time(utc("2026-11-23T11:00:00Z") + Duration::days(offset));
        for _ in 0..cards {
            app.practise(&ada, Grade::Good).await;
        }
    }
    app.set_time(utc("2026-11-27T11:00:00Z"));
    app.engine.set_theme(&ada, Theme::Dark).await.unwrap();
    let stats = app.engine.stats(&ada).await.unwrap();
    assert_eq!(
        stats.day_counts,
        [
            (day("2026-11-23"), 1),
            (day("2026-11-24"), 3),
            (day("2026-11-25"), 8)
        ]
    );
    assert_eq!(stats.theme, Theme::Dark);
    assert_eq!(stats.name, "Ada");
    assert!(stats.points_this_month > 0);
    assert_eq!(
        stats.points_this_month, stats.points,
        "all earned in November"
    );
    let picture = Picture::decode(&stats_card_png(&stats).unwrap());
    let layout = CardLayout::of(&stats);
    let palette = Palette::of(Theme::Dark);
    let shade = |text: &str| picture.centre_of(layout.day_cell(day(text)).unwrap());
    assert_eq!(
        [
            shade("2026-11-26"),
            shade("2026-11-23"),
            shade("2026-11-24"),
            shade("2026-11-25")
        ],
        palette.levels
    );
}
