"""Lesson 7 (/lessons/overfitting): the text of the page. Facts from slides 33-38; wording our own."""

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
        "pl": "Przeuczenie to nadmierne dopasowanie do zbioru treningowego, razem z jego szumem. Generalizacja to "
              "dopasowanie do cech danych, które zbiór treningowy reprezentuje – to jej naprawdę chcemy.",
        "en": "Overfitting is fitting the training set too closely, noise included. Generalization is fitting the "
              "characteristics of the data the training set represents – what we really want.",
    },
    "of.exp.heading": {"pl": "Eksperyment: mało danych, duża sieć", "en": "Experiment: little data, a big network"},
    "of.exp.text": {
        "pl": "Dwa zaszumione „półksiężyce”: 80 punktów, z czego 30% idzie do walidacji, a 20% do testu; sieć ma "
              "3 warstwy po 16 neuronów ReLU (Adam, γ = 0.005, cały zbiór treningowy w każdym kroku, więc krok to "
              "epoka). Zmieniaj rozmiar danych i modelu i porównuj krzywe.",
        "en": "Two noisy “moons”: 80 points, of which 30% go to validation and 20% to testing; the network has "
              "3 layers of 16 ReLU neurons (Adam, γ = 0.005, the whole training set in every update, so an "
              "update is an epoch). Change the size of the data and of the model and compare the curves.",
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
        "pl": "Podział: {train} treningowych, {val} walidacyjnych, {test} testowych.",
        "en": "Split: {train} training, {val} validation, {test} test samples.",
    },
    "of.setup.params": {
        "pl": "Sieć ma {params} parametrów, czyli {per} na przykład treningowy.",
        "en": "The network has {params} parameters, {per} per training example.",
    },
    "of.setup.copies": {
        "pl": "Z kopiami sieć trenuje na {rows} wierszach.",
        "en": "With the copies the network trains on {rows} rows.",
    },
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
    "of.numbers.best": {"pl": "najlepsza epoka (najmniejszy błąd walidacyjny)",
                        "en": "best epoch (lowest validation loss)"},
    "of.numbers.best_val": {"pl": "błąd", "en": "loss"},
    "of.numbers.prev_gap": {"pl": "luka w poprzednim przebiegu", "en": "gap of the previous run"},
    "of.failed": {"pl": "Serwer nie odpowiedział; spróbuj ponownie.", "en": "The server did not answer; try again."},
    "of.plot.title": {"pl": "Błąd treningowy i walidacyjny", "en": "Training and validation loss"},
    "of.trace.train": {"pl": "treningowy", "en": "training"},
    "of.trace.val": {"pl": "walidacyjny", "en": "validation"},
    "of.trace.prev_train": {"pl": "poprzedni: treningowy", "en": "previous: training"},
    "of.trace.prev_val": {"pl": "poprzedni: walidacyjny", "en": "previous: validation"},
    "of.trace.best": {"pl": "najlepsza epoka", "en": "best epoch"},
    "of.axis.epoch": {"pl": "epoka", "en": "epoch"},
    "of.axis.loss": {"pl": "błąd (entropia krzyżowa binarna)", "en": "loss (binary cross-entropy)"},
    "of.exp.read": {
        "pl": "Błąd treningowy spada prawie do zera, a walidacyjny po pewnym czasie zaczyna rosnąć: sieć uczy się "
              "szumu. Gwiazdka to epoka z najmniejszym błędem walidacyjnym – tam zatrzymałby trening „early "
              "stopping”. Luka rośnie razem z przeuczeniem; więcej danych lub mniejszy model ją zmniejsza.",
        "en": "The training loss falls almost to zero while the validation loss starts to rise after a while: the "
              "network learns the noise. The star is the epoch with the lowest validation loss – where early "
              "stopping would end training. The gap grows with overfitting; more data or a smaller model shrinks it.",
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
        "pl": "Wytrenuj sieć bez kopii (k = 0), potem ustaw k = 10 i σ = 1 i trenuj znowu. Każdy punkt treningowy "
              "dostaje k kopii przesuniętych o losowy szum N(0, σ²) z tą samą klasą; zbiory walidacyjny i testowy "
              "zostają bez zmian. Luka powinna wyraźnie zmaleć (błąd treningowy liczymy wtedy na całym zbiorze "
              "treningowym, razem z kopiami).",
        "en": "Train without copies (k = 0), then set k = 10 and σ = 1 and train again. Each training point gets "
              "k copies moved by random noise N(0, σ²) with the same class; the validation and test sets stay as "
              "they are. The gap should shrink clearly (the training loss then covers the whole training set, copies "
              "included).",
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
        "pl": "Wynik testu po {step} epokach: błąd {loss}, trafność {acc}.",
        "en": "Test result after {step} epochs: loss {loss}, accuracy {acc}.",
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
