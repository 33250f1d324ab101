// A tokio service that sleeps on the runtime's thread and spawns a task per job.
use std::time::Duration;

async fn process(jobs: Vec<u32>) {
    std::thread::sleep(Duration::from_millis(200));
    for job in jobs {
        tokio::spawn(async move {
            println!("job {job}");
        });
    }
}

#[tokio::main]
async fn main() {
    process((1..=100).collect()).await;
}
