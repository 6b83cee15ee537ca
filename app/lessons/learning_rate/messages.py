"""Lesson 3 (/lessons/learning-rate): the text of the page. Facts from slides 14-23 of the lecture; wording ours."""

MESSAGES = {
    "lr.lead": {
        "pl": "Współczynnik uczenia γ mówi, jak duży krok robimy w dół zbocza funkcji błędu. Za mały — trening "
              "się wlecze; za duży — wagi skaczą z jednej strony doliny na drugą albo uciekają w nieskończoność. "
              "Poniżej pięć optymalizatorów schodzi z tego samego punktu po tej samej powierzchni; zmieniaj ich "
              "ustawienia i patrz, co się dzieje.",
        "en": "The learning rate γ says how big a step we take down the slope of the loss. Too small and training "
              "crawls; too large and the weights bounce from one side of the valley to the other or run off to "
              "infinity. Below, five optimizers walk down the same surface from the same point; change their "
              "settings and watch what happens.",
    },
    "lr.s1.heading": {"pl": "1. Wielkość kroku", "en": "1. The size of a step"},
    "lr.s1.text": {
        "pl": "Każda aktualizacja przesuwa wagę w przeciwną stronę niż gradient, o gradient pomnożony przez γ. "
              "Gradient mówi, w którą stronę iść; γ decyduje, jak daleko.",
        "en": "Each update moves a weight against the gradient, by the gradient times γ. The gradient says which "
              "way to go; γ decides how far.",
    },
    "lr.s1.range": {
        "pl": "Wykład podaje typowy zakres od 0.001 do 0.1 (zielony pas na osi poniżej, skala logarytmiczna). "
              "Kropki to współczynniki wybrane niżej dla pięciu optymalizatorów. To tylko punkt wyjścia: dobra "
              "wartość zależy od kształtu funkcji błędu, a metody adaptacyjne (Adagrad, RMSprop, Adam) mierzą "
              "krok inaczej niż zwykły spadek gradientu.",
        "en": "The lecture gives 0.001 to 0.1 as the typical range (the green band on the axis below, log scale). "
              "The dots are the rates chosen further down for the five optimizers. It is a starting point only: "
              "a good value depends on the shape of the loss, and the adaptive methods (Adagrad, RMSprop, Adam) "
              "measure a step differently from plain gradient descent.",
    },
    "lr.axis.title": {"pl": "Współczynniki uczenia na osi logarytmicznej", "en": "Learning rates on a log axis"},
    "lr.axis.x": {"pl": "współczynnik uczenia γ (skala log.)", "en": "learning rate γ (log scale)"},
    "lr.axis.typical": {"pl": "typowo 0.001–0.1", "en": "typical 0.001–0.1"},
    "lr.s2.heading": {"pl": "2. Pięć optymalizatorów na jednej powierzchni",
                      "en": "2. Five optimizers on one surface"},
    "lr.s2.text": {
        "pl": "Funkcja błędu dwóch wag w₁ i w₂ to wydłużona miska: wzdłuż w₂ jest 25 razy bardziej stroma niż "
              "wzdłuż w₁, a minimum L = 0 leży w (0, 0). Takie wąskie doliny są typowe dla prawdziwych sieci. "
              "Każdą aktualizację wykonuje optymalizator biblioteki nnlib; linie to kolejne położenia wag.",
        "en": "The loss of two weights w₁ and w₂ is an elongated bowl: 25 times steeper along w₂ than along w₁, "
              "with its minimum L = 0 at (0, 0). Narrow valleys like this are common in real networks. Every "
              "update is made by an nnlib optimizer; the lines join the successive positions of the weights.",
    },
    "lr.s2.surfaces": {
        "pl": "Miska obrócona o 45° ma te same krzywizny (1 i 25), ale nie wzdłuż osi w₁ i w₂. Adagrad, RMSprop "
              "i Adam dobierają krok osobno dla każdej wagi, więc na misce ustawionej wzdłuż osi mają łatwiej "
              "niż na obróconej — porównaj.",
        "en": "The bowl turned by 45° has the same curvatures (1 and 25), but no longer along the w₁ and w₂ axes. "
              "Adagrad, RMSprop and Adam scale the step for each weight separately, so the bowl aligned with the "
              "axes is easier for them than the turned one — compare.",
    },
    "lr.surface.label": {"pl": "Powierzchnia", "en": "Surface"},
    "lr.surface.bowl": {"pl": "wydłużona miska", "en": "elongated bowl"},
    "lr.surface.tilted": {"pl": "miska obrócona o 45°", "en": "bowl turned by 45°"},
    "lr.start.legend": {"pl": "Punkt startowy i liczba kroków", "en": "Start point and number of steps"},
    "lr.opt.legend": {"pl": "Optymalizatory i ich współczynniki uczenia",
                      "en": "Optimizers and their learning rates"},
    "lr.opt.sgd": {"pl": "SGD", "en": "SGD"},
    "lr.opt.momentum": {"pl": "SGD z pędem", "en": "SGD with momentum"},
    "lr.opt.adagrad": {"pl": "Adagrad", "en": "Adagrad"},
    "lr.opt.rmsprop": {"pl": "RMSprop", "en": "RMSprop"},
    "lr.opt.adam": {"pl": "Adam", "en": "Adam"},
    "lr.preset.legend": {"pl": "Gotowe ustawienia γ:", "en": "Preset learning rates:"},
    "lr.preset.low": {"pl": "za mały", "en": "too low"},
    "lr.preset.good": {"pl": "w sam raz", "en": "about right"},
    "lr.preset.high": {"pl": "za duży (oscylacje)", "en": "too high (oscillation)"},
    "lr.preset.diverge": {"pl": "dużo za duży (rozbieżność)", "en": "far too high (divergence)"},
    "lr.preset.explain": {
        "pl": "Dla SGD na tej misce granica stabilności to γ = 2/25 = 0.08: powyżej każdy krok wzdłuż w₂ "
              "przeskakuje dno coraz dalej. Z pędem μ granica rośnie do 2(1 + μ)/25. Kroki Adagrad, RMSprop i "
              "Adama są ograniczone mniej więcej przez γ, więc te metody nie uciekają w nieskończoność, ale przy "
              "dużym γ skaczą po całej powierzchni.",
        "en": "For SGD on this bowl the limit of stability is γ = 2/25 = 0.08: above it each step along w₂ jumps "
              "past the bottom further than the last. With momentum μ the limit grows to 2(1 + μ)/25. The steps "
              "of Adagrad, RMSprop and Adam are bounded by roughly γ, so these never run off to infinity, but with "
              "a large γ they jump all over the surface.",
    },
    "lr.reset": {"pl": "Przywróć początkowe", "en": "Reset"},
    "lr.recompute": {"pl": "Przelicz", "en": "Recompute"},
    "lr.plot.paths_title": {"pl": "Drogi optymalizatorów (poziomice: log₁₀ L)",
                            "en": "Paths of the optimizers (contours: log₁₀ L)"},
    "lr.plot.start": {"pl": "start", "en": "start"},
    "lr.plot.minimum": {"pl": "minimum", "en": "minimum"},
    "lr.plot.loss_title": {"pl": "Krzywa błędu", "en": "Loss curve"},
    "lr.plot.step": {"pl": "aktualizacja n", "en": "update n"},
    "lr.plot.loss_log": {"pl": "błąd L (skala log.)", "en": "loss L (log scale)"},
    "lr.plot.lr_title": {"pl": "Współczynnik uczenia γ(n)", "en": "Learning rate γ(n)"},
    "lr.plot.lr_y": {"pl": "γ(n) (skala log.)", "en": "γ(n) (log scale)"},
    "lr.summary.caption": {"pl": "Gdzie doszedł każdy optymalizator (do {steps} kroków)",
                           "en": "Where each optimizer got to (up to {steps} steps)"},
    "lr.summary.optimizer": {"pl": "Optymalizator", "en": "Optimizer"},
    "lr.summary.final": {"pl": "Błąd na końcu", "en": "Final loss"},
    "lr.summary.best": {"pl": "Najmniejszy błąd", "en": "Lowest loss"},
    "lr.summary.status": {"pl": "Przebieg", "en": "Outcome"},
    "lr.summary.ran": {"pl": "{steps} kroków", "en": "{steps} steps"},
    "lr.summary.diverged": {
        "pl": "rozbieżny: w kroku {step} błąd przekroczył {limit}; dalej nie liczymy",
        "en": "diverged: at step {step} the loss passed {limit}; stopped there",
    },
    "lr.s3.heading": {"pl": "3. Krzywa błędu i zmniejszanie γ", "en": "3. The loss curve and decaying γ"},
    "lr.s3.text": {
        "pl": "Krzywa błędu — błąd w kolejnych krokach — to podstawowe narzędzie diagnozy treningu. Za małe γ "
              "daje krzywą, która opada powoli; dobre — szybki spadek; za duże — krzywą, która skacze lub rośnie.",
        "en": "The loss curve — the loss at each step — is the main tool for diagnosing training. Too small a γ "
              "gives a curve that falls slowly; a good one a quick fall; too large a γ a curve that jumps about "
              "or climbs.",
    },
    "lr.s3.decay": {
        "pl": "Wykład proponuje zmniejszać γ w trakcie uczenia, np. wykładniczo: na początku duże kroki, pod "
              "koniec drobne. Ustaw d > 0 (np. 0.02) przy ustawieniu „za duży” i zobacz, jak oscylacje gasną, "
              "gdy γ(n) spada — wykres γ(n) jest obok krzywej błędu.",
        "en": "The lecture suggests shrinking γ during training, for example exponentially: big steps at first, "
              "small ones at the end. Set d > 0 (e.g. 0.02) with the “too high” preset and watch the oscillation "
              "die down as γ(n) falls — the plot of γ(n) is beside the loss curve.",
    },
    "lr.decay.legend": {"pl": "Zanikanie współczynnika uczenia", "en": "Learning-rate decay"},
    "lr.s4.heading": {"pl": "4. Pęd (momentum)", "en": "4. Momentum"},
    "lr.s4.text": {
        "pl": "Pęd dodaje do kroku część poprzedniego kroku. Gdy gradient ciągle wskazuje ten sam kierunek, kroki "
              "się sumują i rosną; gdy zmienia znak (skoki w poprzek doliny), częściowo się znoszą. Dzięki temu "
              "optymalizator przejeżdża przez punkty siodłowe, gdzie gradient jest mały, i przez płytkie minima "
              "lokalne.",
        "en": "Momentum adds part of the previous step to the current one. While the gradient keeps pointing the "
              "same way the steps add up and grow; when it flips sign (bouncing across a valley) they partly "
              "cancel. So the optimizer rolls through saddle points, where the gradient is small, and through "
              "shallow local minima.",
    },
    "lr.s4.numbers": {
        "pl": "Pierwsze kroki optymalizatora z pędem z wykresu powyżej, z liczbami (v(−1) = 0; wektory to (w₁, w₂)):",
        "en": "The first steps of the momentum path above, with the numbers (v(−1) = 0; vectors are (w₁, w₂)):",
    },
    "lr.s5.heading": {"pl": "5. Adagrad, RMSprop, Adam", "en": "5. Adagrad, RMSprop, Adam"},
    "lr.s5.text": {
        "pl": "Wykład wymienia te trzy algorytmy. Wszystkie dzielą krok każdej wagi przez pierwiastek z "
              "(sumy albo średniej) kwadratów jej gradientów: waga o dużych gradientach dostaje mniejszy krok, "
              "o małych — większy.",
        "en": "The lecture names these three algorithms. Each divides the step of every weight by the square root "
              "of a (sum or average) of its squared gradients: a weight with large gradients gets a smaller step, "
              "one with small gradients a larger one.",
    },
    "lr.s5.standard": {
        "pl": "Wzory poniżej to standardowy materiał spoza slajdów, w postaci użytej w nnlib (g = ∂L/∂w, "
              "działania dla każdej wagi osobno, t to numer kroku).",
        "en": "The formulas below are standard material, not on the slides, as nnlib implements them "
              "(g = ∂L/∂w, every operation per weight, t is the step number).",
    },
    "lr.s6.heading": {"pl": "6. Prawdziwe krzywe błędu są poszarpane", "en": "6. Real loss curves are bumpy"},
    "lr.s6.text": {
        "pl": "Na prawdziwej sieci błąd w każdym kroku liczymy na małej porcji danych (minibatch), więc krzywa "
              "skacze w górę i w dół — tym bardziej, im mniejsza porcja i większe γ. Uruchom trening i patrz na "
              "krzywą na żywo; potem włącz zanikanie γ albo zmniejsz γ i porównaj z poprzednim przebiegiem "
              "(szara linia).",
        "en": "In a real network the loss of each step is computed on a small batch of data, so the curve jumps up "
              "and down — the more so the smaller the batch and the larger γ. Start training and watch the curve "
              "live; then turn on the decay of γ or lower γ and compare with the previous run (grey line).",
    },
    "lr.s6.setup": {
        "pl": "Sieć: 2 wejścia, dwie warstwy po 6 neuronów tanh, wyjście sigmoid, błąd BCE; dane „koło” "
              "(200 punktów, 120 w zbiorze uczącym); SGD.",
        "en": "Network: 2 inputs, two layers of 6 tanh neurons, a sigmoid output, BCE loss; the “circle” data "
              "(200 points, 120 for training); SGD.",
    },
    "lr.live.legend": {"pl": "Trening na żywo", "en": "Live training"},
    "lr.live.label.lr": {"pl": "γ₀", "en": "γ₀"},
    "lr.live.label.batch": {"pl": "batch", "en": "batch"},
    "lr.live.label.decay": {"pl": "d", "en": "d"},
    "lr.live.label.updates": {"pl": "kroki", "en": "updates"},
    "lr.live.start": {"pl": "Start", "en": "Start"},
    "lr.live.stop": {"pl": "Stop", "en": "Stop"},
    "lr.live.ready": {"pl": "Gotowe do startu.", "en": "Ready to start."},
    "lr.live.running": {"pl": "Krok {step} z {total}; γ = {lr}; błąd = {loss}",
                        "en": "Update {step} of {total}; γ = {lr}; loss = {loss}"},
    "lr.live.done": {"pl": "Koniec: {step} kroków; γ = {lr}; ostatni błąd = {loss}",
                     "en": "Done: {step} updates; γ = {lr}; last loss = {loss}"},
    "lr.live.stopped": {"pl": "Zatrzymano po {step} krokach.", "en": "Stopped after {step} updates."},
    "lr.live.diverged": {"pl": "Trening rozbiegł się w kroku {step}: wagi przestały być skończone.",
                         "en": "Training diverged at update {step}: the weights stopped being finite."},
    "lr.live.failed": {"pl": "Nie udało się uruchomić treningu (HTTP {status}).",
                       "en": "Could not start the training (HTTP {status})."},
    "lr.live.plot_title": {"pl": "Błąd w każdym kroku i γ(n), na żywo", "en": "Loss per update and γ(n), live"},
    "lr.live.loss_y": {"pl": "błąd minibatcha", "en": "minibatch loss"},
    "lr.live.lr_y": {"pl": "γ(n)", "en": "γ(n)"},
    "lr.live.trace_loss": {"pl": "błąd (ten przebieg)", "en": "loss (this run)"},
    "lr.live.trace_previous": {"pl": "błąd (poprzedni przebieg)", "en": "loss (previous run)"},
    "lr.live.trace_lr": {"pl": "γ(n)", "en": "γ(n)"},
    "lr.live.playground": {"pl": "Otwórz ten trening w Playground", "en": "Open this training in the Playground"},
    "lr.error.lr": {
        "pl": "γ musi być od {min} do {max}.",
        "en": "γ must be from {min} to {max}.",
    },
    "lr.error.mu": {
        "pl": "μ musi być co najmniej {min} i mniejsze niż {max}.",
        "en": "μ must be at least {min} and less than {max}.",
    },
    "lr.error.int_range": {
        "pl": "Wpisz liczbę całkowitą od {min} do {max}.",
        "en": "Enter a whole number from {min} to {max}.",
    },
}
