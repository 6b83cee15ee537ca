"""Lesson 6 (/lessons/regularization): the text of the page. Facts from slides 30-32; wording our own.

Every sentence that states an outcome has a test in tests/lessons/regularization/test_claims.py (its docstring
names the key); numbers in braces come from app/lessons/regularization/experiment.py."""

MESSAGES = {
    "reg.lead": {
        "pl": "Regularyzacja wspiera trening, pilnując wartości wag: karze duże wagi (L1, L2), losowo wyłącza "
              "neurony (dropout) albo normalizuje wartości między warstwami (normalizacja batcha).",
        "en": "Regularization supports training by keeping the weights in check: it penalizes large weights "
              "(L1, L2), switches neurons off at random (dropout) or normalizes the values between layers "
              "(batch normalization).",
    },
    "reg.pen.heading": {"pl": "Kara za duże wagi: L2 i L1", "en": "A penalty for large weights: L2 and L1"},
    "reg.pen.text": {
        "pl": "Do błędu sieci z lekcji 1 dodajemy karę zależną od wag; λ ustala, jak mocno kara waży wobec błędu. "
              "Biasy nie są karane.",
        "en": "A penalty that depends on the weights is added to the loss of the lesson-1 network; λ sets how much "
              "the penalty weighs against the error. Biases are not penalized.",
    },
    "reg.pen.l2": {"pl": "L2:", "en": "L2:"},
    "reg.pen.l1": {"pl": "L1:", "en": "L1:"},
    "reg.pen.difference": {
        "pl": "Gradient kary L2 to 2λw: duże wagi maleją szybko, małe coraz wolniej, więc wszystkie się kurczą, ale "
              "rzadko stają się zerem. Gradient kary L1 to λ·sign(w): stały nacisk w stronę zera, więc większość wag "
              "ląduje przy zerze, a sieć staje się rzadka. (Zwykłe SGD przeskakuje przez zero, więc taka waga drga "
              "w odległości około γλ od zera, zamiast stanąć dokładnie na nim.)",
        "en": "The gradient of the L2 penalty is 2λw: large weights shrink fast, small ones ever more slowly, so all "
              "of them shrink but seldom reach zero. The gradient of the L1 penalty is λ·sign(w): a constant push "
              "towards zero, so most weights end up at zero and the network becomes sparse. (Plain SGD steps over "
              "zero, so such a weight jitters within about γλ of zero rather than settling exactly on it.)",
    },
    "reg.exp.heading": {"pl": "Eksperyment: sieć, która się przeucza", "en": "Experiment: a network that overfits"},
    "reg.exp.text": {
        "pl": "Zaszumione „półksiężyce”: {n} {n|punkt|punkty|punktów} ({train} treningowych), {layers} warstwy ukryte "
              "po {units} {units|neuron|neurony|neuronów} ReLU, trenowane zwykłym SGD (γ = {lr}, cały zbiór treningowy w każdym kroku). Najpierw "
              "trenuj bez regularyzacji, potem z L1, potem z L2, i porównaj histogram wag.",
        "en": "Noisy “moons”: {n} points ({train} for training), {layers} hidden layers of {units} ReLU neurons, "
              "trained with plain SGD (γ = {lr}, the whole training set per update). Train first without "
              "regularization, then with L1, then with L2, and compare the histogram of the weights.",
    },
    "reg.legend.data": {"pl": "Dane i sieć", "en": "Data and network"},
    "reg.field.n": {"pl": "liczba próbek", "en": "samples"},
    "reg.field.units": {"pl": "neurony w warstwie", "en": "neurons per layer"},
    "reg.legend.penalty": {"pl": "Kara", "en": "Penalty"},
    "reg.legend.layers": {"pl": "Warstwy", "en": "Layers"},
    "reg.field.kind": {"pl": "rodzaj", "en": "kind"},
    "reg.kind.none": {"pl": "brak", "en": "none"},
    "reg.kind.l1": {"pl": "L1", "en": "L1"},
    "reg.kind.l2": {"pl": "L2", "en": "L2"},
    "reg.field.dropout": {"pl": "dropout p", "en": "dropout p"},
    "reg.field.bn": {"pl": "normalizacja batcha", "en": "batch normalization"},
    "reg.apply": {"pl": "Zastosuj", "en": "Apply"},
    "reg.setup.none": {"pl": "Bez kary.", "en": "No penalty."},
    "reg.setup.l1": {"pl": "Kara L1, λ = {lam}.", "en": "L1 penalty, λ = {lam}."},
    "reg.setup.l2": {"pl": "Kara L2, λ = {lam}.", "en": "L2 penalty, λ = {lam}."},
    "reg.setup.dropout": {"pl": "Dropout p = {p} po każdej warstwie ukrytej.",
                          "en": "Dropout p = {p} after each hidden layer."},
    "reg.setup.bn_on": {"pl": "Normalizacja batcha włączona.", "en": "Batch normalization on."},
    "reg.setup.bn_off": {"pl": "Normalizacja batcha wyłączona.", "en": "Batch normalization off."},
    "reg.setup.data": {
        "pl": "{n} {n|punkt|punkty|punktów} ({train} {train|treningowy|treningowe|treningowych}), {layers} warstwy "
              "ukryte, w każdej {units} {units|neuron|neurony|neuronów}.",
        "en": "{n} {n|point|points} ({train} for training), {layers} hidden layers of {units} "
              "{units|neuron|neurons}.",
    },
    "reg.train": {"pl": "Trenuj", "en": "Train"},
    "reg.pause": {"pl": "Pauza", "en": "Pause"},
    "reg.new": {"pl": "Nowy przebieg", "en": "New run"},
    "reg.exp.hint": {
        "pl": "Po zmianie ustawień „Trenuj” zaczyna nowy przebieg; poprzedni zostaje na wykresach (bladszy).",
        "en": "After a change of the settings “Train” starts a new run; the previous one stays on the plots "
              "(paler).",
    },
    "reg.numbers.caption": {"pl": "Bieżący przebieg", "en": "The current run"},
    "reg.numbers.step": {"pl": "epoka (= krok)", "en": "epoch (= update)"},
    "reg.numbers.train": {"pl": "błąd treningowy (bez kary i bez dropoutu)",
                          "en": "training loss (without the penalty and dropout)"},
    "reg.trace.objective": {"pl": "treningowy: błąd + kara", "en": "training: loss + penalty"},
    "reg.numbers.val": {"pl": "błąd walidacyjny", "en": "validation loss"},
    "reg.numbers.gap": {"pl": "luka (walidacyjny − treningowy)", "en": "gap (validation − training)"},
    "reg.numbers.small": {"pl": "wagi bliskie zera, |w| < {small} (wszystkie warstwy)",
                          "en": "weights near zero, |w| < {small} (all layers)"},
    "reg.numbers.small_first": {"pl": "… w pierwszej warstwie", "en": "… in the first layer"},
    "reg.numbers.mean_abs": {"pl": "średnie |w|", "en": "mean |w|"},
    "reg.numbers.prev_small": {"pl": "wagi bliskie zera w poprzednim przebiegu",
                               "en": "weights near zero in the previous run"},
    "reg.numbers.prev_gap": {"pl": "luka w poprzednim przebiegu", "en": "gap of the previous run"},
    "reg.failed": {"pl": "Serwer nie odpowiedział; spróbuj ponownie.", "en": "The server did not answer; try again."},
    "reg.hist.title": {"pl": "Histogram wag sieci", "en": "Histogram of the network's weights"},
    "reg.axis.w": {"pl": "waga w", "en": "weight w"},
    "reg.axis.count": {"pl": "liczba wag (skala log.)", "en": "number of weights (log scale)"},
    "reg.trace.weights": {"pl": "bieżący przebieg", "en": "current run"},
    "reg.trace.prev_weights": {"pl": "poprzedni przebieg", "en": "previous run"},
    "reg.exp.read": {
        "pl": "Trenuj do końca ({max} {max|epoka|epoki|epok}). Bez kary błąd walidacyjny po osiągnięciu minimum rośnie: sieć się "
              "przeucza. Z L1 (λ = {lam}) większość wag zbiega do zera – słupek przy zerze rośnie, licznik "
              "|w| < {small} skacze w górę. Z L2 histogram się zwęża: wszystkie wagi maleją, ale przy samym zerze jest "
              "ich niewiele. W obu przypadkach luka maleje.",
        "en": "Train to the end ({max} epochs). Without a penalty the validation loss reaches a minimum and then "
              "rises: the network overfits. With L1 (λ = {lam}) most weights collapse to zero – the bar at zero grows "
              "and the |w| < {small} count jumps. With L2 the histogram narrows: all weights shrink, but few sit right "
              "at zero. In both cases the gap shrinks.",
    },
    "reg.drop.when.heading": {"pl": "Kiedy pomaga dropout?", "en": "When does dropout help?"},
    "reg.drop.when": {
        "pl": "Dropout się opłaca, gdy danych jest dość, a sieć ma neurony w zapasie. Przy ustawieniach domyślnych "
              "({n} {n|punkt|punkty|punktów}, {units} {units|neuron|neurony|neuronów} w warstwie) p = {p} zmniejsza lukę i błąd walidacyjny – porównaj "
              "przebieg z p = 0 i z p = {p}. Przy małych danych i małej sieci ({few_n} {few_n|punkt|punkty|punktów}, "
              "{few_units} {few_units|neuron|neurony|neuronów} w warstwie) p = {few_p} to loteria: dla jednych ziaren losowania błąd walidacyjny maleje, dla innych "
              "rośnie (dla ziarna tej strony mniej więcej się podwaja).",
        "en": "Dropout pays off when there is enough data and the network has neurons to spare. With the defaults "
              "({n} points, {units} neurons a layer) p = {p} narrows the gap and lowers the validation loss – "
              "compare a run with p = 0 and one with p = {p}. With little data and a small network ({few_n} points, "
              "{few_units} neurons a layer) p = {few_p} is a lottery: for some random seeds the validation loss goes "
              "down, for others it goes up (for this page's seed it roughly doubles).",
    },
    "reg.preset.dropout": {"pl": "Dropout p = {p}", "en": "Dropout p = {p}"},
    "reg.preset.few": {"pl": "Mało danych: {n} {n|punkt|punkty|punktów}, p = {p}",
                       "en": "Little data: {n} {n|point|points}, p = {p}"},
    "reg.reset": {"pl": "Ustawienia domyślne", "en": "Default settings"},
    "reg.bn.heading": {"pl": "Normalizacja batcha", "en": "Batch normalization"},
    "reg.bn.text": {
        "pl": "Między warstwami standaryzujemy każdą cechę na bieżącym batchu (średnia {mu}, odchylenie {sigma}), a potem "
              "przeskalowujemy i przesuwamy ją uczonymi parametrami γ i β.",
        "en": "Between layers each feature is standardized over the current batch (mean {mu}, deviation {sigma}), then "
              "rescaled and shifted by the learned parameters γ and β.",
    },
    "reg.bn.gamma": {
        "pl": "Uwaga: to γ jest uczoną skalą normalizacji batcha, a nie współczynnikiem uczenia z poprzednich lekcji.",
        "en": "Note: this γ is batch normalization's learned scale, not the learning rate of the earlier lessons.",
    },
    "reg.bn.empty": {
        "pl": "Włącz normalizację batcha i trenuj: tu pojawią się {mu} i {sigma} ostatniego batcha.",
        "en": "Turn batch normalization on and train: {mu} and {sigma} of the last batch appear here.",
    },
    "reg.bn.caption": {"pl": "Pierwsza warstwa normalizacji batcha, ostatni batch treningowy",
                       "en": "The first batch-normalization layer, the last training batch"},
    "reg.bn.unit": {"pl": "neuron", "en": "neuron"},
    "reg.drop.heading": {"pl": "Dropout: tryb treningu a tryb ewaluacji", "en": "Dropout: train mode against eval mode"},
    "reg.drop.text": {
        "pl": "W czasie treningu dropout zeruje wyjście każdego neuronu z prawdopodobieństwem p (np. p = 0.2 albo "
              "p = 0.5), a pozostałe mnoży przez 1/(1 − p), żeby średnia się nie zmieniła.",
        "en": "During training dropout zeroes each neuron's output with probability p (e.g. p = 0.2 or p = 0.5) "
              "and multiplies the others by 1/(1 − p), so that the mean stays the same.",
    },
    "reg.drop.modes": {
        "pl": "Poniżej sieć z lekcji 1 z dropoutem po warstwie ukrytej: te same wagi, to samo wejście. W trybie "
              "treningu każde wywołanie losuje nową maskę i wyniki się różnią; w trybie ewaluacji dropout nic nie "
              "robi, więc wyniki są identyczne.",
        "en": "Below, the network of lesson 1 with dropout after its hidden layer: the same weights, the same "
              "input. In train mode every call draws a new mask and the results differ; in eval mode dropout does "
              "nothing, so the results are identical.",
    },
    "reg.legend.demo": {"pl": "Dropout i wejście", "en": "Dropout and input"},
    "reg.drop.again": {"pl": "Losuj maski ponownie", "en": "Draw the masks again"},
    "reg.demo.hidden": {"pl": "Wyjścia warstwy ukrytej przed dropoutem: y₁₁ = {y11}, y₁₂ = {y12}.",
                        "en": "Hidden outputs before dropout: y₁₁ = {y11}, y₁₂ = {y12}."},
    "reg.demo.caption": {"pl": "Wyjście y₂₁ dla p = {p}, x = {x}", "en": "The output y₂₁ for p = {p}, x = {x}"},
    "reg.demo.call": {"pl": "wywołanie", "en": "call"},
    "reg.demo.mode": {"pl": "tryb", "en": "mode"},
    "reg.demo.mask": {"pl": "maska × skala", "en": "mask × scale"},
    "reg.demo.train": {"pl": "trening (model.train())", "en": "training (model.train())"},
    "reg.demo.eval": {"pl": "ewaluacja (model.eval())", "en": "evaluation (model.eval())"},
    "reg.drop.note": {
        "pl": "Dla x = 4 wykład daje y₂₁ = 70; w trybie ewaluacji dokładnie tyle wychodzi. W treningu z p = 0.5 "
              "wychodzi 140 (y₁₁ zachowane i podwojone) albo 0 (y₁₁ wyzerowane) – średnio znów 70.",
        "en": "For x = 4 the lecture gives y₂₁ = 70; eval mode gives exactly that. In training with p = 0.5 the "
              "output is 140 (y₁₁ kept and doubled) or 0 (y₁₁ zeroed) – 70 again on average.",
    },
}
