"""Lesson 2 (/lessons/gradient-descent): the text of the page. Facts from slides 9-13 of the lecture; wording ours.

Every sentence that states an outcome has a test in tests/lessons/gradient_descent/test_claims.py naming its key.
"""

MESSAGES = {
    "gd.lead": {
        "pl": "W lekcji 1 policzyliśmy gradient dla jednej próbki. Tu sieć uczy się na wszystkich 12 próbkach "
              "owoców – na trzy sposoby naraz, z tych samych wag startowych – i widać, czym się te sposoby różnią.",
        "en": "Lesson 1 worked out the gradient for one sample. Here the network learns from all 12 fruit samples, "
              "in three ways at once from the same starting weights, so you can watch how the ways differ.",
    },
    "gd.idea.heading": {"pl": "Krok przeciw gradientowi", "en": "A step against the gradient"},
    "gd.idea.text": {
        "pl": "Gradient wskazuje kierunek, w którym błąd rośnie najszybciej, więc krok w przeciwną stronę "
              "najszybciej go zmniejsza. Powtarzamy taki krok wiele razy, za każdym razem od nowych wag:",
        "en": "The gradient points where the loss grows fastest, so a step the opposite way lowers it fastest. "
              "We repeat that step many times, each time from the new weights:",
    },
    "gd.idea.modes": {
        "pl": "Pytanie brzmi: z ilu próbek liczyć gradient przed każdym krokiem? Mamy m = 12 przykładów.",
        "en": "The question is how many samples to compute each step's gradient from. We have m = 12 examples.",
    },
    "gd.modes.caption": {"pl": "Trzy odmiany dla m = {m} przykładów", "en": "Three variants for m = {m} examples"},
    "gd.modes.mode": {"pl": "Odmiana", "en": "Variant"},
    "gd.modes.size": {"pl": "Próbek na krok", "en": "Samples per update"},
    "gd.modes.updates": {"pl": "Kroków na epokę", "en": "Updates per epoch"},
    "gd.modes.verdict": {"pl": "Cechy", "en": "Character"},
    "gd.mode.batch": {"pl": "Batch (pełny zbiór)", "en": "Batch (full set)"},
    "gd.mode.stochastic": {"pl": "Stochastyczna", "en": "Stochastic"},
    "gd.mode.minibatch": {"pl": "Minibatch", "en": "Minibatch"},
    "gd.verdict.batch": {
        "pl": "dokładny gradient, ale drogi w obliczeniach i pamięci; jeden krok na przejście przez dane",
        "en": "exact gradient, but costly in compute and memory; one update per pass over the data",
    },
    "gd.verdict.stochastic": {
        "pl": "tani krok, ale błąd skacze, bo jedna próbka to hałaśliwa wskazówka",
        "en": "cheap update, but the loss jumps around: one sample is a noisy hint",
    },
    "gd.verdict.minibatch": {
        "pl": "kompromis stosowany w praktyce: podzbiór próbek na krok",
        "en": "the practical compromise: a subset of the samples per update",
    },
    "gd.idea.epoch": {
        "pl": "Epoka to jedno przejście przez cały zbiór treningowy. Batch robi w niej 1 krok, wersja "
              "stochastyczna {m} {m|krok|kroki|kroków}, a minibatch po {mb} {mb|próbce|próbki|próbek} – "
              "{mb_updates} {mb_updates|krok|kroki|kroków}.",
        "en": "An epoch is one pass over the whole training set. Batch makes 1 update in it, stochastic {m}, and "
              "a minibatch of {mb} {mb|sample|samples} makes {mb_updates}.",
    },
    "gd.start.heading": {"pl": "Start: sieć z wykładu na 12 próbkach", "en": "The start: the lecture's network on 12 samples"},
    "gd.start.text": {
        "pl": "Wszystkie trzy przebiegi zaczynają od wag z lekcji 1 (w₁₁₁ = 20, b₁₁ = −10, w₁₂₁ = 40, b₁₂ = −200, "
              "w₂₁₁ = 1, w₂₁₂ = −1, b₂₁ = 0). Próbka z wykładu, x = 4, daje y₂₁ = 70 i błąd 25; średnia po "
              "wszystkich 12 próbkach to błąd całego zbioru.",
        "en": "All three runs start from lesson 1's weights (w₁₁₁ = 20, b₁₁ = −10, w₁₂₁ = 40, b₁₂ = −200, "
              "w₂₁₁ = 1, w₂₁₂ = −1, b₂₁ = 0). The lecture's sample, x = 4, gives y₂₁ = 70 and loss 25; the mean "
              "over all 12 samples is the loss of the whole set.",
    },
    "gd.samples.caption": {"pl": "Zbiór owoców i wyjście sieci z wykładu", "en": "The fruit set and the lecture network's output"},
    "gd.samples.mean": {"pl": "Średnia (błąd pełnego batcha)", "en": "Mean (the full-batch loss)"},
    "gd.start.lr": {
        "pl": "Współczynnik uczenia: wykład podaje typowe γ od 0.1 do 0.001, ale zakłada dane rzędu 1. Tu cele "
              "sięgają 86, a x dochodzi do 9.25, więc gradienty idą w setki (już dla jednej próbki ∂L/∂w₂₁₁ = −700). "
              "Przy γ = 0.001 pierwsze kroki wyłączają neuron wyjściowy: ReLU daje 0 dla każdej próbki i uczenie "
              "staje. Dlatego startujemy od γ = 0.00002 (2·10⁻⁵). Sprawdź sam: wpisz 0.00005 albo 0.001.",
        "en": "Learning rate: the lecture gives a typical γ of 0.1 to 0.001, but that assumes data of size about 1. "
              "Here targets reach 86 and x goes up to 9.25, so gradients are in the hundreds (for one sample already "
              "∂L/∂w₂₁₁ = −700). With γ = 0.001 the first updates switch the output neuron off: ReLU gives 0 for "
              "every sample and learning stops. So we start at γ = 0.00002 (2·10⁻⁵). Try it: enter 0.00005 or 0.001.",
    },
    "gd.runs.heading": {"pl": "Trzy przebiegi obok siebie", "en": "Three runs side by side"},
    "gd.runs.text": {
        "pl": "Uruchom uczenie. Każda klatka to tyle samo epok dla każdego przebiegu, więc batch robi 1 krok, gdy "
              "stochastyczny robi 12. Na wykresie danych zaznaczone są próbki ostatniego minibatcha.",
        "en": "Start training. Each frame is the same number of epochs for every run, so batch makes 1 update while "
              "stochastic makes 12. The data plot marks the samples of the last minibatch.",
    },
    "gd.label.mb": {"pl": "Minibatch", "en": "Minibatch"},
    "gd.label.seed": {"pl": "Ziarno", "en": "Seed"},
    "gd.label.speed": {"pl": "Epok na klatkę", "en": "Epochs per frame"},
    "gd.label.shuffle": {"pl": "Tasuj próbki w każdej epoce", "en": "Shuffle the samples every epoch"},
    "gd.apply": {"pl": "Zastosuj", "en": "Apply"},
    "gd.play": {"pl": "Ucz", "en": "Train"},
    "gd.pause": {"pl": "Pauza", "en": "Pause"},
    "gd.one_epoch": {"pl": "Jedna epoka", "en": "One epoch"},
    "gd.reset": {"pl": "Od nowa", "en": "Start over"},
    "gd.msg.lost": {
        "pl": "Serwer nie ma już tych przebiegów (np. po restarcie). Kliknij „Od nowa”.",
        "en": "The server no longer has these runs (e.g. after a restart). Click “Start over”.",
    },
    "gd.msg.failed": {
        "pl": "Nie udało się połączyć z serwerem. Spróbuj ponownie.",
        "en": "Could not reach the server. Please try again.",
    },
    "gd.card.batch_size": {"pl": "Próbek na krok", "en": "Samples per update"},
    "gd.card.updates": {"pl": "Kroków na epokę", "en": "Updates per epoch"},
    "gd.card.step": {"pl": "Kroki", "en": "Updates"},
    "gd.card.epoch": {"pl": "Epoki", "en": "Epochs"},
    "gd.card.loss": {"pl": "Błąd na 12 próbkach", "en": "Loss on all 12"},
    "gd.card.samples": {"pl": "Ostatni minibatch (nr próbek)", "en": "Last minibatch (sample nos.)"},
    "gd.sym.g_batch": {"pl": "gradient na ostatnim minibatchu, przy obecnych wagach",
                       "en": "the gradient on the last minibatch, at the current weights"},
    "gd.sym.g_full": {"pl": "gradient na wszystkich {m} próbkach, przy tych samych wagach",
                      "en": "the gradient on all {m} samples, at the same weights"},
    "gd.sym.theta": {"pl": "kąt między nimi", "en": "the angle between them"},
    "gd.cards.note": {
        "pl": "Numery próbek są jak w tabeli powyżej.",
        "en": "Sample numbers are those of the table above.",
    },
    "gd.status.ready": {"pl": "Gotowy, jeszcze bez kroku.", "en": "Ready, no update yet."},
    "gd.status.training": {"pl": "Uczy się.", "en": "Learning."},
    "gd.status.dead": {
        "pl": "Neuron wyjściowy umarł: ReLU daje 0 dla każdej próbki, gradient jest zerowy i wagi już się nie "
              "zmienią. Zmniejsz γ i zacznij od nowa.",
        "en": "The output neuron has died: ReLU gives 0 for every sample, the gradient is zero and the weights "
              "will not change again. Lower γ and start over.",
    },
    "gd.status.diverged": {
        "pl": "Rozbieżność w kroku {step}: błąd lub waga przestały być skończone. Zmniejsz γ.",
        "en": "Diverged at update {step}: the loss or a weight is no longer finite. Lower γ.",
    },
    "gd.plot.samples": {"pl": "próbki", "en": "samples"},
    "gd.plot.batch": {"pl": "ostatni minibatch", "en": "last minibatch"},
    "gd.plot.network": {"pl": "sieć", "en": "network"},
    "gd.plot.quality": {"pl": "jakość y", "en": "quality y"},
    "gd.plot.update_title": {"pl": "Błąd minibatcha w każdym kroku", "en": "Minibatch loss at every update"},
    "gd.plot.epoch_title": {"pl": "Błąd w każdej epoce", "en": "Loss per epoch"},
    "gd.plot.update": {"pl": "krok (aktualizacja wag)", "en": "update (weight step)"},
    "gd.plot.epoch": {"pl": "epoka", "en": "epoch"},
    "gd.plot.loss": {"pl": "błąd L (skala log.)", "en": "loss L (log scale)"},
    "gd.runs.read": {
        "pl": "Na osi kroków batch rysuje gładką krzywą, a stochastyczny skacze: każdy jego punkt to błąd jednej "
              "próbki (na starcie od {low} do {high}). Minibatch skacze mniej niż stochastyczny. Na osi epok każdy "
              "punkt uśrednia kroki całej epoki (średnia ważona liczbą próbek), więc krzywe są spokojniejsze – "
              "ale stochastyczny wciąż się waha, bo jego wagi skaczą z kroku na krok.",
        "en": "Against updates, batch draws a smooth curve and stochastic jumps: each of its points is one sample's "
              "loss ({low} to {high} at the start). Minibatch jumps less than stochastic. Against epochs each point "
              "averages a whole epoch's updates (weighted by samples), so the curves calm down – but stochastic "
              "still wavers, because its weights jump from update to update.",
    },
    "gd.grad.heading": {"pl": "Gradient minibatcha a pełny gradient", "en": "The minibatch gradient against the full gradient"},
    "gd.grad.text": {
        "pl": "Gradient z kilku próbek to oszacowanie gradientu z całego zbioru: uśredniony po minibatchach "
              "jednej epoki (przy tych samych wagach) daje dokładnie pełny gradient. Pojedynczy minibatch może "
              "jednak wskazywać zupełnie inny kierunek. Karty powyżej porównują je przy bieżących wagach: "
              "długość każdego i kąt między nimi.",
        "en": "The gradient from a few samples is an estimate of the gradient over the whole set: averaged over "
              "the minibatches of one epoch (at the same weights) it gives exactly the full gradient. A single "
              "minibatch may point quite another way, though. The cards above compare them at the current "
              "weights: the length of each and the angle between them.",
    },
    "gd.grad.read": {
        "pl": "Dla batcha kąt wynosi 0°: to ten sam gradient, więc przy naszym γ każdy krok obniża błąd całego "
              "zbioru. Dla jednej próbki (i dla minibatcha) kąt bywa duży, nawet ponad 90°, a po wielu krokach "
              "błąd wszystkich 12 próbek na chwilę rośnie.",
        "en": "For batch the angle is 0°: it is the same gradient, so at our γ every update lowers the loss of the "
              "whole set. For one sample (and for a minibatch) the angle is often large, even above 90°, and after "
              "many of their updates the loss of all 12 samples rises for a moment.",
    },
    "gd.hz.heading": {"pl": "Przeszkody po drodze", "en": "Hazards on the way"},
    "gd.hz.text": {
        "pl": "Spadek po gradiencie widzi tylko nachylenie w miejscu, w którym stoi. Ta powierzchnia dwóch wag ma "
              "minimum globalne (gwiazdka), płytsze minimum lokalne (kółko) i punkt siodłowy (krzyżyk) między nimi:",
        "en": "Gradient descent only sees the slope where it stands. This surface over two weights has a global "
              "minimum (star), a shallower local minimum (circle) and a saddle point (cross) between them:",
    },
    "gd.hz.how": {
        "pl": "Kliknij na wykresie, aby postawić punkt startowy (albo wpisz go), i patrz, dokąd zejdzie.",
        "en": "Click on the plot to drop a starting point (or type it) and watch where the descent goes.",
    },
    "gd.label.steps": {"pl": "Kroki", "en": "Steps"},
    "gd.label.opt": {"pl": "Metoda", "en": "Method"},
    "gd.opt.sgd": {"pl": "spadek po gradiencie", "en": "gradient descent"},
    "gd.opt.momentum": {"pl": "z pędem μ", "en": "with momentum μ"},
    "gd.hz.path": {"pl": "droga", "en": "path"},
    "gd.hz.start": {"pl": "start", "en": "start"},
    "gd.hz.critical": {"pl": "punkty krytyczne", "en": "critical points"},
    "gd.hz.cp.global": {"pl": "minimum globalne", "en": "global minimum"},
    "gd.hz.cp.saddle": {"pl": "siodło", "en": "saddle"},
    "gd.hz.cp.local": {"pl": "minimum lokalne", "en": "local minimum"},
    "gd.hz.w1": {"pl": "waga w₁", "en": "weight w₁"},
    "gd.hz.w2": {"pl": "waga w₂", "en": "weight w₂"},
    "gd.hz.gradnorm": {"pl": "‖∇f‖ (skala log.)", "en": "‖∇f‖ (log scale)"},
    "gd.hz.step": {"pl": "krok n", "en": "step n"},
    "gd.hz.end": {
        "pl": "Po {steps} krokach: w = ({w1}, {w2}),",
        "en": "After {steps} steps: w = ({w1}, {w2}),",
    },
    "gd.hz.outcome.global": {
        "pl": "W dolinie minimum globalnego: poniżej wysokości siodła, na lewo od niego.",
        "en": "In the global minimum's valley: below the saddle's height, left of it.",
    },
    "gd.hz.outcome.local": {
        "pl": "Utknął w dolinie minimum lokalnego: tam gradient prowadzi tylko do jej dna, choć obok jest "
              "niższa dolina.",
        "en": "Stuck in the local minimum's valley: there the gradient only leads to its bottom, although a lower "
              "valley lies next door.",
    },
    "gd.hz.outcome.saddle": {
        "pl": "Stoi na siodle: gradient prawie zerowy, choć wzdłuż w₁ powierzchnia opada w obie strony.",
        "en": "Stalled on the saddle: the gradient is almost zero, yet along w₁ the surface falls away on both sides.",
    },
    "gd.hz.outcome.moving": {
        "pl": "Jeszcze w drodze, ponad wysokością siodła: dodaj kroków.",
        "en": "Still on its way, above the saddle's height: add steps.",
    },
    "gd.hz.outcome.diverged": {
        "pl": "Rozbieżność: za duże γ wyrzuciło punkt poza powierzchnię – każdy krok przestrzeliwuje coraz bardziej.",
        "en": "Diverged: γ is too large and threw the point off the surface; each step overshoots more than the last.",
    },
    "gd.hz.presets": {"pl": "Gotowe ustawienia zejścia", "en": "Preset descents"},
    "gd.hz.preset.default": {"pl": "Siodło i minimum lokalne", "en": "Saddle and local minimum"},
    "gd.hz.preset.momentum": {"pl": "Pęd przez garb", "en": "Momentum over the hump"},
    "gd.hz.try": {
        "pl": "Start przy w₁ = {x0}, tuż na prawo od siodła, zjeżdża w stronę siodła i tam zwalnia (‖∇f‖ spada "
              "na wykresie), po czym skręca w prawo – do minimum lokalnego; niższej doliny po lewej nie znajdzie. "
              "„Pęd przez garb” startuje z prawego górnego rogu, ({mx}, {my}), z pędem μ = {mu} i γ = {lr}: po "
              "{steps} krokach rozpęd przenosi punkt przez garb do doliny globalnej, a zwykły spadek po "
              "gradiencie z tego samego startu kończy w dolinie lokalnej.",
        "en": "A start at w₁ = {x0}, just right of the saddle, slides towards the saddle and slows down there "
              "(‖∇f‖ drops on the plot), then turns right, into the local minimum; it never finds the lower valley "
              "on the left. “Momentum over the hump” starts in the top right corner, ({mx}, {my}), with momentum "
              "μ = {mu} and γ = {lr}: within {steps} steps its speed carries the point over the hump into the "
              "global valley, while plain gradient descent from the same start ends in the local valley.",
    },
    "gd.hz.nudge": {
        "pl": "Start dokładnie na linii siodła (w₁ = {saddle}) zostaje na siodle na zawsze: gradient nie ma tam "
              "składowej w₁. Wystarczy jednak najmniejsze pchnięcie – na przykład szum minibatcha – by zsunął się "
              "do którejś doliny.",
        "en": "A start exactly on the saddle's line (w₁ = {saddle}) stays on the saddle for good: the gradient has "
              "no w₁ part there. Yet the smallest nudge – minibatch noise, for instance – makes it slide into one "
              "of the valleys.",
    },
    "gd.hz.more": {
        "pl": "Dwie kolejne przeszkody z wykładu – zanikający i eksplodujący gradient – zobaczysz w lekcji 5.",
        "en": "The lecture's two other hazards, vanishing and exploding gradients, are in lesson 5.",
    },
    "gd.err.range_open": {
        "pl": "Dozwolone wartości: większe od {min}, najwyżej {max}.",
        "en": "Allowed values: greater than {min}, at most {max}.",
    },
}
