//! What a Rust exercise's check is built from. The runner compiles the exercise's check (as main.rs, which
//! starts with `mod exercise; mod harness;`) with the learner's file (as exercise.rs) and this file, std only.
#![allow(dead_code)]

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Counts calls in flight, thread-safely; usable as a `static`. `enter` returns a guard that ends the call
/// when it is dropped, so a panicking call is counted out too.
pub struct InFlight {
    current: AtomicUsize,
    peak: AtomicUsize,
    calls: AtomicUsize,
}

pub struct Call<'a>(&'a InFlight);

impl Drop for Call<'_> {
    fn drop(&mut self) {
        self.0.current.fetch_sub(1, Ordering::SeqCst);
    }
}

impl InFlight {
    pub const fn new() -> Self {
        InFlight { current: AtomicUsize::new(0), peak: AtomicUsize::new(0), calls: AtomicUsize::new(0) }
    }
    pub fn enter(&self) -> Call<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let now = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Call(self)
    }
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// The first panic in any thread: a worker's, which its join (or the scope) only reports as "panicked".
static FIRST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Runs `body`, returning its value and the ms it took, or the message of the panic it raised (and of the
/// first panic in any thread, when that is another one).
pub fn time<T>(body: impl FnOnce() -> T) -> Result<(T, f64), String> {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let mut first = FIRST_PANIC.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            let thread = std::thread::current().name().map(|n| format!(" (in thread '{n}')")).unwrap_or_default();
            *first = Some(format!("{}{thread}", message(info.payload())));
        }
        drop(first);
        default_hook(info);
    }));
    let start = Instant::now();
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => Ok((value, start.elapsed().as_secs_f64() * 1000.0)),
        Err(payload) => {
            let own = message(payload.as_ref());
            match FIRST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take() {
                Some(first) if !first.starts_with(&own) => Err(format!("{own}; the first panic: {first}")),
                _ => Err(own),
            }
        }
    }
}

/// Logical cores the run may use.
pub fn cpus() -> usize {
    std::env::var("CONCURRENCY_LENS_CPUS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Reports a correctness failure and nothing else.
pub fn fail(message: &str) {
    write(&format!("{{\"correctness\":{}}}", part(false, message, None)));
}

pub fn report(correct_ok: bool, correct_message: &str, measure_ok: bool, measure_message: &str, figures: &[(&str, f64)]) {
    write(&format!(
        "{{\"correctness\":{},\"measure\":{}}}",
        part(correct_ok, correct_message, None),
        part(measure_ok, measure_message, Some(figures))
    ));
}

fn part(ok: bool, message: &str, figures: Option<&[(&str, f64)]>) -> String {
    let mut s = format!("{{\"ok\":{},\"message\":{}", ok, quote(message));
    if let Some(figures) = figures {
        let fields: Vec<String> = figures
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(name, v)| format!("{}:{}", quote(name), (v * 10.0).round() / 10.0))
            .collect();
        s += &format!(",\"figures\":{{{}}}", fields.join(","));
    }
    s + "}"
}

/// A JSON string literal.
pub fn quote(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                s.push('\\');
                s.push(c);
            }
            '\n' => s.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn write(json: &str) {
    let file = std::env::var("CONCURRENCY_LENS_RESULT").unwrap_or_else(|_| "result.json".to_string());
    if let Err(e) = std::fs::write(&file, json) {
        eprintln!("could not write the result: {e}");
        std::process::exit(1);
    }
}
