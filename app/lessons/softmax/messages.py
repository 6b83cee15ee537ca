"""Lesson 8 (/lessons/softmax): the text of the page. Facts and numbers from slides 48-51; wording our own."""

MESSAGES = {
    "sm.lead": {
        "pl": "Sieć z lekcji 1 zwraca jedną liczbę: ocenę owocu. Gdy chcemy odpowiedzi „dobry” albo „zły”, "
              "sieć dostaje po jednym wyjściu na klasę, a softmax zamienia te wyjścia na prawdopodobieństwa.",
        "en": "The network of lesson 1 returns one number: a rating of the fruit. When we want the answer "
              "“good” or “bad”, the network gets one output per class, and softmax turns those outputs into "
              "probabilities.",
    },
    "sm.why.heading": {"pl": "Od regresji do klasyfikacji", "en": "From regression to classification"},
    "sm.why.text": {
        "pl": "Zamiast jednej liczby sieć ma dwa wyjścia: y₂₁ mówi, jak bardzo przykład pasuje do klasy „dobry”, "
              "a y₂₂ – do klasy „zły”. Wygrywa klasa z większym wyjściem.",
        "en": "Instead of one number the network has two outputs: y₂₁ says how much the example belongs to the "
              "class “good”, y₂₂ how much to the class “bad”. The class with the larger output wins.",
    },
    "sm.why.raw": {
        "pl": "Surowe wyjścia trudno jednak uczyć i porównywać: y₂₁ = 0.02, y₂₂ = 0.6 oznacza „zły owoc”, "
              "a y₂₁ = 1.7, y₂₂ = 0.6 – „dobry owoc”, ale nie mówią, jak pewna jest sieć, i mogą rosnąć bez końca.",
        "en": "Raw outputs are hard to learn from and to compare, though: y₂₁ = 0.02, y₂₂ = 0.6 means “bad fruit” "
              "and y₂₁ = 1.7, y₂₂ = 0.6 “good fruit”, but they do not say how sure the network is and can grow "
              "without bound.",
    },
    "sm.why.formula": {
        "pl": "Softmax podnosi e do potęgi każdego wyjścia i dzieli przez sumę: wyniki są dodatnie, sumują się "
              "do 1 i zachowują kolejność wyjść. Można je czytać jako szacowane prawdopodobieństwa klas.",
        "en": "Softmax raises e to each output and divides by the sum: the results are positive, add up to 1 and "
              "keep the order of the outputs. They can be read as estimated class probabilities.",
    },
    "sm.lecture.heading": {"pl": "Przykłady z wykładu", "en": "The lecture's examples"},
    "sm.lecture.text": {
        "pl": "Dwa wyniki sieci z wykładu po softmaksie. Liczby obok zaokrągleń wykładu policzyła biblioteka nnlib.",
        "en": "The lecture's two network outputs after softmax. The numbers beside the lecture's rounded values "
              "were computed by the nnlib library.",
    },
    "sm.lecture.caption": {"pl": "softmax(y₂₁, y₂₂): wartości z wykładu (≈) i dokładne (w nawiasie)",
                           "en": "softmax(y₂₁, y₂₂): the lecture's values (≈) and exact ones (in parentheses)"},
    "sm.lecture.verdict": {"pl": "Owoc", "en": "Fruit"},
    "sm.lecture.try": {"pl": "Kalkulator", "en": "Calculator"},
    "sm.lecture.load": {"pl": "Wczytaj", "en": "Load"},
    "sm.lecture.rounding": {
        "pl": "Wykład zaokrągla do dwóch miejsc: softmax(0.02, 0.6) = (0.3589…, 0.6410…) ≈ (0.36, 0.64).",
        "en": "The lecture rounds to two places: softmax(0.02, 0.6) = (0.3589…, 0.6410…) ≈ (0.36, 0.64).",
    },
    "sm.class.good": {"pl": "dobry", "en": "good"},
    "sm.class.bad": {"pl": "zły", "en": "bad"},
    "sm.calc.heading": {"pl": "Kalkulator softmaksu z temperaturą", "en": "A softmax calculator with temperature"},
    "sm.calc.text": {
        "pl": "Wpisz od 2 do 6 wyjść sieci (logitów) z₁ … zₖ. Przed softmaksem dzielimy je przez temperaturę T "
              "(T = 1 to zwykły softmax).",
        "en": "Enter 2 to 6 network outputs (logits) z₁ … zₖ. Before softmax they are divided by a temperature T "
              "(T = 1 is plain softmax).",
    },
    "sm.calc.temperature": {
        "pl": "Mała temperatura wyostrza rozkład (prawie cała masa trafia do największego logitu), duża go "
              "spłaszcza (wszystkie klasy zbliżają się do 1/k). Kolejność klas się nie zmienia.",
        "en": "A low temperature sharpens the distribution (nearly all the mass goes to the largest logit), a high "
              "one flattens it (every class approaches 1/k). The order of the classes never changes.",
    },
    "sm.calc.classes": {"pl": "Liczba klas", "en": "Number of classes"},
    "sm.calc.logits": {"pl": "Logity", "en": "Logits"},
    "sm.calc.settings": {"pl": "Temperatura i prawdziwa klasa", "en": "Temperature and true class"},
    "sm.calc.true": {"pl": "klasa", "en": "class"},
    "sm.calc.recompute": {"pl": "Przelicz", "en": "Recompute"},
    "sm.calc.caption": {"pl": "Softmax krok po kroku (prawdziwa klasa wyróżniona)",
                        "en": "Softmax step by step (the true class highlighted)"},
    "sm.calc.ce_text": {
        "pl": "Entropia krzyżowa ocenia wynik dla znanej, prawdziwej klasy: to minus logarytm prawdopodobieństwa, "
              "które sieć dała tej klasie. Pewna i trafna odpowiedź kosztuje prawie 0, pewna i błędna – bardzo dużo.",
        "en": "Cross-entropy scores the result for the known, true class: minus the logarithm of the probability "
              "the network gave that class. A sure, right answer costs almost 0; a sure, wrong one costs a lot.",
    },
    "sm.calc.ce_is": {"pl": "Błąd, czyli {loss}, policzony przez nnlib:", "en": "The loss, {loss}, computed by nnlib:"},
    "sm.calc.overflow": {
        "pl": "Niektóre e^(z/T) nie mieszczą się w liczbach float64. Softmax i tak wychodzi dokładnie: nnlib "
              "odejmuje najpierw największy logit, co nie zmienia wyniku.",
        "en": "Some e^(z/T) do not fit in float64 numbers. Softmax still comes out exact: nnlib first subtracts "
              "the largest logit, which does not change the result.",
    },
    "sm.bars.title": {"pl": "Prawdopodobieństwa klas", "en": "Class probabilities"},
    "sm.bars.true": {"pl": "prawdziwa", "en": "true"},
    "sm.temp.title": {"pl": "Prawdopodobieństwa a temperatura", "en": "Probabilities against temperature"},
    "sm.axis.class": {"pl": "klasa i", "en": "class i"},
    "sm.axis.p": {"pl": "prawdopodobieństwo", "en": "probability"},
    "sm.axis.t": {"pl": "temperatura T (skala log.)", "en": "temperature T (log scale)"},
    "sm.axis.x": {"pl": "x (cecha owocu)", "en": "x (the fruit's feature)"},
    "sm.cls.heading": {"pl": "Klasyfikator owoców: dobry czy zły?", "en": "The fruit classifier: good or bad?"},
    "sm.cls.text": {
        "pl": "Dwanaście owoców z lekcji 1 dzielimy na klasy: „dobry”, gdy ocena wynosi co najmniej 50, "
              "„zły” w przeciwnym razie. Sieć ma dwa wyjścia, a błąd to entropia krzyżowa (softmax jest w niej). "
              "Naciśnij „Trenuj” i patrz, jak krzywe prawdopodobieństw układają się wokół danych.",
        "en": "The twelve fruits of lesson 1 are split into classes: “good” when the rating is at least 50, "
              "“bad” otherwise. The network has two outputs and the loss is cross-entropy (softmax is inside it). "
              "Press “Train” and watch the probability curves settle around the data.",
    },
    "sm.cls.setup": {
        "pl": "Sieć: 1 wejście (x po standaryzacji), 4 neurony tanh, 2 wyjścia; Adam, γ = 0.02, batch 12 "
              "(cały zbiór), do 1000 kroków.",
        "en": "Network: 1 input (x, standardized), 4 tanh neurons, 2 outputs; Adam, γ = 0.02, batch 12 "
              "(the whole set), up to 1000 updates.",
    },
    "sm.cls.train": {"pl": "Trenuj", "en": "Train"},
    "sm.cls.pause": {"pl": "Pauza", "en": "Pause"},
    "sm.cls.reset": {"pl": "Od nowa", "en": "Start over"},
    "sm.cls.step": {"pl": "Krok:", "en": "Update:"},
    "sm.cls.loss": {"pl": "entropia krzyżowa na zbiorze:", "en": "cross-entropy on the set:"},
    "sm.cls.failed": {"pl": "Serwer nie odpowiedział; spróbuj ponownie.", "en": "The server did not answer; try again."},
    "sm.cls.title": {"pl": "P(klasa | x) po {step} {step|kroku|krokach|krokach}",
                     "en": "P(class | x) after {step} {step|update|updates}"},
    "sm.cls.p_good": {"pl": "P(dobry)", "en": "P(good)"},
    "sm.cls.p_bad": {"pl": "P(zły)", "en": "P(bad)"},
    "sm.cls.samples": {"pl": "owoce (1 = dobry, 0 = zły)", "en": "fruits (1 = good, 0 = bad)"},
    "sm.cls.cursor": {"pl": "Pod kursorem", "en": "Under the cursor"},
    "sm.cls.logits": {"pl": "logity (dobry, zły)", "en": "logits (good, bad)"},
    "sm.cls.hover": {
        "pl": "Przesuń kursor nad wykresem: liczby powyżej pokażą wyjścia sieci i ich softmax dla tego x "
              "(na początku x = 4, próbka z wykładu o ocenie 75, czyli dobry owoc).",
        "en": "Move the cursor over the plot: the numbers above show the network's outputs and their softmax for "
              "that x (at first x = 4, the lecture's sample rated 75, a good fruit).",
    },
}
