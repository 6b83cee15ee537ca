"""Lesson 3 (/lessons/learning-rate): the text of the page. Facts from slides 14-23 of the lecture; wording ours.

Every sentence that states an outcome has a test in tests/lessons/learning_rate/test_claims.py naming its key.
"""

MESSAGES = {
    "lr.lead": {
        "pl": "Współczynnik uczenia γ mówi, jak duży krok robimy w dół zbocza funkcji błędu. Za mały — trening "
              "się wlecze; za duży — wagi skaczą z jednej strony doliny na drugą albo wylatują z niej i utykają "
              "tam, gdzie błąd jest duży, a zbocze płaskie. Poniżej pięć optymalizatorów schodzi z tego samego "
              "punktu po tej samej powierzchni; zmieniaj ich ustawienia i patrz, co się dzieje.",
        "en": "The learning rate γ says how big a step we take down the slope of the loss. Too small and training "
              "crawls; too large and the weights bounce from one side of the valley to the other, or fly out of "
              "it and get stuck where the loss is high and the ground is flat. Below, five optimizers walk down "
              "the same surface from the same point; change their settings and watch what happens.",
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
        "pl": "Funkcja błędu dwóch wag w₁ i w₂ to wydłużona dolina na równinie. Przy minimum L = 0 w (0, 0) "
              "dolina jest 25 razy bardziej stroma wzdłuż w₂ niż wzdłuż w₁ (tam L ≈ q). Daleko od minimum "
              "błąd dochodzi do 40 i zbocze robi się płaskie: gradient prawie znika, jak w sieci, której neurony "
              "się nasyciły. Każdą aktualizację wykonuje optymalizator biblioteki nnlib; linie łączą kolejne "
              "położenia wag.",
        "en": "The loss of two weights w₁ and w₂ is an elongated valley in a plain. At its minimum L = 0 at (0, 0) "
              "the valley is 25 times steeper along w₂ than along w₁ (there L ≈ q). Far from the minimum the loss "
              "levels off at 40 and the ground is flat: the gradient almost vanishes, as in a network whose neurons "
              "have saturated. Every update is made by an nnlib optimizer; the lines join the successive positions "
              "of the weights.",
    },
    "lr.s2.surfaces": {
        "pl": "Dolina obrócona o 45° ma te same krzywizny (1 i 25), ale nie wzdłuż osi w₁ i w₂. Adagrad, RMSprop "
              "i Adam dobierają krok osobno dla każdej wagi, więc w dolinie ustawionej wzdłuż osi schodzą na dno "
              "kilka razy szybciej niż w obróconej; SGD i SGD z pędem obrót prawie nie przeszkadza — porównaj "
              "krzywe błędu.",
        "en": "The valley turned by 45° has the same curvatures (1 and 25), but no longer along the w₁ and w₂ axes. "
              "Adagrad, RMSprop and Adam scale the step for each weight separately, so in the valley aligned with "
              "the axes they get down to the bottom several times faster than in the turned one; SGD and SGD with "
              "momentum hardly mind the turn — compare the loss curves.",
    },
    "lr.surface.label": {"pl": "Powierzchnia", "en": "Surface"},
    "lr.surface.bowl": {"pl": "wydłużona dolina", "en": "elongated valley"},
    "lr.surface.tilted": {"pl": "dolina obrócona o 45°", "en": "valley turned by 45°"},
    "lr.start.legend": {"pl": "Punkt startowy i liczba kroków", "en": "Start point and number of steps"},
    "lr.opt.legend": {"pl": "Optymalizatory i ich współczynniki uczenia",
                      "en": "Optimizers and their learning rates"},
    "lr.preset.legend": {"pl": "Gotowe ustawienia γ:", "en": "Preset learning rates:"},
    "lr.preset.low": {"pl": "za mały", "en": "too low"},
    "lr.preset.good": {"pl": "w sam raz", "en": "about right"},
    "lr.preset.high": {"pl": "za duży", "en": "too high"},
    "lr.preset.diverge": {"pl": "dużo za duży", "en": "far too high"},
    "lr.preset.explain": {
        "pl": "Każde ustawienie startuje z punktu domyślnego i robi {steps} {steps|krok|kroki|kroków}; w tabeli "
              "pod wykresem błąd na końcu układa się jak nazwy: za mały γ kończy wyżej niż dobry, za duży też "
              "wyżej, a dużo za duży kończy na równinie. Dla SGD granica stabilności przy minimum to "
              "γ = 2/25 = 0.08: powyżej każdy krok wzdłuż w₂ przeskakuje dno coraz dalej, aż punkt odbija się "
              "tam, gdzie dolina się wypłaszcza, albo wylatuje na równinę. Z pędem μ granica rośnie do "
              "2(1 + μ)/25. Pierwszy krok Adagrad i Adama przesuwa każdą wagę o γ, a RMSprop o 10·γ: przy "
              "dużym γ już ten krok wyrzuca punkt z doliny, a na równinie gradient prawie znika i trening staje.",
        "en": "Each preset starts from the default point and makes {steps} {steps|step|steps}; in the table under "
              "the plot the final loss is ordered as the names say: too low a γ ends higher than a good one, too "
              "high a γ higher too, and a far too high one ends on the plain. For SGD the limit of stability at "
              "the minimum is γ = 2/25 = 0.08: above it each step along w₂ jumps past the bottom further than the "
              "last, until the point bounces where the valley flattens out, or flies out onto the plain. With "
              "momentum μ the limit grows to 2(1 + μ)/25. The first step of Adagrad and Adam moves each weight by "
              "γ, that of RMSprop by 10·γ: with a large γ that step alone throws the point out of the valley, and "
              "on the plain the gradient almost vanishes and training stalls.",
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
    "lr.plot.plain": {"pl": "równina L = 40", "en": "plain L = 40"},
    "lr.plot.lr_title": {"pl": "Współczynnik uczenia γ(n)", "en": "Learning rate γ(n)"},
    "lr.plot.lr_y": {"pl": "γ(n) (skala log.)", "en": "γ(n) (log scale)"},
    "lr.summary.caption": {"pl": "Gdzie doszedł każdy optymalizator (do {steps} {steps|kroku|kroków|kroków})",
                           "en": "Where each optimizer got to (up to {steps} {steps|step|steps})"},
    "lr.summary.optimizer": {"pl": "Optymalizator", "en": "Optimizer"},
    "lr.summary.final": {"pl": "Błąd na końcu", "en": "Final loss"},
    "lr.summary.best": {"pl": "Najmniejszy błąd", "en": "Lowest loss"},
    "lr.summary.status": {"pl": "Przebieg", "en": "Outcome"},
    "lr.summary.ran": {"pl": "{steps} {steps|krok|kroki|kroków}", "en": "{steps} {steps|step|steps}"},
    "lr.summary.out": {
        "pl": "od kroku {step} stoi na równinie: gradient prawie zerowy",
        "en": "on the plain from step {step} on: the gradient is almost zero",
    },
    "lr.summary.diverged": {
        "pl": "rozbieżny: w kroku {step} błąd przekroczył {limit}; dalej nie liczymy",
        "en": "diverged: at step {step} the loss passed {limit}; stopped there",
    },
    "lr.summary.read": {
        "pl": "Dwie pułapki za dużego γ: SGD przy γ = {sgd} i RMSprop przy γ = {rmsprop} do końca skaczą w poprzek "
              "doliny (w₂ zmienia znak, krzywa błędu skacze), a SGD z pędem, Adagrad i Adam wylatują na równinę "
              "i tam stoją.",
        "en": "Two traps of too high a γ: SGD at γ = {sgd} and RMSprop at γ = {rmsprop} keep jumping across the valley "
              "to the end (w₂ changes sign, the loss curve jumps), while SGD with momentum, Adagrad and Adam fly "
              "out onto the plain and stand there.",
    },
    "lr.s3.heading": {"pl": "3. Krzywa błędu i zmniejszanie γ", "en": "3. The loss curve and decaying γ"},
    "lr.s3.text": {
        "pl": "Krzywa błędu — błąd w kolejnych krokach — to podstawowe narzędzie diagnozy treningu. Za małe γ "
              "daje krzywą, która opada powoli; dobre — szybki spadek; za duże — krzywą, która skacze w górę i w "
              "dół albo wzrasta i zostaje wysoko.",
        "en": "The loss curve — the loss at each step — is the main tool for diagnosing training. Too small a γ "
              "gives a curve that falls slowly; a good one a quick fall; too large a γ a curve that jumps up and "
              "down, or climbs and stays high.",
    },
    "lr.s3.decay": {
        "pl": "Wykład proponuje zmniejszać γ w trakcie uczenia, np. wykładniczo: na początku duże kroki, pod "
              "koniec drobne. Ustaw d > 0 (np. 0.02) przy ustawieniu „za duży” i zobacz, jak oscylacje SGD i "
              "RMSprop gasną, gdy γ(n) spada — wykres γ(n) jest obok krzywej błędu. Tego, kto już wyleciał na "
              "równinę, zanikanie nie uratuje.",
        "en": "The lecture suggests shrinking γ during training, for example exponentially: big steps at first, "
              "small ones at the end. Set d > 0 (e.g. 0.02) with the “too high” preset and watch the oscillation "
              "of SGD and RMSprop die down as γ(n) falls — the plot of γ(n) is beside the loss curve. Decay does "
              "not rescue whoever has already flown out onto the plain.",
    },
    "lr.decay.legend": {"pl": "Zanikanie współczynnika uczenia", "en": "Learning-rate decay"},
    "lr.s4.heading": {"pl": "4. Pęd (momentum)", "en": "4. Momentum"},
    "lr.s4.text": {
        "pl": "Pęd dodaje do kroku część poprzedniego kroku. Gdy gradient ciągle wskazuje ten sam kierunek — "
              "jak wzdłuż łagodnej osi w₁ — kroki się sumują i rosną; gdy zmienia znak (skoki w poprzek doliny "
              "wzdłuż w₂), częściowo się znoszą. Według wykładu dzięki temu optymalizator przejeżdża przez punkty "
              "siodłowe, gdzie gradient jest mały, i przez płytkie minima lokalne; pokazuje to lekcja 2.",
        "en": "Momentum adds part of the previous step to the current one. While the gradient keeps pointing the "
              "same way — as along the gentle w₁ axis — the steps add up and grow; when it flips sign (bouncing "
              "across the valley along w₂) they partly cancel. As the lecture says, this carries the optimizer "
              "through saddle points, where the gradient is small, and through shallow local minima; lesson 2 "
              "shows it.",
    },
    "lr.s4.numbers": {
        "pl": "Pierwsze kroki optymalizatora z pędem z wykresu powyżej, z liczbami (v(−1) = 0; wektory to (w₁, w₂)):",
        "en": "The first steps of the momentum path above, with the numbers (v(−1) = 0; vectors are (w₁, w₂)):",
    },
    "lr.s5.heading": {"pl": "5. Adagrad, RMSprop, Adam", "en": "5. Adagrad, RMSprop, Adam"},
    "lr.s5.text": {
        "pl": "Wykład wymienia te trzy algorytmy. Wszystkie dzielą krok każdej wagi przez pierwiastek z "
              "(sumy albo średniej) kwadratów jej gradientów: waga o dużych gradientach (tu w₂) dostaje "
              "mniejszy krok w stosunku do gradientu, a waga o małych (tu w₁) — większy.",
        "en": "The lecture names these three algorithms. Each divides the step of every weight by the square root "
              "of a (sum or average) of its squared gradients: a weight with large gradients (here w₂) gets a "
              "smaller step for its gradient, one with small gradients (here w₁) a larger one.",
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
              "skacze w górę i w dół — tym bardziej, im mniejszy batch i większe γ. Uruchom trening i patrz na "
              "krzywą na żywo; potem włącz zanikanie γ albo zmniejsz γ i porównaj z poprzednim przebiegiem "
              "(szara linia).",
        "en": "In a real network the loss of each step is computed on a small batch of data, so the curve jumps up "
              "and down — the more so the smaller the batch and the larger γ. Start training and watch the curve "
              "live; then turn on the decay of γ or lower γ and compare with the previous run (grey line).",
    },
    "lr.s6.setup": {
        "pl": "Sieć: 2 wejścia, dwie warstwy po 6 neuronów tanh, wyjście sigmoid, błąd BCE; dane „koło” "
              "(200 punktów, 120 w zbiorze treningowym); SGD.",
        "en": "Network: 2 inputs, two layers of 6 tanh neurons, a sigmoid output, BCE loss; the “circle” data "
              "(200 points, 120 for training); SGD.",
    },
    "lr.live.legend": {"pl": "Trening na żywo", "en": "Live training"},
    "lr.live.label.batch": {"pl": "batch", "en": "batch"},
    "lr.live.label.updates": {"pl": "kroki", "en": "updates"},
    "lr.live.start": {"pl": "Start", "en": "Start"},
    "lr.live.stop": {"pl": "Stop", "en": "Stop"},
    "lr.live.ready": {"pl": "Gotowe do startu.", "en": "Ready to start."},
    "lr.live.running": {"pl": "Krok {step} z {total}; γ = {lr}; błąd = {loss}",
                        "en": "Update {step} of {total}; γ = {lr}; loss = {loss}"},
    "lr.live.done": {"pl": "Koniec. Wykonane kroki: {step}; γ = {lr}; ostatni błąd = {loss}",
                     "en": "Done: {step} updates; γ = {lr}; last loss = {loss}"},
    "lr.live.stopped": {"pl": "Zatrzymano w kroku {step}.", "en": "Stopped at update {step}."},
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
    "lr.live.playground": {"pl": "Otwórz ten trening na Placu zabaw", "en": "Open this training in the Playground"},
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
