"""The lecture's formulas of lesson 6 (slides 30-32) as LaTeX, rendered to MathML by the templates' `math`."""

L2 = r"L(y_{\text{true}}, y_{\text{out}}) = (y_{\text{true}} - y_{21})^2 + \lambda \sum_{i=1}^{n} w_i^2"
L1 = r"L(y_{\text{true}}, y_{\text{out}}) = (y_{\text{true}} - y_{21})^2 + \lambda \sum_{i=1}^{n} |w_i|"
BN = r"y = \gamma \frac{x - \mu_B}{\sigma_B} + \beta"
DROPOUT_TRAIN = r"\tilde{y} = \frac{m \, y}{1 - p}, \quad m \sim \mathrm{Bernoulli}(1 - p)"
