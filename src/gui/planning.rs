//! The Load view's data: figures derived from the model and scenario (cached per revision of
//! each), and the capacity planner as a background task that can be cancelled.

use super::App;
use super::command::Status;
use super::job::RunKind;
use super::task::{Outcome, Progress, Reporter, Spec, Stop, Task};
use crate::analysis::{LatencyReport, Queue, latency, queues};
use crate::engine::{self, EngineError, Observer};
use crate::planner::{Goal, PlanError, Proposal, plan_capacity};
use crate::report::charts::{self, Chart};
use std::sync::atomic::{AtomicU64, Ordering};

/// Which documents (and horizon) derived figures were computed from.
type FiguresKey = ((u64, u64), (u64, u64), usize);

/// Figures derived from the model and scenario, kept until either changes.
pub struct LoadFigures {
    key: FiguresKey,
    /// Offered load over the horizon.
    pub profile: Chart,
    /// Headroom of each capacity-limited component.
    pub headroom: Chart,
    /// Latency at the average and the busiest hour.
    pub latency: LatencyReport,
    /// The capacity-limited components as queues.
    pub queues: Vec<Queue>,
}

/// The capacity planner: the running task, or its last answer.
#[derive(Default)]
pub struct PlannerState {
    task: Option<Task<Proposal>>,
    /// The last answer (a plan, or why there is none).
    pub result: Option<Result<Proposal, String>>,
}

impl PlannerState {
    /// Whether a plan is being computed.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// The planner's latest progress.
    pub fn progress(&self) -> Option<&Progress> {
        self.task.as_ref().and_then(Task::progress)
    }

    /// Whether cancel was asked for.
    pub fn is_cancelling(&self) -> bool {
        self.task.as_ref().is_some_and(Task::is_cancelling)
    }
}

/// Reports each candidate's simulation through the task and stops it on cancel.
struct PlannerObserver<'a> {
    reporter: &'a Reporter<()>,
    finished: AtomicU64,
}

impl Observer for PlannerObserver<'_> {
    fn on_progress(&self, p: &engine::Progress) {
        let n = self.finished.load(Ordering::Relaxed) + 1;
        self.reporter.report(Progress {
            done: p.trials_done,
            total: p.trials_total,
            label: format!("candidate {n}: trials"),
            detail: (),
        });
        if p.trials_done >= p.trials_total {
            self.finished.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn should_stop(&self) -> bool {
        self.reporter.is_cancelled()
    }
}

impl App {
    fn figures_key(&self) -> Option<(FiguresKey, f64)> {
        let plan = self.doc.plan()?;
        let horizon = self.settings.horizon_hours.unwrap_or(plan.horizon_hours());
        let key = (
            self.model_key(),
            self.scenario_key(),
            horizon.ceil() as usize,
        );
        Some((key, horizon))
    }

    /// Recompute the Load view's figures if the model, scenario or horizon changed (the
    /// latency count evaluates every hour of the year, so not every frame).
    pub fn refresh_load_figures(&mut self) {
        let Some((key, horizon)) = self.figures_key() else {
            self.load_figures = None;
            return;
        };
        if self.load_figures.as_ref().is_some_and(|f| f.key == key) {
            return;
        }
        let (Some(plan), Some(sc)) = (self.doc.plan(), self.scenario.parsed()) else {
            self.load_figures = None;
            return;
        };
        let qs = queues(plan);
        let hours = key.2;
        self.load_figures = Some(LoadFigures {
            key,
            profile: charts::load_profile(sc, hours),
            headroom: charts::headroom(&qs, sc, hours),
            latency: latency(&plan.clone().with_scenario(sc.clone()), sc, horizon),
            queues: qs,
        });
    }

    /// The Load view's figures, when they are current.
    pub fn load_figures(&self) -> Option<&LoadFigures> {
        let (key, _) = self.figures_key()?;
        self.load_figures.as_ref().filter(|f| f.key == key)
    }

    /// Start the capacity planner on the current model and scenario.
    pub(super) fn start_planning(&mut self, target: f64, max_overload: f64) {
        if self.planner.running() {
            return;
        }
        let (Some(plan), Some(sc)) = (self.doc.plan(), self.scenario.parsed()) else {
            self.status = Some(Status::error(
                "the model or the scenario has problems: fix them before planning",
            ));
            return;
        };
        let goal = Goal {
            target,
            max_overload_probability: max_overload,
            run: self.run_config(RunKind::Quick),
        };
        let (model, sc) = (plan.model().clone(), sc.clone());
        self.planner.result = None;
        self.planner.task = Some(Task::spawn(
            Spec::named("nines-planner"),
            self.ctx.clone(),
            move |r: &Reporter<()>| {
                let obs = PlannerObserver {
                    reporter: r,
                    finished: AtomicU64::new(0),
                };
                plan_capacity(&model, &sc, &goal, &obs).map_err(|e| match e {
                    PlanError::Engine(EngineError::Cancelled) => Stop::Cancelled,
                    e => Stop::Failed(e.to_string()),
                })
            },
        ));
    }

    /// Ask the planner to stop.
    pub(super) fn cancel_planning(&mut self) {
        if let Some(t) = &mut self.planner.task {
            t.cancel();
        }
    }

    /// Take the planner's answer if it arrived.
    pub(super) fn poll_planner(&mut self) {
        let Some(outcome) = self.planner.task.as_mut().and_then(Task::poll) else {
            return;
        };
        self.planner.task = None;
        if let Some(s) = Status::for_outcome("capacity plan", &outcome) {
            self.status = Some(s);
        }
        self.planner.result = match outcome {
            Outcome::Done(p) => Some(Ok(p)),
            Outcome::Cancelled => None,
            Outcome::Failed(e) | Outcome::Panicked(e) => Some(Err(e)),
        };
    }
}
