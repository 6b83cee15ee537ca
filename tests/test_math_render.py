"""The `math` template global's fast path (a formula's MathML converted once per shape, its numbers put back)
gives exactly the text latex2mathml's own `convert` gives for the whole formula.

The expected value is always `latex2mathml.converter.convert` on the unchanged LaTeX: an independent
computation, not a copy of our output.
"""

from __future__ import annotations

import pytest
from latex2mathml.converter import convert
from markupsafe import Markup

from app import templating
from app.formatting import latex_number
from app.lessons import LESSONS
from app.lessons.backprop import PAGE as BACKPROP
from app.lessons.backprop import maths as backprop
from app.lessons.backprop import tex as tx
from app.lessons.backprop import view as backprop_view
from app.templating import math

# Numbers as the formulas write them: integers, negatives, zero, decimals, the exponent forms that
# latex_number writes as "m \cdot 10^{e}" (6.4e-05, 1.5e-07, 1.23457e+06) and the bounds of lesson 1's fields.
VALUES = (0.0, -0.0, 1.0, 2.0, 70.0, -10.0, -700.0, 0.5, -0.25, 0.001, 20.04, -3.14159, 6.4e-05, -6.4e-05,
          1.5e-07, 1234567.0, 1.2345678e6, -9.87654321e-9, 1e6, -1e6, 1e15, 123456.789, 0.1 + 0.2)

# Shapes with one or two numbers {a}, {b}: those of the lessons and ones where latex2mathml reads digits
# specially (a digit right after ^ or _, \frac12, text, roots, a ".5"), which must also come out right.
SHAPES = (
    r"z_{11} = w_{111} x + b_{11} = {a} \cdot {b} + {a}",
    r"y_{11} = \max({a}, 0) = {b}",
    r"L = (y_{\text{true}} - y_{21})^2 = ({a} - {b})^2",
    r"\frac{\partial L}{\partial w_{211}} = ({a})({b})(1) = {a}",
    r"\frac{{a}}{{b}} + \sqrt{{a}} + \sqrt[3]{{b}}",
    r"e^{{a}} + x^2 + x_1 + x^23 + 10^{{b}}",
    r"\text{epoch 3: } {a} \quad \mathrm{ReLU}'({b})",
    r"\frac12 {a} + .5 {b}",
    r"\mathbf{{a}} + \left( {b} \right) + \lvert {a} \rvert",
    r"\sigma(y)_1 = {a}, \; \gamma_0 = {b}",
    r"\begin{cases} {a} & x > 0 \\ {b} & x \le 0 \end{cases}",
    r"\sum_{i=1}^{3} {a} \le {b}",
    r"{a}{b}",
)


def _fill(shape: str, a: float, b: float, paren: bool) -> str:
    return shape.replace("{a}", latex_number(a, paren)).replace("{b}", latex_number(b, paren))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("display", ["inline", "block"])
def test_fast_path_equals_direct_conversion(shape, display):
    for i, a in enumerate(VALUES):
        b = VALUES[(i * 7 + 3) % len(VALUES)]
        for paren in (False, True):
            latex = _fill(shape, a, b, paren)
            got = math(latex, display)
            assert isinstance(got, Markup)
            assert str(got) == convert(latex, display=display), latex


def test_numbers_show_in_the_mathml():
    """The numbers themselves reach the output (as latex2mathml writes them: a minus as U+2212 operator)."""
    out = str(math(r"z = " + latex_number(-10.0, True) + r" \cdot " + latex_number(0.001) + " + "
                   + latex_number(6.4e-05)))
    assert "<mo>&#x02212;</mo><mn>10</mn>" in out
    assert "<mn>0.001</mn>" in out
    assert "<mn>6.4</mn>" in out and "<mn>10</mn><mrow><mo>&#x02212;</mo><mn>5</mn></mrow>" in out


def test_one_conversion_per_shape(monkeypatch):
    """Formulas that differ only in their numbers are converted once: the point of the fast path."""
    calls = []

    def counting(latex, display="inline"):
        calls.append(latex)
        return convert(latex, display=display)

    monkeypatch.setattr(templating, "convert", counting)
    templating.math.cache_clear()
    templating._shape.cache_clear()
    try:
        outs = [str(math(rf"y_{{41}} = \max({latex_number(v)}, 0)")) for v in (3.0, 17.5, 250.0, 0.002)]
        assert len(calls) == 1
        assert outs[1] == convert(r"y_{41} = \max(17.5, 0)")
    finally:
        templating.math.cache_clear()
        templating._shape.cache_clear()


def _lesson1_formulas():
    """Every formula lesson 1 shows, for states with negatives, zero, decimals and tiny numbers."""
    queries = [
        {},
        {"w111": "-10", "b11": "0", "x": "0.5"},
        {"w111": "0.00001", "b11": "0", "w211": "-3", "lr": "0.0001"},
        {"w121": "0.3", "b12": "-0.0000016", "w212": "2.5", "y_true": "-7"},
        {"w111": "1000000", "x": "1000000", "b21": "-0.000000123"},
    ]
    for query in queries:
        for param in backprop.PARAMETERS:
            state = backprop_view(BACKPROP.handle({**query, "param": param}))
            for rows in (tx.forward(state), tx.loss(state), tx.gradients(state)):
                for _, latex in rows:
                    yield latex, "inline"
            yield tx.chain(state.chain), "block"
            for f in state.chain.factors:
                yield f.latex, "inline"
                yield f.meaning, "inline"


def test_lesson1_formulas_equal_direct_conversion():
    seen = 0
    for latex, display in _lesson1_formulas():
        assert str(math(latex, display)) == convert(latex, display=display), latex
        seen += 1
    assert seen > 300


def test_every_lesson_page_formula_equals_direct_conversion(client, monkeypatch):
    """Record each formula the lesson pages render (both languages) and compare with the direct conversion."""
    recorded = set()

    def recording(latex, display="inline"):
        recorded.add((latex, display))
        return math(latex, display)

    monkeypatch.setitem(templating.templates.env.globals, "math", recording)
    pages = [lesson.path for lesson in LESSONS if lesson.has_page]
    assert len(pages) >= 8
    for path in pages:
        for lang in ("pl", "en"):
            assert client.get(path, params={"lang": lang}).status_code == 200
    assert client.get(BACKPROP.path, params={"w111": "-9.9", "view": "backward"},
                      headers={"HX-Request": "true"}).status_code == 200
    assert len(recorded) > 50
    for latex, display in recorded:
        assert str(math(latex, display)) == convert(latex, display=display), latex
