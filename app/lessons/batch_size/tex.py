"""Lesson 4's formulas as LaTeX (rendered to MathML by the `math` template global); our own text only.
BS is the batch size, as the lecture writes it (slide 25); m the number of training samples."""

BS = r"\mathrm{BS}"
UPDATES = rf"\left\lceil \frac{{m}}{{{BS}}} \right\rceil"
MEMORY = rf"{BS} \cdot (2 + 8 + 1) \cdot 8"
NOISE = r"\sigma = \frac{1}{\bar{L}} \sqrt{\frac{1}{N} \sum_{n} \left(L_n - \bar{L}_{e(n)}\right)^2}"


def seconds(epoch: str, update: str) -> str:
    """t_epoch = t_update · ⌈m / BS⌉, the subscripts in the page's language (catalog words, no user input)."""
    return rf"t_{{\text{{{epoch}}}}} = t_{{\text{{{update}}}}} \cdot {UPDATES}"
