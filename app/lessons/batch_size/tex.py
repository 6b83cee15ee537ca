"""Lesson 4's formulas as LaTeX (rendered to MathML by the `math` template global); our own text only."""

UPDATES = r"\left\lceil \frac{m}{B} \right\rceil"
MEMORY = r"B \cdot (2 + 8 + 1) \cdot 8\ \text{B}"
SECONDS = r"t_{\text{epoch}} = t_{\text{update}} \cdot \left\lceil \frac{m}{B} \right\rceil"
NOISE = r"\sigma_{\Delta} = \operatorname{std}\left(L_{n+1} - L_n\right)"
