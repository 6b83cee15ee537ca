"""Lesson 5 (slides 27-29): values and gradients through the lecture's chains, a deep network at initialization,
data scaling, and the same network trained live (one run; five seeds; three scalings)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from app.formatting import number, percent
from app.lessons.contract import LessonPage, Parsed, RunView
from app.runs import views
from app.services import playground

from . import maths, plots, tex
from .state import CHAIN_FIELDS, DEEP_FIELDS, LIVE_FIELDS, InitState

FIELDS = (*CHAIN_FIELDS, *DEEP_FIELDS, *LIVE_FIELDS)  # the form's fields

NONE = "\u2014"

# Which fields each region of the page shows (the htmx answer swaps a region only when one of them changed).
REGIONS = {
    "chains": set(CHAIN_FIELDS),
    "bounds": {"width"},
    "deep": set(DEEP_FIELDS),
    "runs": {"seed"},  # the seeds of section 5
    "playground": set(DEEP_FIELDS) | set(LIVE_FIELDS),
}


def changed(request, state: InitState) -> set[str]:
    """The fields whose value differs from what the page shows now: the state of the browser's URL (htmx sends it
    as HX-Current-URL; every good answer set it). All of them when it is not known."""
    url = request.headers.get("HX-Current-URL")
    if not url:
        return set(InitState.model_fields)
    shown = InitState.parse(dict(parse_qsl(urlsplit(url).query))).state
    return {name for name in InitState.model_fields if getattr(shown, name) != getattr(state, name)}


def experiment(parsed: Parsed, t, request) -> dict:
    """GET /lessons/initialization/data/experiment: {"experiment": the Experiment JSON of a live run} for the
    page's fields, with ?run_seed= / ?run_scaling= for another seed or scaling (422 naming a bad field)."""
    st = parsed.state
    return {"experiment": maths.experiment(st, st.run_seed, st.run_scaling)}


# ---------------------------------------------------------------- views of the runs (in the compute pool)

def status_texts(run, t) -> dict[str, str]:
    """What the live section's status line says while training, when paused, and when the run has ended."""
    step = run.trainer.step
    if run.status == "diverged":
        end = t("init.live.diverged", step=run.diverged_at or step)
    elif step >= maths.MAX_UPDATES:
        end = t("init.live.done", n=step)
    else:
        end = ""
    return {"running": t("init.live.training", step=step), "paused": t("init.live.paused", n=step), "ended": end}


def live_view(run, state: InitState, t) -> dict:
    """Section 4: the loss curve, the scale of every layer and the histograms of the hidden layers' activations
    over the training set, now."""
    stats = views.layer_stats(run, bins=maths.BINS)
    return {"step": run.trainer.step, "status": run.status, "text": status_texts(run, t),
            "plots": plots.live_plots(stats, run.curve_steps, run.curve_loss, t)}


def _last(values) -> float | None:
    return values[-1] if len(values) else None


def curve_view(label: str, color: str):
    def build(run, state: InitState, t) -> dict:
        """Sections 5 and 6: one run's loss curve as a trace of the shared plot, and its results as texts."""
        h = run.history()
        return {"trace": plots.loss_trace(h["step"], h["loss"], label_of(run, t), color_of(run)),
                "texts": {"seed": str(run.experiment.seed), "train_loss": number_text(_last(h["loss"])),
                          "val_loss": number_text(_last(h["val_loss"])),
                          "val_acc": percent(_last(h["val_acc"])) or NONE}}

    def label_of(run, t) -> str:
        exp = run.experiment
        return t("init.s5.seed_n", n=exp.seed) if label == "seed" else t(maths.SCALING_LABELS[exp.scaling])

    def color_of(run) -> str:
        exp = run.experiment
        return plots.RUN_COLORS[exp.seed % len(plots.RUN_COLORS)] if color == "seed" else \
            plots.SCALING_COLORS[exp.scaling]

    return build


def number_text(v) -> str:
    return NONE if v is None else (number(float(f"{v:.4g}")) or NONE)


class InitializationPage(LessonPage):
    State = InitState
    data = {"experiment": experiment}
    run_views = {
        "live": RunView(live_view, accepts=maths.is_lesson_run),
        "seed": RunView(curve_view("seed", "seed"), accepts=maths.is_lesson_run),
        "scaling": RunView(curve_view("scaling", "scaling"), accepts=maths.is_lesson_run),
    }

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        chains = {c: maths.chain(getattr(st, f"w_{c}"), getattr(st, f"b_{c}"), st.depth, st.x) for c in maths.CHAINS}
        deep = maths.deep_at_init(st.layers, st.width, st.init, st.act, st.seed)

        def swap(request, region: str) -> bool:
            return bool(REGIONS[region] & changed(request, st))

        return {"ini": maths, "tx": tex, "pl": plots, "FIELDS": FIELDS, "chains": chains, "deep": deep,
                "shapes": maths.iris_shapes(st.width), "swap": swap, "live_plots": plots.live_plots(None, [], [], t),
                "config": self.config(st, t)}

    def config(self, st: InitState, t) -> dict:
        """What the page's script needs for the live runs (every number and text from here)."""
        return {"experiment": f"{self.path}/data/experiment", "api": "/api/v1/runs",
                "view": f"{self.path}/runs/{{id}}/live", "seed_view": f"{self.path}/runs/{{id}}/seed",
                "scaling_view": f"{self.path}/runs/{{id}}/scaling", "chunk": maths.CHUNK,
                "max_updates": maths.MAX_UPDATES, "updates": maths.SEED_UPDATES, "seeds": maths.seeds(st.seed),
                "scalings": list(maths.SCALINGS),
                "text": {"working": t("init.live.working", done="{done}", total="{total}"),
                         "finished": t("init.live.finished"), "invalid": t("init.live.invalid"),
                         "failed": t("init.live.failed")}}

    def playground_url(self, state: InitState) -> str:
        exp = maths.playground_experiment(state, playground.MAX_LAYERS, playground.MAX_UNITS)
        return playground.PATH + "?" + urlencode(playground.to_query(exp))


PAGE = InitializationPage("initialization")
