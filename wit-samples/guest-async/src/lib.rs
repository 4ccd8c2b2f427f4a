//! A guest for world `demo:streams/streams`: async exports (WASI 0.3, the
//! Component Model's async ABI) that read and write streams and futures.
//!
//! Build: `cargo build --target wasm32-wasip2 --release`, or
//! `wit-analyzer build demo:streams/streams` from the repository root.

wit_bindgen::generate!({
    path: "wit",
    world: "demo:streams/streams",
});

use exports::demo::streams::text;
use wit_bindgen::{FutureReader, StreamReader};

struct Component;

export!(Component);

impl text::Guest for Component {
    async fn shout(mut input: StreamReader<u8>) -> StreamReader<u8> {
        let (mut tx, rx) = wit_stream::new();
        // The result is the reader; the bytes follow after the call returns,
        // so the writing goes on in a task of its own.
        wit_bindgen::spawn_local(async move {
            while let Some(byte) = input.next().await {
                if tx.write_one(byte.to_ascii_uppercase()).await.is_some() {
                    break;
                }
            }
        });
        rx
    }

    async fn sum(numbers: StreamReader<u32>) -> u64 {
        numbers.collect().await.into_iter().map(u64::from).sum()
    }

    async fn countdown(start: u32) -> StreamReader<u32> {
        let (mut tx, rx) = wit_stream::new();
        wit_bindgen::spawn_local(async move {
            tx.write_all((1..=start).rev().collect()).await;
        });
        rx
    }

    async fn double(later: FutureReader<u32>) -> u32 {
        later.await.wrapping_mul(2)
    }

    async fn words(line: String) -> StreamReader<String> {
        let (mut tx, rx) = wit_stream::new();
        let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        wit_bindgen::spawn_local(async move {
            tx.write_all(words).await;
        });
        rx
    }

    async fn greet(name: String) -> String {
        wit_bindgen::yield_async().await;
        format!("Hello, {name}!")
    }

    async fn stall() -> StreamReader<u32> {
        let (tx, rx) = wit_stream::new();
        wit_bindgen::spawn_local(async move {
            let (writer, reader) = wit_future::new::<u32>(|| 0);
            reader.await;
            drop((writer, tx));
        });
        rx
    }

    async fn wait_forever() {
        let (writer, reader) = wit_future::new::<u32>(|| 0);
        reader.await;
        drop(writer);
    }
}
