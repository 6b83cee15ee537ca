"""Lesson 6 (/lessons/regularization): the text of the page. Facts from slides 30-32; wording our own."""

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
              "rzadko stają się zerem. Gradient kary L1 to λ·sign(w): stały nacisk w stronę zera, więc wiele wag "
              "ląduje przy samym zerze, a sieć staje się rzadka.",
        "en": "The gradient of the L2 penalty is 2λw: large weights shrink fast, small ones ever more slowly, so all "
              "of them shrink but seldom reach zero. The gradient of the L1 penalty is λ·sign(w): a constant push "
              "towards zero, so many weights end up right at zero and the network becomes sparse.",
    },
    "reg.exp.heading": {"pl": "Eksperyment: sieć, która się przeucza", "en": "Experiment: a network that overfits"},
    "reg.exp.text": {
        "pl": "Ten sam układ co w lekcji 7: 80 zaszumionych punktów (40 treningowych), 3 warstwy po 16 neuronów "
              "ReLU, ale trenowany zwykłym SGD (γ = 0.1, cały zbiór w kroku). Najpierw trenuj bez regularyzacji, "
              "potem z L1, potem z L2, i porównaj histogram wag.",
        "en": "The setup of lesson 7: 80 noisy points (40 for training), 3 layers of 16 ReLU neurons, but trained "
              "with plain SGD (γ = 0.1, the whole set per update). Train first without regularization, then with "
              "L1, then with L2, and compare the histogram of the weights.",
    },
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
    "reg.numbers.small": {"pl": "wagi bliskie zera, |w| < 0.001 (wszystkie warstwy)",
                          "en": "weights near zero, |w| < 0.001 (all layers)"},
    "reg.numbers.small_first": {"pl": "… w pierwszej warstwie", "en": "… in the first layer"},
    "reg.numbers.mean_abs": {"pl": "średnie |w|", "en": "mean |w|"},
    "reg.numbers.prev_small": {"pl": "wagi bliskie zera w poprzednim przebiegu",
                               "en": "weights near zero in the previous run"},
    "reg.failed": {"pl": "Serwer nie odpowiedział; spróbuj ponownie.", "en": "The server did not answer; try again."},
    "reg.hist.title": {"pl": "Histogram wag sieci", "en": "Histogram of the network's weights"},
    "reg.axis.w": {"pl": "waga w", "en": "weight w"},
    "reg.axis.count": {"pl": "liczba wag (skala log.)", "en": "number of weights (log scale)"},
    "reg.trace.weights": {"pl": "bieżący przebieg", "en": "current run"},
    "reg.trace.prev_weights": {"pl": "poprzedni przebieg", "en": "previous run"},
    "reg.exp.read": {
        "pl": "Bez kary wagi rozchodzą się szeroko, a błąd walidacyjny rośnie. Z L1 (λ = 0.01) większość wag "
              "zbiega do zera – słupek przy zerze rośnie, licznik |w| < 0.001 skacze w górę. Z L2 histogram "
              "zwęża się, ale przy samym zerze jest niewiele wag. W obu przypadkach luka maleje.",
        "en": "Without a penalty the weights spread widely and the validation loss rises. With L1 (λ = 0.01) most "
              "weights collapse to zero – the bar at zero grows and the |w| < 0.001 count jumps. With L2 the "
              "histogram narrows, but few weights sit right at zero. In both cases the gap shrinks.",
    },
    "reg.bn.heading": {"pl": "Normalizacja batcha", "en": "Batch normalization"},
    "reg.bn.text": {
        "pl": "Między warstwami standaryzujemy każdą cechę na bieżącym batchu (średnia μ_B, odchylenie σ_B), a potem "
              "przeskalowujemy i przesuwamy ją uczonymi parametrami γ i β.",
        "en": "Between layers each feature is standardized over the current batch (mean μ_B, deviation σ_B), then "
              "rescaled and shifted by the learned parameters γ and β.",
    },
    "reg.bn.gamma": {
        "pl": "Uwaga: to γ jest uczoną skalą normalizacji batcha, a nie współczynnikiem uczenia z poprzednich lekcji.",
        "en": "Note: this γ is batch normalization's learned scale, not the learning rate of the earlier lessons.",
    },
    "reg.bn.empty": {
        "pl": "Włącz normalizację batcha i trenuj: tu pojawią się μ_B i σ_B ostatniego batcha.",
        "en": "Turn batch normalization on and train: μ_B and σ_B of the last batch appear here.",
    },
    "reg.bn.caption": {"pl": "Pierwsza warstwa BatchNorm, ostatni batch treningowy",
                       "en": "The first BatchNorm layer, the last training batch"},
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
