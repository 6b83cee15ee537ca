"""Lesson 9 (/lessons/activations): activation functions and dead neurons."""

MESSAGES = {
    "act.lead": {
        "pl": "Funkcja aktywacji decyduje, co neuron przekaże dalej, a jej pochodna — ile gradientu wróci przez "
              "neuron w czasie uczenia. Gdzie pochodna jest zerem, tam uczenie stoi.",
        "en": "The activation function decides what a neuron passes on, and its derivative decides how much "
              "gradient flows back through the neuron during training. Where the derivative is zero, learning "
              "stands still.",
    },
    "act.recompute": {"pl": "Przelicz", "en": "Recompute"},
    # 1. the functions
    "act.s1.heading": {"pl": "1. Funkcje aktywacji i ich pochodne", "en": "1. Activation functions and their derivatives"},
    "act.s1.text": {
        "pl": "ReLU(z) = max(z, 0) jest najprostsza, ale dla z < 0 ma pochodną 0. Alternatywy z wykładu: Leaky "
              "ReLU (np. α = 0.1), Parametric ReLU (α uczone), SiLU, ELU (α ≥ 0) i Softplus. Dla porównania "
              "dodaliśmy klasyczne sigmoid i tanh (materiał standardowy, nie ze slajdów). Linia ciągła to f(z), "
              "przerywana to f′(z).",
        "en": "ReLU(z) = max(z, 0) is the simplest, but for z < 0 its derivative is 0. The lecture's alternatives: "
              "Leaky ReLU (e.g. α = 0.1), Parametric ReLU (α learned), SiLU, ELU (α ≥ 0) and Softplus. For "
              "comparison we added the classic sigmoid and tanh (standard material, not from the slides). The solid "
              "line is f(z), the dashed one f′(z).",
    },
    "act.s1.left_out": {
        "pl": "Pominięte: identyczność (f(z) = z, f′ = 1 — nic do oglądania) i softmax — nie działa na każdą "
              "liczbę osobno (każde wyjście zależy od wszystkich wejść, pochodna to macierz), ma własną lekcję 8.",
        "en": "Left out: identity (f(z) = z, f′ = 1, nothing to see) and softmax, which does not act on each number "
              "separately (every output depends on every input, its derivative is a matrix); it has its own lesson 8.",
    },
    "act.s1.legend": {"pl": "Parametry i punkt z", "en": "Parameters and a point z"},
    "act.label.leaky": {"pl": "Leaky ReLU:", "en": "Leaky ReLU:"},
    "act.label.prelu": {"pl": "PReLU (start):", "en": "PReLU (start):"},
    "act.label.elu": {"pl": "ELU:", "en": "ELU:"},
    "act.label.probe": {"pl": "punkt", "en": "point"},
    "act.s1.prelu": {
        "pl": "W PReLU α jest parametrem sieci: zaczyna od podanej wartości (domyślnie 0.25, jak w PyTorch) i zmienia "
              "się w trakcie uczenia jak każda waga.",
        "en": "In PReLU α is a parameter of the network: it starts at the value given (0.25 by default, as in "
              "PyTorch) and changes during training like any weight.",
    },
    "act.s1.kink": {
        "pl": "W z = 0 ReLU nie ma pochodnej; przyjmujemy 0, jak PyTorch (a dla Leaky ReLU i ELU — α).",
        "en": "At z = 0 ReLU has no derivative; we take 0 there, as PyTorch does (and α for Leaky ReLU and ELU).",
    },
    "act.plot.f": {"pl": "f(z)", "en": "f(z)"},
    "act.plot.df": {"pl": "f′(z) (pochodna)", "en": "f′(z) (derivative)"},
    "act.plot.y": {"pl": "wartość", "en": "value"},
    "act.probe.caption": {"pl": "Wartości i pochodne w punkcie z = {z}", "en": "Values and derivatives at z = {z}"},
    "act.probe.name": {"pl": "funkcja", "en": "function"},
    # 2. the dead neuron
    "act.s2.heading": {"pl": "2. Martwy neuron ReLU", "en": "2. A dead ReLU neuron"},
    "act.s2.text": {
        "pl": "Neuron ReLU z wagami [0.2, −0.4, 0.1, −0.5] i bez biasu dostaje dziesięć pierwszych wierszy zbioru "
              "Iris (długość i szerokość działki, długość i szerokość płatka, w cm). Dla pierwszego wiersza "
              "z = −0.34. Zmień wagi lub bias i sprawdź, kiedy neuron ożywa.",
        "en": "A ReLU neuron with weights [0.2, −0.4, 0.1, −0.5] and no bias receives the first ten rows of the Iris "
              "set (sepal length and width, petal length and width, in cm). For the first row z = −0.34. Change the "
              "weights or the bias and find out when the neuron comes alive.",
    },
    "act.s2.legend": {"pl": "Wagi i bias neuronu", "en": "The neuron's weights and bias"},
    "act.ten.caption": {
        "pl": "Dziesięć wierszy Iris przez neuron (błąd MSE względem celu 1 w każdym wierszu)",
        "en": "Ten Iris rows through the neuron (MSE loss against a target of 1 in every row)",
    },
    "act.ten.first": {"pl": "Wiersz 1:", "en": "Row 1:"},
    "act.ten.row": {"pl": "wiersz", "en": "row"},
    "act.ten.dead": {
        "pl": "Wszystkie {n} wierszy daje z < 0: wyjście 0, pochodna ReLU 0, gradient 0. Neuron jest martwy — "
              "uczenie nie zmieni jego wag.",
        "en": "All {n} rows give z < 0: output 0, ReLU derivative 0, gradient 0. The neuron is dead: training will "
              "not change its weights.",
    },
    "act.ten.alive": {
        "pl": "{on} z {n} wierszy daje z > 0: neuron przekazuje sygnał i dostaje gradient.",
        "en": "{on} of {n} rows give z > 0: the neuron passes a signal and receives a gradient.",
    },
    "act.ten.grad": {"pl": "Gradient po dziesięciu wierszach:", "en": "The gradient over the ten rows:"},
    "act.s2.why": {
        "pl": "Każdy gradient wagi neuronu przechodzi przez ReLU′(z). Gdy z ≤ 0 dla każdego przykładu, ten czynnik "
              "jest zawsze zerem i wagi nigdy się nie zmienią.",
        "en": "Every gradient of the neuron's weights passes through ReLU′(z). When z ≤ 0 for every example this "
              "factor is always zero and the weights never change.",
    },
    # 3. all rows
    "act.s3.heading": {"pl": "3. Ten sam neuron na całym zbiorze Iris", "en": "3. The same neuron on the whole Iris set"},
    "act.s3.text": {
        "pl": "Dziesięć wierszy to nie cały zbiór. Ile ze 150 wierszy włącza ten neuron, i z jakich gatunków?",
        "en": "Ten rows are not the whole set. How many of the 150 rows switch this neuron on, and from which "
              "species?",
    },
    "act.all.count": {"pl": "{on} z {n} wierszy daje z > 0.", "en": "{on} of {n} rows give z > 0."},
    "act.all.caption": {"pl": "Wiersze włączające neuron, według gatunku", "en": "Rows that switch the neuron on, by species"},
    "act.all.species": {"pl": "gatunek", "en": "species"},
    "act.all.on": {"pl": "z > 0", "en": "z > 0"},
    "act.all.rows": {"pl": "wiersze", "en": "rows"},
    "act.all.plot.title": {"pl": "z w każdym wierszu Iris", "en": "z for every Iris row"},
    "act.all.plot.x": {"pl": "numer wiersza", "en": "row number"},
    "act.class.setosa": {"pl": "setosa", "en": "setosa"},
    "act.class.versicolor": {"pl": "versicolor", "en": "versicolor"},
    "act.class.virginica": {"pl": "virginica", "en": "virginica"},
    # 4. live
    "act.s4.heading": {"pl": "4. Umieranie neuronów w trakcie uczenia", "en": "4. Neurons dying during training"},
    "act.s4.text": {
        "pl": "Dwie takie same sieci ({layers} warstwy ukryte po {units} neuronów, Iris po normalizacji, SGD z dużym "
              "współczynnikiem uczenia) różnią się tylko aktywacją: ReLU albo Leaky ReLU (α = 0.01). Wykres pokazuje, "
              "jaka część neuronów każdej warstwy ma z ≤ 0 dla wszystkich przykładów uczących. Do {steps} kroków.",
        "en": "Two identical networks ({layers} hidden layers of {units} units, normalized Iris, SGD with a high "
              "learning rate) differ only in the activation: ReLU or Leaky ReLU (α = 0.01). The plot shows which "
              "fraction of each layer's units has z ≤ 0 for every training example. Up to {steps} updates.",
    },
    "act.s4.note": {
        "pl": "Dla ReLU taki neuron jest martwy na stałe. Neuron Leaky ReLU w tym samym miejscu wciąż dostaje "
              "α razy gradient, więc może wrócić.",
        "en": "For ReLU such a unit is dead for good. A Leaky ReLU unit in the same place still receives α times the "
              "gradient, so it can come back.",
    },
    "act.live.start": {"pl": "Start", "en": "Start"},
    "act.live.pause": {"pl": "Pauza", "en": "Pause"},
    "act.live.reset": {"pl": "Od nowa", "en": "Start over"},
    "act.live.idle": {"pl": "Naciśnij „Start”.", "en": "Press “Start”."},
    "act.live.running": {"pl": "Uczenie… krok {step}", "en": "Training… update {step}"},
    "act.live.paused": {"pl": "Wstrzymane po {step} krokach.", "en": "Paused after {step} updates."},
    "act.live.done": {"pl": "Koniec po {step} krokach.", "en": "Stopped after {step} updates."},
    "act.live.diverged": {
        "pl": "Sieć {act} rozbiegła się w kroku {step}.",
        "en": "The {act} network diverged at update {step}.",
    },
    "act.live.failed": {"pl": "Serwer odmówił (HTTP {status}).", "en": "The server refused (HTTP {status})."},
    "act.live.table": {
        "pl": "Część neuronów z z ≤ 0 dla każdego przykładu (teraz)",
        "en": "Fraction of units with z ≤ 0 for every example (now)",
    },
    "act.live.layer": {"pl": "warstwa", "en": "layer"},
    "act.live.dead_title": {"pl": "Neurony wyłączone dla wszystkich przykładów", "en": "Units off for every example"},
    "act.live.loss_title": {"pl": "Błąd w trakcie uczenia", "en": "Loss during training"},
    "act.live.trace": {"pl": "{act}, warstwa {layer}", "en": "{act}, layer {layer}"},
    "act.axis.update": {"pl": "krok (aktualizacja wag)", "en": "update"},
    "act.axis.fraction": {"pl": "część neuronów warstwy", "en": "fraction of the layer's units"},
    "act.axis.loss": {"pl": "błąd", "en": "loss"},
}
