"""The formulas of lesson 1 as LaTeX, with the state's numbers substituted (rendered to MathML by `math`).

Only our own text and numbers formatted by `latex_number` go into these strings, never user input.
Each function returns (symbol, latex) rows in the order the page shows them.
"""

from __future__ import annotations

from app.services.tex import n, paren

from .maths import BackpropView, Chain, d, tex

UPDATE_GRAD = r"\partial L / \partial p"
UPDATE_NEXT = r"p - \gamma \, \partial L / \partial p"


def field_label(name: str) -> str:
    """LaTeX of an input's label: "w111" -> w_{111}, "lr" -> gamma."""
    return r"\gamma" if name == "lr" else tex(name)


def forward(s: BackpropView) -> list[tuple[str, str]]:
    p, v = s.inputs, s.values
    rows = []
    for j in ("1", "2"):
        w, b = getattr(p, f"w1{j}1"), getattr(p, f"b1{j}")
        rows.append((f"z1{j}", rf"z_{{1{j}}} = w_{{1{j}1}} x + b_{{1{j}}} = "
                               rf"{paren(w)} \cdot {paren(p.x)} + {paren(b)}"))
        rows.append((f"y1{j}", rf"y_{{1{j}}} = \max(z_{{1{j}}}, 0) = \max({n(v[f'z1{j}'])}, 0)"))
    rows.append(("z21", r"z_{21} = w_{211} y_{11} + w_{212} y_{12} + b_{21} = "
                        rf"{paren(p.w211)} \cdot {paren(v['y11'])} + {paren(p.w212)} \cdot {paren(v['y12'])} + "
                        rf"{paren(p.b21)}"))
    rows.append(("y21", rf"y_{{21}} = \max(z_{{21}}, 0) = \max({n(v['z21'])}, 0)"))
    return rows


def loss(s: BackpropView) -> list[tuple[str, str]]:
    return [("loss", rf"L = (y_{{\text{{true}}}} - y_{{21}})^2 = ({n(s.inputs.y_true)} - {paren(s.values['y21'])})^2")]


def gradients(s: BackpropView) -> list[tuple[str, str]]:
    p, v, r = s.inputs, s.values, s.relu
    dz21 = d("L", "z21")
    rows = [
        ("dL/dy21", rf"{d('L', 'y21')} = 2(y_{{21}} - y_{{\text{{true}}}}) = 2({n(v['y21'])} - {paren(p.y_true)})"),
        ("dL/dz21", rf"{dz21} = {d('L', 'y21')} \cdot \mathrm{{ReLU}}'(z_{{21}}) = "
                    rf"{paren(v['dL/dy21'])} \cdot {paren(r['21'])}"),
    ]
    for j in ("1", "2"):
        rows.append((f"dL/dz1{j}", rf"{d('L', f'z1{j}')} = {dz21} \cdot w_{{21{j}}} \cdot "
                                   rf"\mathrm{{ReLU}}'(z_{{1{j}}}) = {paren(v['dL/dz21'])} \cdot "
                                   rf"{paren(getattr(p, f'w21{j}'))} \cdot {paren(r[f'1{j}'])}"))
    for j in ("1", "2"):
        rows.append((f"dL/dw1{j}1", rf"{d('L', f'w1{j}1')} = {d('L', f'z1{j}')} \cdot x = "
                                    rf"{paren(v[f'dL/dz1{j}'])} \cdot {paren(p.x)}"))
        rows.append((f"dL/db1{j}", rf"{d('L', f'b1{j}')} = {d('L', f'z1{j}')}"))
    for j in ("1", "2"):
        rows.append((f"dL/dw21{j}", rf"{d('L', f'w21{j}')} = {dz21} \cdot y_{{1{j}}} = "
                                    rf"{paren(v['dL/dz21'])} \cdot {paren(v[f'y1{j}'])}"))
    rows.append(("dL/db21", rf"{d('L', 'b21')} = {dz21}"))
    return rows


def chain(c: Chain) -> str:
    """dL/dp = factor · factor · ... = (number)(number)... = result."""
    symbols = r" \cdot ".join(f.latex for f in c.factors)
    numbers = "".join(f"({n(f.value)})" for f in c.factors)  # (-10)(1)(70), as the lecture writes it
    return rf"{d('L', c.param)} = {symbols} = {numbers} = {n(c.grad)}"
