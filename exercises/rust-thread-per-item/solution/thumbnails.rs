use std::thread;

/// How many calls the image service sees at once: a choice for waiting work, not the core count.
const WORKERS: usize = 8;

/// Renders a thumbnail for every id with `render` and returns them in the order of `ids`.
/// `render` is a call to an image service: about 10 ms each, nearly all of it spent waiting.
pub fn render_all(ids: &[u32], render: fn(u32) -> u64) -> Vec<u64> {
    let mut thumbs = vec![0; ids.len()];
    let chunk = ((ids.len() + WORKERS - 1) / WORKERS).max(1);
    // Eight scoped threads, each rendering one slice of ids into the matching slice of thumbs;
    // the scope joins them all before it returns.
    thread::scope(|s| {
        for (ids, thumbs) in ids.chunks(chunk).zip(thumbs.chunks_mut(chunk)) {
            s.spawn(move || {
                for (&id, thumb) in ids.iter().zip(thumbs) {
                    *thumb = render(id);
                }
            });
        }
    });
    thumbs
}
