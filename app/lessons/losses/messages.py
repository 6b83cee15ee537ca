"""Lesson 10 (/lessons/losses): the text of the page. Facts from slides 56-57 of the lecture; wording ours."""

MESSAGES = {
    "ls.lead": {
        "pl": "Funkcja błędu zamienia odpowiedź sieci i wartość wymaganą w jedną liczbę, którą trening zmniejsza. "
              "Ale do wag trafia nie sama wartość błędu, tylko jego gradient — i to on decyduje, jak szybko sieć "
              "się uczy. Dla każdej funkcji z wykładu zobaczysz obie krzywe; zmieniaj cel i punkt.",
        "en": "A loss turns the network's answer and the required value into one number that training makes "
              "smaller. Yet what reaches the weights is not the loss itself but its gradient — and that decides "
              "how fast the network learns. For each loss of the lecture you see both curves; change the target "
              "and the point.",
    },
    "ls.conv.heading": {"pl": "Umowy jak w PyTorch", "en": "PyTorch's conventions"},
    "ls.conv.text": {
        "pl": "Wartości i gradienty liczy biblioteka nnlib (forward i backward każdej funkcji), tak jak PyTorch: "
              "x to przewidywanie (wejście funkcji błędu), y to cel. Wzory wykładu podają błąd jednego przykładu.",
        "en": "Values and gradients come from the nnlib library (each loss's forward and backward), as in "
              "PyTorch: x is the prediction (the loss's input), y the target. The lecture's formulas give the "
              "loss of one example.",
    },
    "ls.conv.mean": {
        "pl": "Dla n przykładów PyTorch i nnlib biorą średnią (reduction='mean'), więc każdy gradient jest "
              "podzielony przez n. Tu n = 1. Wyjątek: KL-dywergencja sumuje po klasach i dzieli przez liczbę "
              "przykładów (reduction='batchmean', zalecane w PyTorch), a jej wejście x to logarytmy "
              "prawdopodobieństw, nie prawdopodobieństwa.",
        "en": "For n examples PyTorch and nnlib take the mean (reduction='mean'), so every gradient is divided "
              "by n. Here n = 1. The exception: KL divergence sums over the classes and divides by the number of "
              "examples (reduction='batchmean', which PyTorch recommends), and its input x is log-probabilities, "
              "not probabilities.",
    },
    "ls.reset": {"pl": "Przywróć początkowe", "en": "Reset"},
    "ls.recompute": {"pl": "Przelicz", "en": "Recompute"},
    "ls.fields.legend": {"pl": "Cel i punkt", "en": "Target and point"},
    "ls.point.caption": {"pl": "W wybranym punkcie (nnlib)", "en": "At the chosen point (nnlib)"},
    "ls.plot.loss": {"pl": "błąd L", "en": "loss L"},
    "ls.plot.grad": {"pl": "gradient ∂L/∂(wejście)", "en": "gradient ∂L/∂(input)"},
    "ls.plot.point": {"pl": "wybrany punkt", "en": "chosen point"},
    "ls.axis.x": {"pl": "przewidywanie x", "en": "prediction x"},
    "ls.axis.prob": {"pl": "przewidywane prawdopodobieństwo x", "en": "predicted probability x"},
    "ls.axis.logit": {"pl": "logit z₁ klasy 1", "en": "logit z₁ of class 1"},
    "ls.axis.x1": {"pl": "wynik x₁ (x₂ stałe)", "en": "score x₁ (x₂ fixed)"},
    "ls.axis.q": {"pl": "przewidywane prawdopodobieństwo q klasy 1", "en": "predicted probability q of class 1"},
    "ls.mse.title": {"pl": "Błąd średniokwadratowy (MSE)", "en": "Mean squared error (MSE)"},
    "ls.mse.note": {
        "pl": "PyTorch: MSELoss. Gradient rośnie liniowo z odległością od celu: duży błąd, duży krok.",
        "en": "PyTorch: MSELoss. The gradient grows linearly with the distance from the target: a big error, "
              "a big step.",
    },
    "ls.mae.title": {"pl": "Średni błąd bezwzględny (MAE)", "en": "Mean absolute error (MAE)"},
    "ls.mae.note": {
        "pl": "PyTorch: L1Loss. Gradient ma zawsze tę samą wielkość (±1, w x = y przyjmujemy 0 jak PyTorch), "
              "więc pojedyncze bardzo złe przykłady nie dominują treningu.",
        "en": "PyTorch: L1Loss. The gradient always has the same size (±1; 0 at x = y, as in PyTorch), so a few "
              "very wrong examples do not dominate training.",
    },
    "ls.bce.title": {"pl": "Binarny NLL (BCE)", "en": "Binary NLL (BCE)"},
    "ls.bce.note": {
        "pl": "PyTorch: BCELoss; x to prawdopodobieństwo z przedziału [0, 1] (np. wyjście sigmoidy), y to cel "
              "z [0, 1]. Jak PyTorch, nnlib obcina log do −100, więc x = 0 lub 1 daje dużą, ale skończoną liczbę.",
        "en": "PyTorch: BCELoss; x is a probability in [0, 1] (e.g. a sigmoid's output), y a target in [0, 1]. "
              "Like PyTorch, nnlib clamps the log at −100, so x = 0 or 1 gives a large but finite number.",
    },
    "ls.ce.title": {"pl": "Entropia krzyżowa (softmax + NLL)", "en": "Cross-entropy (softmax + NLL)"},
    "ls.ce.note": {
        "pl": "PyTorch: CrossEntropyLoss; wejście to surowe wyniki (logity) z₁, z₂, a softmax jest w środku "
              "funkcji błędu. Cel c to numer prawdziwej klasy (1 lub 2). Wykres: z₁ zmienia się, z₂ stoi.",
        "en": "PyTorch: CrossEntropyLoss; the input is raw scores (logits) z₁, z₂, and the softmax is inside the "
              "loss. The target c is the number of the true class (1 or 2). The plot varies z₁ and keeps z₂.",
    },
    "ls.mr.title": {"pl": "Margin ranking", "en": "Margin ranking"},
    "ls.mr.note": {
        "pl": "PyTorch: MarginRankingLoss. y = 1 znaczy „x₁ powinno być większe od x₂”, y = −1 odwrotnie; "
              "błąd jest zerowy, gdy właściwy wynik wygrywa co najmniej o margines m.",
        "en": "PyTorch: MarginRankingLoss. y = 1 means “x₁ should be larger than x₂”, y = −1 the opposite; the "
              "loss is zero once the right score wins by at least the margin m.",
    },
    "ls.kl.title": {"pl": "Dywergencja Kullbacka–Leiblera", "en": "Kullback–Leibler divergence"},
    "ls.kl.note": {
        "pl": "PyTorch: KLDivLoss; wejście x to logarytmy prawdopodobieństw, cel y to prawdopodobieństwa. Tu dwie "
              "klasy: y = (y₁, 1 − y₁), x = (ln q, ln(1 − q)); błąd jest najmniejszy (0) przy q = y₁. Gradient "
              "względem x to −y: stały, bo błąd jest liniowy w x — krzywizna pochodzi z logarytmu.",
        "en": "PyTorch: KLDivLoss; the input x is log-probabilities, the target y probabilities. Here two classes: "
              "y = (y₁, 1 − y₁), x = (ln q, ln(1 − q)); the loss is smallest (0) at q = y₁. The gradient with "
              "respect to x is −y: constant, since the loss is linear in x — the curve comes from the log.",
    },
    "ls.wrong.heading": {"pl": "Dlaczego entropia krzyżowa do klasyfikacji?",
                         "en": "Why cross-entropy for classification?"},
    "ls.wrong.text": {
        "pl": "Sieć jest pewna i myli się: prawdziwej klasie daje prawdopodobieństwo p, na przykład 0.01. "
              "Prawdopodobieństwo pochodzi z sigmoidy (albo softmaksu) logitu z, więc do ostatniej warstwy trafia "
              "∂L/∂z. Porównaj, ile go zostaje przy MSE, a ile przy entropii krzyżowej.",
        "en": "The network is confident and wrong: it gives the true class a probability p, say 0.01. The "
              "probability comes from a sigmoid (or softmax) of a logit z, so what reaches the last layer is "
              "∂L/∂z. Compare how much of it is left with MSE and with cross-entropy.",
    },
    "ls.wrong.legend": {"pl": "Prawdopodobieństwo prawdziwej klasy", "en": "Probability of the true class"},
    "ls.wrong.mse": {"pl": "MSE przez sigmoidę", "en": "MSE through the sigmoid"},
    "ls.wrong.ce": {"pl": "Entropia krzyżowa", "en": "Cross-entropy"},
    "ls.wrong.from_logits": {"pl": "(entropia krzyżowa na logitach (z, 0))", "en": "(cross-entropy on logits (z, 0))"},
    "ls.wrong.ratio": {
        "pl": "Przy p = {p} gradient entropii krzyżowej jest {ratio} razy większy niż gradient MSE.",
        "en": "At p = {p} the cross-entropy gradient is {ratio} times larger than the MSE one.",
    },
    "ls.wrong.conclusion": {
        "pl": "Przy MSE czynnik σ′(z) = p(1 − p) jest prawie zerowy właśnie wtedy, gdy sieć najbardziej się myli, "
              "więc uczy się najwolniej tam, gdzie powinna najszybciej. W entropii krzyżowej 1/p z logarytmu "
              "skraca się z tym czynnikiem i zostaje ∂L/∂z = p − 1: im gorsza odpowiedź, tym silniejsza poprawka.",
        "en": "With MSE the factor σ′(z) = p(1 − p) is almost zero exactly when the network is most wrong, so it "
              "learns slowest where it should learn fastest. In cross-entropy the 1/p from the log cancels that "
              "factor and leaves ∂L/∂z = p − 1: the worse the answer, the stronger the correction.",
    },
    "ls.wrong.plot_title": {"pl": "|∂L/∂z| w zależności od p", "en": "|∂L/∂z| against p"},
    "ls.wrong.plot_x": {"pl": "prawdopodobieństwo prawdziwej klasy p (skala log.)",
                        "en": "probability of the true class p (log scale)"},
    "ls.wrong.plot_y": {"pl": "|∂L/∂z|", "en": "|∂L/∂z|"},
    "ls.live.heading": {"pl": "Dlaczego entropia krzyżowa — na żywo", "en": "Why cross-entropy, live"},
    "ls.live.setup": {
        "pl": "Dwa treningi tej samej sieci na zbiorze „koło” (200 punktów, dwie klasy): 2 wejścia, dwie warstwy "
              "ukryte po 6 neuronów tanh i jedno wyjście z sigmoidą, SGD w batchach po 10 przykładów. To samo "
              "ziarno daje obu te same wagi początkowe i tę samą kolejność batchy; różni je tylko funkcja błędu: "
              "jeden trening minimalizuje binarny NLL (BCE), drugi MSE na tym samym wyjściu sigmoidy.",
        "en": "Two trainings of the same network on the “circle” set (200 points, two classes): 2 inputs, two "
              "hidden layers of 6 tanh neurons and one sigmoid output, SGD in minibatches of 10 examples. The "
              "same seed gives both the same initial weights and the same order of minibatches; only the loss "
              "differs: one run minimizes the binary NLL (BCE), the other MSE on the same sigmoid output.",
    },
    "ls.live.expect": {
        "pl": "Na co patrzeć: przy domyślnym γ = 0.1 trening z BCE dochodzi do dokładności 90\u202f% na zbiorze "
              "treningowym mniej więcej w połowie kroków, których potrzebuje do tego MSE. Punkty, "
              "które sieć klasyfikuje pewnie i źle, dają w BCE duży gradient (∂L/∂z = p − 1), a w MSE prawie "
              "żaden — to ta sama różnica, co w tabeli wyżej, tylko teraz widać ją w trakcie uczenia.",
        "en": "What to look for: at the default γ = 0.1 the BCE run reaches 90\u202f% accuracy on the training "
              "set in about half the updates the MSE run needs for it. Points the "
              "network gets confidently wrong give BCE a large gradient (∂L/∂z = p − 1) and MSE almost none — "
              "the same difference as in the table above, now seen while the network learns.",
    },
    "ls.live.units": {
        "pl": "Wartości obu błędów mają różne skale (BCE zaczyna koło ln 2 ≈ 0.69, MSE koło 0.25), więc ich "
              "krzywe porównuj kształtem; wspólną miarą jest dokładność na zbiorze walidacyjnym i treningowym.",
        "en": "The two losses have different scales (BCE starts near ln 2 ≈ 0.69, MSE near 0.25), so compare "
              "their curves by shape; the common yardstick is the accuracy on the validation and training sets.",
    },
    "ls.live.honest": {
        "pl": "To tendencja, nie prawo. Przy γ = 0.1 przewaga BCE jest wyraźna, ale już przy γ = 1 niektóre "
              "ziarna (np. 1 albo 4) pozwalają MSE dotrzymać kroku, a przy γ = 3 role się odwracają: duże gradienty "
              "BCE przeskakują minimum, a małe gradienty MSE działają jak mniejsze γ. Jeśli Twoje ziarno nie "
              "pokazuje efektu, wykresy mówią prawdę — to one są wynikiem, nie ten akapit.",
        "en": "This is a tendency, not a law. At γ = 0.1 BCE's lead is clear, but at γ = 1 some seeds (e.g. 1 or "
              "4) let MSE keep up, and at γ = 3 the roles reverse: BCE's large gradients overshoot while MSE's "
              "small ones act like a smaller γ. If your seed does not show the effect, believe the plots — they "
              "are the result, not this paragraph.",
    },
    "ls.live.legend": {"pl": "Ustawienia obu treningów", "en": "Settings of both runs"},
    "ls.live.label.seed": {"pl": "ziarno", "en": "seed"},
    "ls.live.train": {"pl": "Trenuj", "en": "Train"},
    "ls.live.pause": {"pl": "Pauza", "en": "Pause"},
    "ls.live.new": {"pl": "Nowe treningi", "en": "New runs"},
    "ls.live.ready": {"pl": "Naciśnij „Trenuj”: oba treningi ruszą jednocześnie.",
                      "en": "Press “Train”: both runs start together."},
    "ls.live.running": {"pl": "Trening trwa…", "en": "Training…"},
    "ls.live.paused": {"pl": "Pauza. „Trenuj” wznawia oba treningi.", "en": "Paused. “Train” resumes both runs."},
    "ls.live.done": {"pl": "Koniec: po {updates} {updates|kroku|krokach|krokach} każdego treningu.",
                     "en": "Done: {updates} {updates|update|updates} of each run."},
    "ls.live.diverged": {"pl": "Trening się rozbiegł w kroku {step} (błąd przestał być skończony); zmniejsz γ.",
                         "en": "A run diverged at update {step} (its loss is no longer finite); lower γ."},
    "ls.live.failed": {"pl": "Nie udało się uruchomić treningu (HTTP {status}).",
                       "en": "The runs could not be started (HTTP {status})."},
    "ls.live.table_caption": {"pl": "Ostatnia klatka każdego treningu", "en": "The latest frame of each run"},
    "ls.live.col.loss": {"pl": "Funkcja błędu", "en": "Loss"},
    "ls.live.col.step": {"pl": "Krok", "en": "Update"},
    "ls.live.col.train_loss": {"pl": "Błąd na batchu", "en": "Loss on the batch"},
    "ls.live.col.train_acc": {"pl": "Dokładność (zbiór treningowy)", "en": "Accuracy (training set)"},
    "ls.live.col.val_acc": {"pl": "Dokładność (zbiór walidacyjny)", "en": "Accuracy (validation set)"},
    "ls.live.loss_title": {"pl": "Błąd na batchu w kolejnych krokach", "en": "Loss on the batch per update"},
    "ls.live.acc_title": {"pl": "Dokładność w kolejnych krokach", "en": "Accuracy per update"},
    "ls.live.axis_step": {"pl": "krok (liczba aktualizacji wag)", "en": "update (weight updates done)"},
    "ls.live.axis_loss": {"pl": "błąd na batchu", "en": "loss on the batch"},
    "ls.live.axis_acc": {"pl": "dokładność (ułamek)", "en": "accuracy (fraction)"},
    "ls.live.trace.val": {"pl": "{loss}, zbiór walidacyjny", "en": "{loss}, validation set"},
    "ls.live.trace.train": {"pl": "{loss}, zbiór treningowy", "en": "{loss}, training set"},
    "ls.live.playground": {"pl": "Otwórz trening z BCE na Placu zabaw (tam zmienisz funkcję błędu na MSE)",
                           "en": "Open the BCE run in the Playground (switch the loss to MSE there)"},
    "ls.error.lr": {"pl": "γ musi być od {min} do {max}.", "en": "γ must be from {min} to {max}."},
    "ls.error.seed": {"pl": "Ziarno: liczba całkowita od {min} do {max}.",
                      "en": "Seed: a whole number from {min} to {max}."},
    "ls.error.class": {"pl": "Numer klasy: {min} albo {max}.", "en": "Class number: {min} or {max}."},
    "ls.error.sign": {"pl": "y musi być {min} albo {max}.", "en": "y must be {min} or {max}."},
}
