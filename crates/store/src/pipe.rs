//! A two-stage pipeline for bulk writes: one thread prepares items (parsing,
//! validation, policy matching, event data), the calling thread writes them. The
//! machine's second core does the Rust work while the first one feeds SQLite.
//!
//! Items travel in chunks over a bounded channel, so the producer runs at most a few
//! chunks ahead (memory stays flat) and one channel operation covers many items. The
//! producer ends with an explicit end marker: a channel that closes without it means
//! the producer died, which the writer sees as an error in the place of the next
//! item — never as a short input, which would commit a truncated batch.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread;

use super::StoreError;

/// Items per message: enough to make the channel's cost per item negligible, small
/// enough that the writer starts soon and the queue holds little.
pub(crate) const CHUNK: usize = 2048;

/// Chunks in flight between the threads.
const DEPTH: usize = 4;

enum Msg<T> {
    Items(Vec<T>),
    End,
}

/// The writer's side: the prepared items in order, or an error if the producer died.
pub(crate) struct Feed<T> {
    rx: Receiver<Msg<T>>,
    chunk: std::vec::IntoIter<T>,
    state: State,
    /// Written items on their way back to the producer, see [`Feed::recycle`].
    spent: Vec<T>,
    back: Sender<Vec<T>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Ended,
    Broken,
}

impl<T> Feed<T> {
    /// Whether another item (or the producer's failure) is to come; waits for it.
    pub(crate) fn has_more(&mut self) -> bool {
        self.fill();
        self.chunk.len() > 0 || self.state == State::Broken
    }

    /// Hands a written item back to the producer's thread to be dropped there. The
    /// allocator serves a thread fastest from memory that thread freed; freeing the
    /// producer's allocations here cost the writer about a tenth of its time.
    pub(crate) fn recycle(&mut self, item: T) {
        self.spent.push(item);
        if self.spent.len() >= CHUNK {
            // A producer that is gone needs nothing back: then they are dropped here.
            let _ = self
                .back
                .send(std::mem::replace(&mut self.spent, Vec::with_capacity(CHUNK)));
        }
    }

    fn fill(&mut self) {
        while self.chunk.len() == 0 && self.state == State::Open {
            match self.rx.recv() {
                Ok(Msg::Items(v)) => self.chunk = v.into_iter(),
                Ok(Msg::End) => self.state = State::Ended,
                Err(_) => self.state = State::Broken,
            }
        }
    }
}

impl<T> Iterator for Feed<T> {
    type Item = Result<T, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        if let Some(item) = self.chunk.next() {
            return Some(Ok(item));
        }
        match self.state {
            // Reported once; the writer stops at the first error anyway.
            State::Broken => {
                self.state = State::Ended;
                Some(Err(producer_died(None)))
            }
            _ => None,
        }
    }
}

fn producer_died(panic: Option<&(dyn std::any::Any + Send)>) -> StoreError {
    let why = panic
        .and_then(|p| {
            p.downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| p.downcast_ref::<String>().cloned())
        })
        .unwrap_or_else(|| "it stopped without a word".to_owned());
    StoreError::Internal(format!(
        "the thread preparing the rows failed ({why}); the batch being written was not recorded"
    ))
}

fn produce<T>(items: impl Iterator<Item = T>, tx: &SyncSender<Msg<T>>, back: &Receiver<Vec<T>>) {
    let mut items = items.peekable();
    while items.peek().is_some() {
        // What the writer is done with is freed here, where it was allocated.
        while let Ok(spent) = back.try_recv() {
            drop(spent);
        }
        let chunk: Vec<T> = items.by_ref().take(CHUNK).collect();
        if tx.send(Msg::Items(chunk)).is_err() {
            // The writer stopped (a store error): nothing more is wanted.
            return;
        }
    }
    // Fails only when the writer is gone, which then needs no end marker.
    let _ = tx.send(Msg::End);
}

/// Runs the lazy iterator `items` on a thread of its own and `write` on this one,
/// which gets the items in order through a [`Feed`].
///
/// # Errors
/// Whatever `write` returns; [`StoreError::Internal`] if the producer panicked.
pub(crate) fn pipelined<T, R>(
    items: impl Iterator<Item = T> + Send,
    write: impl FnOnce(&mut Feed<T>) -> Result<R, StoreError>,
) -> Result<R, StoreError>
where
    T: Send,
{
    thread::scope(|s| {
        let (tx, rx) = sync_channel(DEPTH);
        let (back, back_rx) = channel();
        let producer = s.spawn(move || produce(items, &tx, &back_rx));
        let mut feed = Feed {
            rx,
            chunk: Vec::new().into_iter(),
            state: State::Open,
            spent: Vec::new(),
            back,
        };
        let written = write(&mut feed);
        // Dropping the receiver first unblocks a producer waiting on a full channel.
        drop(feed);
        match (producer.join(), written) {
            // The panic's own message says more than "the feed broke".
            (Err(panic), Ok(_) | Err(StoreError::Internal(_))) => Err(producer_died(Some(&*panic))),
            (_, written) => written,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_arrive_in_order_across_chunks() {
        let n = CHUNK * 3 + 7;
        let got = pipelined(0..n, |feed| feed.collect::<Result<Vec<_>, _>>()).unwrap();
        assert_eq!(got, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn a_dying_producer_is_an_error_not_a_short_input() {
        let items = (0..CHUNK * 2 + 5).inspect(|i| assert!(*i != CHUNK + 3, "planted failure"));
        let mut seen = 0;
        let got = pipelined(items, |feed| {
            for item in feed {
                item?;
                seen += 1;
            }
            Ok(seen)
        });
        let err = got.unwrap_err().to_string();
        assert!(err.contains("planted failure"), "{err}");
        assert_eq!(seen, CHUNK, "only whole chunks sent before the panic arrive");
    }

    #[test]
    fn a_writer_that_stops_early_does_not_hang_the_producer() {
        let got = pipelined(0..CHUNK * 50, |feed| {
            let first = feed.next().transpose()?;
            Err::<(), _>(StoreError::Refused(format!("stopped after {first:?}")))
        });
        assert!(got.unwrap_err().to_string().contains("stopped after Some(0)"));
    }
}
