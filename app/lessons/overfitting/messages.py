"""Lesson 7 (/lessons/overfitting): the text of the page. Facts from slides 33-38; wording our own.

Every sentence that states an outcome has a test in tests/lessons/overfitting/test_claims.py (its docstring names
the key); numbers in braces come from app/lessons/overfitting/experiment.py."""

MESSAGES = {
    "of.lead": {
        "pl": "Sieć, która świetnie zna dane treningowe, może zawodzić na nowych. Tu zobaczysz, jak to wygląda na "
              "krzywych błędu, gdzie zatrzymać trening i jak pomaga augmentacja danych.",
        "en": "A network that knows its training data perfectly can still fail on new data. Here you see what that "
              "looks like on the loss curves, where to stop training and how data augmentation helps.",
    },
    "of.sets.heading": {"pl": "Trzy zbiory danych", "en": "Three data sets"},
    "of.sets.train": {"pl": "Zbiór treningowy", "en": "Training set"},
    "of.sets.train_text": {"pl": "Na nim optymalizujemy wagi modelu.", "en": "The model's weights are optimized on it."},
    "of.sets.val": {"pl": "Zbiór walidacyjny", "en": "Validation set"},
    "of.sets.val_text": {
        "pl": "Chroni przed przeuczeniem, pozwala dobrać hiperparametry (np. współczynnik uczenia 0.01 czy 0.001?), "
              "pomaga zdecydować, kiedy skończyć trening, i diagnozować jego przebieg.",
        "en": "Guards against overfitting, lets us choose hyperparameters (e.g. a learning rate of 0.01 or "
              "0.001?), helps decide when to stop training and to diagnose how it goes.",
    },
    "of.sets.test": {"pl": "Zbiór testowy", "en": "Test set"},
    "of.sets.test_text": {
        "pl": "Daje oszacowanie rzeczywistej skuteczności wytrenowanego modelu.",
        "en": "Gives an estimate of the trained model's real performance.",
    },
    "of.sets.disjoint": {"pl": "Te trzy zbiory są rozłączne: żaden przykład nie trafia do dwóch z nich.",
                         "en": "The three sets are disjoint: no example is in two of them."},
    "of.sets.overfit": {
        "pl": "Przeuczenie to zbyt dokładne dopasowanie do zbioru treningowego, razem z jego szumem. Generalizacja to "
              "dopasowanie do cech danych, które zbiór treningowy reprezentuje – to jej naprawdę chcemy.",
        "en": "Overfitting is fitting the training set too closely, noise included. Generalization is fitting the "
              "characteristics of the data the training set represents – what we really want.",
    },
    "of.exp.heading": {"pl": "Eksperyment: mało danych, duża sieć", "en": "Experiment: little data, a big network"},
    "of.exp.text": {
        "pl": "Dwa zaszumione „półksiężyce”: {n} {n|punkt|punkty|punktów}, z czego {val} idzie do walidacji, a {test} do testu; sieć "
              "ma {layers} {layers|warstwę|warstwy|warstw} po {units} {units|neuron|neurony|neuronów} ReLU (Adam, γ = {lr}, cały zbiór treningowy w każdym kroku, "
              "więc krok to epoka). Zmieniaj rozmiar danych i modelu i porównuj krzywe.",
        "en": "Two noisy “moons”: {n} points, of which {val} go to validation and {test} to testing; the network has "
              "{layers} layers of {units} ReLU neurons (Adam, γ = {lr}, the whole training set in every update, so "
              "an update is an epoch). Change the size of the data and of the model and compare the curves.",
    },
    "of.legend.data": {"pl": "Dane", "en": "Data"},
    "of.legend.model": {"pl": "Model", "en": "Model"},
    "of.legend.augment": {"pl": "Augmentacja szumem", "en": "Noise augmentation"},
    "of.field.n": {"pl": "liczba próbek", "en": "samples"},
    "of.field.noise": {"pl": "szum danych", "en": "data noise"},
    "of.field.layers": {"pl": "warstwy ukryte", "en": "hidden layers"},
    "of.field.units": {"pl": "neurony w warstwie", "en": "neurons per layer"},
    "of.field.copies": {"pl": "kopie k", "en": "copies k"},
    "of.field.sigma": {"pl": "szum kopii σ", "en": "copy noise σ"},
    "of.recompute": {"pl": "Zastosuj", "en": "Apply"},
    "of.setup.sizes": {
        "pl": "Przykłady: treningowe {train}, walidacyjne {val}, testowe {test}.",
        "en": "Split: {train} training, {val} validation, {test} test {test|sample|samples}.",
    },
    "of.setup.params": {
        "pl": "Sieć ma {params} {params|parametr|parametry|parametrów}, czyli {per} na przykład treningowy.",
        "en": "The network has {params} {params|parameter|parameters}, {per} per training example.",
    },
    "of.setup.copies": {
        "pl": "Z kopiami sieć trenuje na {rows} {rows|wierszu|wierszach|wierszach}.",
        "en": "With the copies the network trains on {rows} {rows|row|rows}.",
    },
    "of.setup.small_test": {
        "pl": "Zbiór testowy ma tylko {size} {size|punkt|punkty|punktów}: jego wynik będzie w dużej mierze kwestią "
              "przypadku. Zwiększ liczbę próbek, tak aby testowych było co najmniej {min}.",
        "en": "The test set has only {size} {size|point|points}: its result will be largely a matter of chance. "
              "Use more samples, so that at least {min} are for testing.",
    },
    "of.error.too_many_rows": {
        "pl": "Z kopiami byłoby {rows} {rows|wiersz|wiersze|wierszy} w jednym batchu, a ta sieć przyjmie najwyżej "
              "{max}. Zmniejsz k, liczbę próbek albo sieć.",
        "en": "With the copies one batch would have {rows} {rows|row|rows}, and this network takes at most {max}. "
              "Lower k, the samples or the network.",
    },
    "of.preset.augment": {"pl": "Augmentacja: k = {k}, σ = {sigma}", "en": "Augmentation: k = {k}, σ = {sigma}"},
    "of.reset": {"pl": "Ustawienia domyślne", "en": "Default settings"},
    "of.train": {"pl": "Trenuj", "en": "Train"},
    "of.pause": {"pl": "Pauza", "en": "Pause"},
    "of.new": {"pl": "Nowy przebieg", "en": "New run"},
    "of.exp.new_hint": {
        "pl": "Po zmianie ustawień „Trenuj” zaczyna nowy przebieg; poprzedni zostaje na wykresie (kropkowany).",
        "en": "After a change of the settings “Train” starts a new run; the previous one stays on the plot (dotted).",
    },
    "of.numbers.caption": {"pl": "Bieżący przebieg", "en": "The current run"},
    "of.numbers.step": {"pl": "epoka (= krok)", "en": "epoch (= update)"},
    "of.numbers.train": {"pl": "błąd treningowy", "en": "training loss"},
    "of.numbers.val": {"pl": "błąd walidacyjny", "en": "validation loss"},
    "of.numbers.gap": {"pl": "luka generalizacji (walidacyjny − treningowy)",
                       "en": "generalization gap (validation − training)"},
    "of.numbers.train_acc": {"pl": "dokładność treningowa", "en": "training accuracy"},
    "of.numbers.val_acc": {"pl": "dokładność walidacyjna", "en": "validation accuracy"},
    "of.numbers.best": {"pl": "najlepsza epoka (najmniejszy błąd walidacyjny)",
                        "en": "best epoch (lowest validation loss)"},
    "of.numbers.best_val": {"pl": "błąd", "en": "loss"},
    "of.numbers.prev_gap": {"pl": "luka w poprzednim przebiegu", "en": "gap of the previous run"},
    "of.failed": {"pl": "Serwer nie odpowiedział; spróbuj ponownie.", "en": "The server did not answer; try again."},
    "of.exp.read": {
        "pl": "Trenuj do końca ({max} {max|epoka|epoki|epok}). Błąd treningowy spada prawie do zera, a walidacyjny po osiągnięciu "
              "minimum zaczyna rosnąć: sieć uczy się szumu. Gwiazdka to epoka z najmniejszym błędem walidacyjnym – "
              "tam zatrzymałby trening „early stopping”. Luka rośnie razem z przeuczeniem; mała sieć "
              "({small_layers} {small_layers|warstwa|warstwy|warstw} po {small_units} "
              "{small_units|neuron|neurony|neuronów}) ma jej znacznie mniej.",
        "en": "Train to the end ({max} epochs). The training loss falls almost to zero, while the validation loss "
              "reaches a minimum and then rises: the network learns the noise. The star is the epoch with the lowest "
              "validation loss – where early stopping would end training. The gap grows with overfitting; a small "
              "network ({small_layers} {small_layers|layer|layers} of {small_units} {small_units|neuron|neurons}) "
              "has much less of it.",
    },
    "of.aug.heading": {"pl": "Za mało danych? Augmentacja", "en": "Too little data? Augmentation"},
    "of.aug.text": {
        "pl": "Gdy przykładów jest za mało, można zrobić nowe z istniejących:",
        "en": "When there are too few examples, new ones can be made from the existing ones:",
    },
    "of.aug.noise": {"pl": "dodać szum (różnego rodzaju) – to robi ten eksperyment;",
                     "en": "add noise (of various kinds) – what this experiment does;"},
    "of.aug.structure": {"pl": "edytować strukturę: wyciąć fragment, obrócić, przeskalować…",
                         "en": "edit the structure: crop a part, rotate, scale…"},
    "of.aug.compose": {"pl": "złożyć nowy przykład z kilku istniejących.",
                       "en": "compose a new example from several existing ones."},
    "of.aug.try": {
        "pl": "Wytrenuj sieć bez kopii (k = 0), potem naciśnij „Augmentacja: k = {k}, σ = {sigma}” i trenuj znowu. "
              "Każdy punkt treningowy dostaje k kopii przesuniętych o losowy szum N(0, σ²) z tą samą klasą; zbiory "
              "walidacyjny i testowy zostają bez zmian. Luka wyraźnie maleje (błąd treningowy liczymy wtedy na "
              "całym zbiorze treningowym, razem z kopiami).",
        "en": "Train without copies (k = 0), then press “Augmentation: k = {k}, σ = {sigma}” and train again. Each "
              "training point gets k copies moved by random noise N(0, σ²) with the same class; the validation and "
              "test sets stay as they are. The gap shrinks clearly (the training loss then covers the whole "
              "training set, copies included).",
    },
    "of.aug.when": {
        "pl": "Augmentacja pomaga, gdy szum kopii jest podobny do rozrzutu samych danych (tu szum danych to {noise}, "
              "więc σ = {sigma}): kopie wypełniają wtedy przestrzeń między punktami. Przy σ = {weak_sigma} kopie "
              "prawie powtarzają punkty: z k = {weak_k} takimi kopiami luka zostaje co najmniej dwa razy większa niż "
              "z kopiami o σ = {sigma}.",
        "en": "Augmentation helps when the copies' noise is like the data's own scatter (the data noise is {noise} "
              "here, so σ = {sigma}): the copies then fill the space between the points. With σ = {weak_sigma} the "
              "copies almost repeat the points: with k = {weak_k} such copies the gap stays at least twice as large "
              "as with copies of σ = {sigma}.",
    },
    "of.test.heading": {"pl": "Zbiór testowy: raz, na końcu", "en": "The test set: once, at the end"},
    "of.test.text": {
        "pl": "Zbiór testowy sprawdzamy dopiero, gdy wszystkie decyzje (model, hiperparametry, moment zatrzymania) "
              "są podjęte. Gdybyśmy patrzyli na niego przy wyborach, stałby się kolejnym zbiorem walidacyjnym, a "
              "jego wynik przestałby być nieobciążonym oszacowaniem skuteczności na nowych danych.",
        "en": "The test set is checked only once every decision (model, hyperparameters, when to stop) is made. "
              "If we looked at it while choosing, it would become one more validation set, and its result would "
              "stop being an unbiased estimate of the performance on new data.",
    },
    "of.test.button": {"pl": "Oceń na zbiorze testowym", "en": "Evaluate on the test set"},
    "of.test.before": {"pl": "Przycisk działa po treningu i tylko raz.",
                       "en": "The button works after training, and only once."},
    "of.test.used": {
        "pl": "Zbiór testowy został już użyty. Przycisk jest wyłączony: kolejne próby i poprawki pod ten wynik "
              "zrobiłyby z testu zbiór walidacyjny, a oszacowanie przestałoby być nieobciążone.",
        "en": "The test set has been used. The button is disabled: more tries and tweaks aimed at this result "
              "would turn the test into a validation set, and the estimate would stop being unbiased.",
    },
    "of.test.result": {
        "pl": "Wynik testu po {step} {step|epoce|epokach|epokach}, na {size} "
              "{size|punkcie testowym|punktach testowych|punktach testowych}: błąd {loss}, dokładność {acc}.",
        "en": "Test result after {step} {step|epoch|epochs}, on {size} test {size|point|points}: loss {loss}, "
              "accuracy {acc}.",
    },
    "of.test.small": {
        "pl": "Tylko {size} {size|punkt testowy|punkty testowe|punktów testowych}: jeden punkt trafiony lub nie "
              "zmienia dokładności o {point}. Tak mały zbiór testowy niewiele mówi – potrzeba co najmniej {min}.",
        "en": "Only {size} test {size|point|points}: one point right or wrong changes the accuracy by {point}. A "
              "test set this small says little – it takes at least {min}.",
    },
    "of.test.truth": {
        "pl": "Dla przeuczonej sieci (ustawienia domyślne, trening do końca) dokładność testowa wychodzi bliska "
              "walidacyjnej (mniej niż 10 punktów procentowych różnicy) i wyraźnie niższa od treningowej, która "
              "dochodzi do 100 %; błąd testowy, tak jak walidacyjny, jest wielokrotnie większy od treningowego. "
              "Zbiór testowy, użyty raz, mówi prawdę o nowych danych – o ile jest dość duży ({test} "
              "{test|punkt|punkty|punktów} przy ustawieniach domyślnych).",
        "en": "For the overfit network (the defaults, trained to the end) the test accuracy comes out close to the "
              "validation accuracy (less than 10 percentage points apart) and clearly below the training accuracy, "
              "which reaches 100 %; the test loss, like the validation loss, is many times the training loss. "
              "The test set, used once, tells the truth about new data – as long as it is large enough ({test} "
              "{test|point|points} with the defaults).",
    },
    "of.vars.heading": {"pl": "Co wpływa na wynik treningu", "en": "What shapes the result of training"},
    "of.vars.data": {
        "pl": "Dane: czy przykładów wystarczy? Jak bardzo są podobne lub różnorodne? Czy są wśród nich odstające?",
        "en": "Data: are there enough examples? How similar or diverse are they? Are there outliers?",
    },
    "of.vars.model": {
        "pl": "Model: liczba warstw i neuronów, hiperparametry, regularyzacja i rozmiar modelu względem "
              "rozmiaru zbioru danych.",
        "en": "Model: the number of layers and neurons, the hyperparameters, regularization, and the size of the "
              "model relative to the size of the data set.",
    },
    "of.vars.training": {
        "pl": "Trening: moc obliczeniowa na przeszukanie hiperparametrów i różnych stanów początkowych, sprawdzenie "
              "zbieżności na podzbiorze przykładów, diagnostyka wyników.",
        "en": "Training: compute for searching hyperparameters and different initial states, checking convergence "
              "on a subset of the examples, diagnosing the results.",
    },
}
