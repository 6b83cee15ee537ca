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
    "ls.wrong.from_logits": {"pl": "(cross_entropy na logitach (z, 0))", "en": "(cross_entropy on logits (z, 0))"},
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
    "ls.error.class": {"pl": "Numer klasy: {min} albo {max}.", "en": "Class number: {min} or {max}."},
    "ls.error.sign": {"pl": "y musi być {min} albo {max}.", "en": "y must be {min} or {max}."},
}
