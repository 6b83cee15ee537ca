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
        "pl": "ReLU(x) = max(x, 0) jest najprostsza, ale dla x < 0 ma pochodną 0. Alternatywy z wykładu: Leaky "
              "ReLU (np. α = 0.1), Parametric ReLU (α uczone), SiLU, ELU (α ≥ 0) i Softplus. Dla porównania "
              "dodaliśmy klasyczne sigmoid i tanh (materiał standardowy, nie ze slajdów). Na każdym wykresie "
              "ciągła granatowa linia to f(x), a czerwona przerywana z rombami to pochodna f′(x).",
        "en": "ReLU(x) = max(x, 0) is the simplest, but for x < 0 its derivative is 0. The lecture's alternatives: "
              "Leaky ReLU (e.g. α = 0.1), Parametric ReLU (α learned), SiLU, ELU (α ≥ 0) and Softplus. For "
              "comparison we added the classic sigmoid and tanh (standard material, not from the slides). On each "
              "plot the solid dark blue line is f(x), the dashed red one with diamonds its derivative f′(x).",
    },
    "act.s1.left_out": {
        "pl": "Pominięte: identyczność (f(x) = x, f′ = 1 — nic do oglądania) i softmax — nie działa na każdą "
              "liczbę osobno (każde wyjście zależy od wszystkich wejść, pochodna to macierz), ma własną lekcję 8.",
        "en": "Left out: identity (f(x) = x, f′ = 1, nothing to see) and softmax, which does not act on each number "
              "separately (every output depends on every input, its derivative is a matrix); it has its own lesson 8.",
    },
    "act.s1.legend": {"pl": "Parametry i punkt x", "en": "Parameters and a point x"},
    "act.label.start": {"pl": " (na starcie)", "en": " (at the start)"},


    "act.label.probe": {"pl": "punkt", "en": "point"},
    "act.s1.prelu": {
        "pl": "W PReLU α jest parametrem sieci: zaczyna od podanej wartości (domyślnie 0.25, jak w PyTorch) i zmienia "
              "się w trakcie uczenia jak każda waga.",
        "en": "In PReLU α is a parameter of the network: it starts at the value given (0.25 by default, as in "
              "PyTorch) and changes during training like any weight.",
    },
    "act.s1.keep": {
        "pl": "Tam, gdzie pochodna ReLU jest zerem (x < 0), Leaky ReLU ma pochodną α, a ELU α·eˣ: obie wciąż "
              "przepuszczają gradient, więc neuron z ujemnym x nadal może się uczyć.",
        "en": "Where ReLU's derivative is zero (x < 0), Leaky ReLU's is α and ELU's α·eˣ: both still let a gradient "
              "through, so a neuron with a negative x can still learn.",
    },
    "act.s1.kink": {
        "pl": "W x = 0 ReLU nie ma pochodnej; przyjmujemy 0, jak PyTorch (a dla Leaky ReLU i ELU — α).",
        "en": "At x = 0 ReLU has no derivative; we take 0 there, as PyTorch does (and α for Leaky ReLU and ELU).",
    },
    "act.plot.f": {"pl": "f(x)", "en": "f(x)"},
    "act.plot.df": {"pl": "f′(x)", "en": "f′(x)"},
    "act.plot.y": {"pl": "wartość", "en": "value"},
    "act.probe.caption": {"pl": "Wartości i pochodne w punkcie x = {x}", "en": "Values and derivatives at x = {x}"},
    "act.probe.name": {"pl": "funkcja", "en": "function"},
    # 2. the dead neuron
    "act.s2.heading": {"pl": "2. Martwy neuron ReLU", "en": "2. A dead ReLU neuron"},
    "act.s2.text": {
        "pl": "Neuron ReLU z wagami [0.2, −0.4, 0.1, −0.5] i bez biasu dostaje dziesięć pierwszych wierszy zbioru "
              "Iris ({sepal_length}, {sepal_width}, {petal_length}, {petal_width}; w cm). Dla pierwszego wiersza "
              "z = −0.34. Zmień wagi lub bias i sprawdź, kiedy neuron ożywa.",
        "en": "A ReLU neuron with weights [0.2, −0.4, 0.1, −0.5] and no bias receives the first ten rows of the Iris "
              "set ({sepal_length}, {sepal_width}, {petal_length}, {petal_width}; in cm). For the first row "
              "z = −0.34. Change the weights or the bias and find out when the neuron comes alive.",
    },
    "act.s2.legend": {"pl": "Wagi i bias neuronu", "en": "The neuron's weights and bias"},
    "act.ten.caption": {
        "pl": "Dziesięć wierszy Iris przez neuron (błąd MSE względem celu 1 w każdym wierszu)",
        "en": "Ten Iris rows through the neuron (MSE loss against a target of 1 in every row)",
    },
    "act.ten.first": {"pl": "Wiersz 1:", "en": "Row 1:"},
    "act.ten.row": {"pl": "wiersz", "en": "row"},
    "act.ten.dead": {
        "pl": "Wszystkie {n} {n|wiersz daje|wiersze dają|wierszy daje} z < 0: wyjście 0, pochodna ReLU 0, "
              "gradient 0. Neuron jest martwy — uczenie nie zmieni jego wag.",
        "en": "All {n} {n|row gives|rows give} z < 0: output 0, ReLU derivative 0, gradient 0. The neuron is dead: "
              "training will not change its weights.",
    },
    "act.ten.alive": {
        "pl": "{on} z {n} wierszy {on|daje|dają|daje} z > 0: neuron przekazuje sygnał i dostaje gradient.",
        "en": "{on} of {n} rows {on|gives|give} z > 0: the neuron passes a signal and receives a gradient.",
    },
    "act.ten.trained": {
        "pl": "Po {updates} {updates|kroku|krokach|krokach} SGD na tych dziesięciu wierszach (γ = {lr}, batche po "
              "{batch} w losowej kolejności):",
        "en": "After {updates} {updates|update|updates} of SGD on these ten rows (γ = {lr}, batches of {batch} in "
              "random order):",
    },
    "act.ten.unchanged": {"pl": "wagi są te same.", "en": "the weights are the same."},
    "act.ten.moved": {"pl": "wagi się zmieniły — neuron się uczy.", "en": "the weights have changed: the neuron learns."},
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
    "act.all.count": {"pl": "z > 0 w {on} {on|wierszu|wierszach|wierszach} na {n}.",
                      "en": "z > 0 in {on} of {n} rows."},
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
        "pl": "Dwie takie same sieci ({layers} {layers|warstwa ukryta|warstwy ukryte|warstw ukrytych} po {units} "
              "{units|neuronie|neuronów|neuronów}, Iris po normalizacji, SGD) różnią się tylko aktywacją: ReLU albo "
              "Leaky ReLU (α = {alpha}). Wykres pokazuje, jaka część neuronów każdej warstwy ma z ≤ 0 dla wszystkich "
              "przykładów treningowych, przez {updates} {updates|krok|kroki|kroków}.",
        "en": "Two identical networks ({layers} hidden {layers|layer|layers} of {units} {units|unit|units}, "
              "normalized Iris, SGD) differ only in the activation: ReLU or Leaky ReLU (α = {alpha}). The plot shows "
              "which fraction of each layer's units has z ≤ 0 for every training example, over {updates} "
              "{updates|update|updates}.",
    },
    "act.s4.legend": {"pl": "Współczynnik uczenia obu sieci", "en": "Learning rate of both networks"},
    "act.s4.when": {
        "pl": "Przy γ = {lr} (domyślnym) sieć z ReLU kończy z wyraźnie większą częścią neuronów wyłączonych dla "
              "wszystkich przykładów niż sieć z Leaky ReLU. Przy małym γ, "
              "np. 0.05, różnica znika: obie sieci kończą z mniej więcej taką samą częścią neuronów wyłączonych.",
        "en": "At γ = {lr} (the default) the ReLU network ends with clearly more of its units off for every example "
              "than the Leaky ReLU network. At a small γ, e.g. 0.05, the difference "
              "vanishes: both networks end with about the same share of units off.",
    },
    "act.s4.note": {
        "pl": "W pierwszej warstwie ukrytej, której wejściem są dane, taki neuron ReLU jest martwy na dobre: jego "
              "gradient to 0, więc jego wagi już się nie zmienią. W głębszej warstwie może wrócić tylko wtedy, gdy "
              "warstwy pod nim zmienią jego wejścia. Neuron Leaky ReLU w tym samym miejscu wciąż dostaje α razy "
              "gradient, więc może wrócić w każdej warstwie.",
        "en": "In the first hidden layer, whose inputs are the data, such a ReLU unit is dead for good: its gradient "
              "is 0, so its weights no longer change. In a deeper layer it can come back only when the layers below "
              "change its inputs. A Leaky ReLU unit in the same place still receives α times the gradient, so it "
              "can come back in any layer.",
    },
    "act.live.start": {"pl": "Start", "en": "Start"},
    "act.live.pause": {"pl": "Pauza", "en": "Pause"},
    "act.live.reset": {"pl": "Od nowa", "en": "Start over"},
    "act.live.idle": {"pl": "Naciśnij „Start”.", "en": "Press “Start”."},
    "act.live.running": {"pl": "Uczenie…", "en": "Training…"},
    "act.live.paused": {"pl": "Wstrzymane. „Start” wznawia obie sieci.", "en": "Paused. “Start” resumes both networks."},
    "act.live.done": {"pl": "Koniec: po {updates} {updates|kroku|krokach|krokach} każdej sieci.",
                      "en": "Done: {updates} {updates|update|updates} of each network."},
    "act.live.diverged": {
        "pl": "Sieć {act} rozbiegła się w kroku {step}.",
        "en": "The {act} network diverged at update {step}.",
    },
    "act.live.failed": {"pl": "Serwer odmówił (HTTP {status}).", "en": "The server refused (HTTP {status})."},
    "act.live.table": {
        "pl": "Neurony wyłączone teraz (z ≤ 0 dla każdego przykładu treningowego), na {units} w warstwie",
        "en": "Units off now (z ≤ 0 for every training example), of {units} in the layer",
    },
    "act.live.playground": {"pl": "Otwórz sieć z ReLU na Placu zabaw", "en": "Open the ReLU network in the Playground"},
    "act.live.layer": {"pl": "warstwa", "en": "layer"},
    "act.live.dead_title": {"pl": "Neurony wyłączone dla wszystkich przykładów", "en": "Units off for every example"},
    "act.live.loss_title": {"pl": "Błąd w trakcie uczenia", "en": "Loss during training"},
    "act.live.trace": {"pl": "{act}, warstwa {layer}", "en": "{act}, layer {layer}"},
    "act.axis.update": {"pl": "krok (aktualizacja wag)", "en": "update"},
    "act.axis.fraction": {"pl": "część neuronów warstwy", "en": "fraction of the layer's units"},
    "act.axis.loss": {"pl": "błąd", "en": "loss"},
}
