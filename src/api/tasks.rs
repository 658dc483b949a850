//! Portal jobs (a handover of rooms, a type change): their progress, and one way of waiting for
//! one to end.

use std::future::Future;

use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::wire::TaskStatus;

/// `TaskProgressResponseDto`: a background job.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskProgress {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub percentage: u32,
    #[serde(default)]
    pub is_completed: bool,
    /// `DistributedTaskStatus` (see [`TaskStatus`]).
    #[serde(default)]
    pub status: u8,
    #[serde(default)]
    pub error: Option<String>,
}

impl TaskProgress {
    pub fn task_status(&self) -> TaskStatus {
        TaskStatus::from_code(self.status)
    }

    /// The job ended and did what it was asked.
    pub fn succeeded(&self) -> bool {
        self.is_completed && self.task_status() == TaskStatus::Completed
    }

    /// The job was canceled (`…/terminate`).
    pub fn canceled(&self) -> bool {
        self.task_status() == TaskStatus::Canceled
    }

    /// This job as it ended when the portal no longer has it (it forgets a finished job 60 s
    /// after, a canceled one at once) and the panel found out how from what the portal holds:
    /// completed, canceled, or failed with `error`.
    pub fn ended_as(self, end: Result<bool, String>) -> TaskProgress {
        let (status, error) = match end {
            Ok(true) => (2, None),
            Ok(false) => (3, None),
            Err(e) => (4, Some(e)),
        };
        TaskProgress {
            percentage: if status == 2 { 100 } else { self.percentage },
            is_completed: true,
            status,
            error,
            ..self
        }
    }
}

/// How waiting for a job ended.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskEnd {
    /// It ended: completed, failed or canceled (see the progress).
    Finished(TaskProgress),
    /// The portal has no such job (it forgot a finished one, or never started it).
    Gone,
    /// Still running after every poll allowed.
    StillRunning(TaskProgress),
}

/// Waits for the job whose first answer is `first`: asks `progress` every `every_ms` (on
/// `sleep`), at most `polls` times, giving each answer to `seen`. A bounded wait: a job that
/// stalls is reported, not waited on forever.
pub async fn wait_for_task<P, PF, S, SF>(
    first: TaskProgress,
    progress: P,
    sleep: S,
    every_ms: u32,
    polls: u32,
    mut seen: impl FnMut(&TaskProgress),
) -> Result<TaskEnd, ApiError>
where
    P: Fn() -> PF,
    PF: Future<Output = Result<Option<TaskProgress>, ApiError>>,
    S: Fn(u32) -> SF,
    SF: Future<Output = ()>,
{
    let mut task = first;
    for _ in 0..polls {
        seen(&task);
        if task.is_completed {
            return Ok(TaskEnd::Finished(task));
        }
        sleep(every_ms).await;
        match progress().await? {
            Some(next) => task = next,
            None => return Ok(TaskEnd::Gone),
        }
    }
    seen(&task);
    Ok(if task.is_completed {
        TaskEnd::Finished(task)
    } else {
        TaskEnd::StillRunning(task)
    })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    fn block<T>(future: impl Future<Output = T>) -> T {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("ready at once"),
        }
    }

    fn at(percentage: u32, status: u8) -> TaskProgress {
        TaskProgress {
            id: None,
            percentage,
            is_completed: status >= 2,
            status,
            error: None,
        }
    }

    #[test]
    fn polls_until_the_job_ends_and_reports_each_step() {
        let answers = RefCell::new(vec![Some(at(100, 2)), Some(at(60, 1))]);
        let mut seen = Vec::new();
        let end = block(wait_for_task(
            at(10, 1),
            || {
                let next = answers.borrow_mut().pop().flatten();
                async move { Ok(next) }
            },
            |_| async {},
            300,
            10,
            |t| seen.push(t.percentage),
        ))
        .unwrap();
        assert!(matches!(end, TaskEnd::Finished(t) if t.succeeded()));
        assert_eq!(seen, [10, 60, 100]);
    }

    #[test]
    fn a_forgotten_job_reads_as_it_ended() {
        assert!(at(40, 1).ended_as(Ok(true)).succeeded());
        let canceled = at(40, 1).ended_as(Ok(false));
        assert!(canceled.canceled() && canceled.is_completed && canceled.percentage == 40);
        let failed = at(40, 1).ended_as(Err("lost".into()));
        assert!(failed.is_completed && !failed.succeeded() && !failed.canceled());
        assert_eq!(failed.error.as_deref(), Some("lost"));
    }

    #[test]
    fn a_forgotten_job_and_a_stalled_one_are_said_so() {
        let gone = block(wait_for_task(
            at(10, 1),
            || async { Ok(None) },
            |_| async {},
            300,
            10,
            |_| {},
        ));
        assert_eq!(gone, Ok(TaskEnd::Gone));
        let stalled = block(wait_for_task(
            at(10, 1),
            || async { Ok(Some(at(10, 1))) },
            |_| async {},
            300,
            3,
            |_| {},
        ));
        assert!(matches!(stalled, Ok(TaskEnd::StillRunning(_))));
        let refused = block(wait_for_task(
            at(10, 1),
            || async { Err(ApiError::Unauthorized) },
            |_| async {},
            300,
            3,
            |_| {},
        ));
        assert_eq!(refused, Err(ApiError::Unauthorized));
    }
}
