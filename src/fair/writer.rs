//! The single writer thread: group commit.
//!
//! Every write operation is sent here as a job. The thread takes the first job waiting, then
//! every other job already queued (up to [`MAX_BATCH`]), runs each inside its own savepoint
//! of one transaction, commits once, and only then replies to each caller. While one batch is
//! being fsynced, new jobs queue up for the next one, so under load many check-ins share one
//! fsync and a lone caller pays no extra wait. A job that fails or panics is rolled back
//! alone; if the commit fails, every caller of the batch gets the error and nothing of it is
//! on disk: no caller is ever told "done" for a change that is not durable.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::api::{FairError, FairResult};
use crate::store::{BatchOp, Store, Tx};

/// Most jobs committed together.
const MAX_BATCH: usize = 64;
/// Jobs that may wait for the writer before callers block on sending.
const QUEUE: usize = 1024;

/// What a job hands back after running: called with the commit's outcome.
type Reply = Box<dyn FnOnce(FairResult<()>) + Send>;
/// One write operation: runs in the batch transaction, says whether it succeeded.
type Job = Box<dyn FnOnce(&Tx<'_>) -> (bool, Reply) + Send>;

/// Handle to the writer thread; dropping it lets the thread finish and waits for it.
pub(super) struct Writer {
    jobs: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
}

fn stopped() -> FairError {
    FairError::Storage {
        message: "the write failed before it could be saved; nothing was written".into(),
    }
}

impl Writer {
    /// Starts the thread that owns the write connection `store`.
    pub(super) fn start(store: Store) -> FairResult<Self> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("fairdesk-writer".into())
            .spawn(move || run(store, queue))
            .map_err(|e| FairError::Storage {
                message: format!("cannot start the writer thread: {e}"),
            })?;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `f` in the next batch and returns its result once the batch is committed.
    pub(super) fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    ) -> FairResult<T> {
        let (send, receive) = mpsc::sync_channel::<FairResult<T>>(1);
        let job: Job = Box::new(move |tx| {
            let result = f(tx);
            let ok = result.is_ok();
            let reply: Reply = Box::new(move |commit| {
                // The caller may have gone away; then nobody needs the answer.
                let _ = send.send(commit.and(result));
            });
            (ok, reply)
        });
        self.jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())?;
        receive.recv().unwrap_or_else(|_| Err(stopped()))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(mut store: Store, queue: Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (replies_in, replies) = mpsc::channel::<Reply>();
        let ops: Vec<BatchOp> = batch
            .into_iter()
            .map(|job| {
                let replies_in = replies_in.clone();
                Box::new(
                    move |tx: &Tx<'_>| match catch_unwind(AssertUnwindSafe(|| job(tx))) {
                        Ok((ok, reply)) => {
                            let _ = replies_in.send(reply);
                            ok
                        }
                        // A bug panicked inside the job: its savepoint is rolled back, and its
                        // caller, whose reply channel was dropped in the unwind, gets an error.
                        Err(_) => false,
                    },
                ) as BatchOp
            })
            .collect();
        drop(replies_in);
        let commit = store.write_batch(ops).map(|_| ());
        if let Err(e) = &commit {
            tracing::error!(error = %e, "a write batch failed to commit");
        }
        for reply in replies.try_iter() {
            reply(commit.clone());
        }
    }
}
