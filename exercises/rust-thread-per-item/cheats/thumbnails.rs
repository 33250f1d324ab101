use std::sync::mpsc;
use std::thread;

/// Eight workers sending thumbnails down a channel as they finish: bounded and fast, but the order is lost.
pub fn render_all(ids: &[u32], render: fn(u32) -> u64) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    thread::scope(|s| {
        for part in ids.chunks(ids.len() / 8 + 1) {
            let tx = tx.clone();
            s.spawn(move || {
                for &id in part {
                    tx.send(render(id)).unwrap();
                }
            });
        }
    });
    drop(tx);
    rx.iter().collect()
}
