//! Calls the learner's `render_all` on 400 ids with a fake thumbnail service: each call sleeps 6-14 ms
//! (10 ms on average), counts the calls in flight and the threads that made them. It passes when every
//! thumbnail is right and in order, at most 16 threads made the calls (so at most 16 were in flight), and
//! the run took less than half of one call after another.
mod exercise;
mod harness;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::thread::{self, ThreadId};
use std::time::Duration;

const ITEMS: u32 = 400;
const MAX_THREADS: usize = 16;
const MAX_SHARE: f64 = 0.5;

static FLIGHT: harness::InFlight = harness::InFlight::new();
static CALLERS: Mutex<Option<HashSet<ThreadId>>> = Mutex::new(None);
static SALT: AtomicU64 = AtomicU64::new(0);

fn delay_ms(id: u32) -> u64 {
    6 + (id as u64 * 5) % 9
}

fn expected(id: u32) -> u64 {
    (id as u64 * 2654435761 + SALT.load(Ordering::SeqCst)) % 1_000_003
}

/// The fake service the learner's code calls.
fn render(id: u32) -> u64 {
    let _call = FLIGHT.enter();
    CALLERS.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashSet::new).insert(thread::current().id());
    thread::sleep(Duration::from_millis(delay_ms(id)));
    expected(id)
}

fn main() {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(7, |d| d.subsec_nanos() as u64);
    SALT.store(nanos % 9000 + 1000, Ordering::SeqCst);
    let ids: Vec<u32> = (0..ITEMS).map(|i| 1000 + 7 * i).collect();
    let sequential_ms: f64 = ids.iter().map(|&id| delay_ms(id) as f64).sum();

    let (thumbs, ms) = match harness::time(|| exercise::render_all(&ids, render)) {
        Ok(done) => done,
        Err(message) => return harness::fail(&format!("render_all panicked: {message}")),
    };

    let mut correct = (true, format!("All {ITEMS} thumbnails are right and in the order of ids."));
    if thumbs.len() != ids.len() {
        correct = (false, format!("render_all returned {} thumbnails for {} ids", thumbs.len(), ids.len()));
    } else if let Some(i) = (0..ids.len()).find(|&i| thumbs[i] != expected(ids[i])) {
        correct = (false, format!("thumbnail {i} (for id {}) is {}, expected {}: each must be render(ids[i]), at index i", ids[i], thumbs[i], expected(ids[i])));
    } else if FLIGHT.calls() != ids.len() {
        correct = (false, format!("render was called {} times for {} ids: call it once per id", FLIGHT.calls(), ids.len()));
    }

    let peak = FLIGHT.peak();
    let threads_used = CALLERS.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map_or(0, |s| s.len());
    let limit_ms = sequential_ms * MAX_SHARE;
    let measure = if threads_used > MAX_THREADS || peak > MAX_THREADS {
        (false, format!("{threads_used} different threads made the {ITEMS} calls, up to {peak} at once (limit {MAX_THREADS}): a thread per item. Hand the items to a fixed number of worker threads instead."))
    } else if ms >= limit_ms {
        (false, format!("Bounded (threads used: {threads_used}), but the run took {ms:.0} ms, more than half of the {sequential_ms:.0} ms that one after another takes (limit {limit_ms:.0} ms): use more workers."))
    } else {
        (true, format!("{threads_used} threads made the {ITEMS} calls, at most {peak} at once, in {ms:.0} ms instead of {sequential_ms:.0} ms one after another."))
    };
    harness::report(correct.0, &correct.1, measure.0, &measure.1, &[
        ("threadsUsed", threads_used as f64),
        ("peakInFlight", peak as f64),
        ("limitThreads", MAX_THREADS as f64),
        ("elapsedMs", ms),
        ("sequentialMs", sequential_ms),
        ("limitMs", limit_ms),
    ]);
}
