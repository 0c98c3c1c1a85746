//! Load + validate time of the question bank: the shipped 100 questions, and
//! a generated bank of 10,000 (50 topics of 200) with answers as long as the
//! shipped ones. Both are read from disk, as at start-up.
//!
//! `cargo bench --bench bank_load`

use std::fmt::Write;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use prepbot::bank::QuestionBank;

const TOPICS: usize = 50;
const PER_TOPIC: usize = 200;

/// Writes one topic file of `PER_TOPIC` questions.
fn topic_file(topic: usize) -> String {
    let mut text = format!(
        "[topic]\nid = \"topic-{topic}\"\nname = \"Generated topic {topic}\"\n\
         description = \"Questions generated for the load benchmark.\"\naliases = [\"alias-{topic}\", \"other-{topic}\"]\n"
    );
    for index in 0..PER_TOPIC {
        let number = topic * PER_TOPIC + index;
        let _ = write!(
            text,
            "\n[[questions]]\nid = \"bench-{number:05}\"\ndifficulty = \"{difficulty}\"\n\
             question = \"What does generated question number {number} ask about attention and tokens?\"\n\
             answer = \"\"\"\nA brief model answer for question {number}. {filler}\n\n\
             - **First:** a bullet that explains one part.\n- **Second:** another bullet.\"\"\"\n\
             key_points = [\"first point of {number}\", \"second point\", \"third point\", \"fourth point\"]\n\
             tags = [\"generated\"]\nsource = \"prepbot\"\n",
            difficulty = ["easy", "medium", "hard"][number % 3],
            filler =
                "It repeats a sentence of ordinary length to reach a realistic size. ".repeat(4),
        );
    }
    text
}

fn load(dir: &Path) -> QuestionBank {
    QuestionBank::load(dir).unwrap_or_else(|errors| panic!("{errors}"))
}

fn bank_load(c: &mut Criterion) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    assert_eq!(load(&shipped).questions().len(), 100);
    c.bench_function("load and validate the shipped bank (100 questions)", |b| {
        b.iter(|| load(&shipped))
    });

    let generated = tempfile::tempdir().expect("a temporary folder");
    for topic in 0..TOPICS {
        std::fs::write(
            generated.path().join(format!("topic-{topic:02}.toml")),
            topic_file(topic),
        )
        .unwrap();
    }
    assert_eq!(load(generated.path()).questions().len(), TOPICS * PER_TOPIC);
    let mut group = c.benchmark_group("large bank");
    group.sample_size(20);
    group.bench_function("load and validate 10,000 generated questions", |b| {
        b.iter(|| load(generated.path()))
    });
    group.finish();
}

criterion_group!(benches, bank_load);
criterion_main!(benches);
