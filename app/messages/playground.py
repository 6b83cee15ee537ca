"""The Playground (/playground): controls, buttons, plots, and the messages its script shows (all "pg.*").

The page's script receives every "pg.*" key of the page's language; placeholders use str.format syntax, which
the script fills the same way ("{step}").
"""

MESSAGES = {
    "pg.title": {"pl": "Plac zabaw: trenuj sieć na żywo", "en": "Playground: train a network live"},
    "pg.lead": {
        "pl": "Wybierz dane, zbuduj sieć i ustaw trening, a potem naciśnij „Start”. Widzisz błąd na zbiorze "
              "treningowym i walidacyjnym, dokładność, granicę decyzyjną i każdą wagę. Adres strony zapisuje cały "
              "eksperyment: wyślij go, a ktoś inny zobaczy dokładnie to samo.",
        "en": "Pick the data, build a network, set up training, then press “Play”. You see the training and "
              "validation loss, the accuracy, the decision boundary and every weight. The page's address holds the "
              "whole experiment: send it and someone else sees exactly the same.",
    },
    "pg.noscript": {
        "pl": "Trening na żywo wymaga JavaScriptu. Bez niego możesz tylko ustawić eksperyment i zapisać jego adres.",
        "en": "Live training needs JavaScript. Without it you can only set up an experiment and keep its address.",
    },
    # Run controls
    "pg.toolbar": {"pl": "Sterowanie treningiem", "en": "Training controls"},
    "pg.play": {"pl": "Start", "en": "Play"},
    "pg.pause": {"pl": "Pauza", "en": "Pause"},
    "pg.step": {"pl": "Jedna aktualizacja", "en": "One update"},
    "pg.epoch": {"pl": "Jedna epoka", "en": "One epoch"},
    "pg.reset": {"pl": "Od nowa", "en": "Reset"},
    "pg.new_seed": {"pl": "Nowe losowanie wag", "en": "New weight seed"},
    "pg.speed": {"pl": "Aktualizacji na klatkę", "en": "Updates per frame"},
    "pg.drawer": {"pl": "Ustawienia", "en": "Settings"},
    "pg.apply": {"pl": "Zastosuj ustawienia", "en": "Apply settings"},
    # Numbers
    "pg.stat.step": {"pl": "Aktualizacja", "en": "Update"},
    "pg.stat.epoch": {"pl": "Epoka", "en": "Epoch"},
    "pg.stat.lr": {"pl": "Współczynnik uczenia γ", "en": "Learning rate γ"},
    "pg.stat.train_loss": {"pl": "Błąd (trening)", "en": "Loss (training)"},
    "pg.stat.val_loss": {"pl": "Błąd (walidacja)", "en": "Loss (validation)"},
    "pg.stat.accuracy": {"pl": "Dokładność trening / walidacja", "en": "Accuracy training / validation"},
    "pg.stat.status": {"pl": "Stan", "en": "Status"},
    "pg.status.loading": {"pl": "przygotowanie…", "en": "preparing…"},
    "pg.status.ready": {"pl": "gotowa", "en": "ready"},
    "pg.status.training": {"pl": "trening", "en": "training"},
    "pg.status.paused": {"pl": "pauza", "en": "paused"},
    "pg.status.diverged": {"pl": "rozbieżność", "en": "diverged"},
    # Groups and labels (one per query parameter)
    "pg.group.data": {"pl": "Dane", "en": "Data"},
    "pg.group.network": {"pl": "Sieć", "en": "Network"},
    "pg.group.training": {"pl": "Trening", "en": "Training"},
    "pg.group.regularization": {"pl": "Regularyzacja", "en": "Regularization"},
    "pg.label.dataset": {"pl": "Zbiór danych", "en": "Data set"},
    "pg.label.n": {"pl": "Liczba próbek", "en": "Samples"},
    "pg.label.noise": {"pl": "Szum", "en": "Noise"},
    "pg.label.classes": {"pl": "Liczba klas", "en": "Classes"},
    "pg.label.data_seed": {"pl": "Ziarno danych", "en": "Data seed"},
    "pg.label.val": {"pl": "Część walidacyjna", "en": "Validation fraction"},
    "pg.label.test": {"pl": "Część testowa", "en": "Test fraction"},
    "pg.label.scaling": {"pl": "Skalowanie cech", "en": "Feature scaling"},
    "pg.label.augment": {"pl": "Zaszumione kopie próbek (augmentacja)", "en": "Noisy copies per sample (augmentation)"},
    "pg.label.sigma": {"pl": "σ szumu kopii", "en": "Noise σ of the copies"},
    "pg.label.features": {"pl": "Cechy na wejściu", "en": "Input features"},
    "pg.label.view": {"pl": "Cechy na wykresie 2-D", "en": "Features in the 2-D view"},
    "pg.label.hidden": {"pl": "Warstwy ukryte", "en": "Hidden layers"},
    "pg.label.loss": {"pl": "Funkcja błędu", "en": "Loss function"},
    "pg.label.init": {"pl": "Inicjalizacja wag", "en": "Weight initialization"},
    "pg.label.seed": {"pl": "Ziarno wag", "en": "Weight seed"},
    "pg.label.batchnorm": {"pl": "Normalizacja batcha", "en": "Batch normalization"},
    "pg.label.opt": {"pl": "Optymalizator", "en": "Optimizer"},
    "pg.label.lr": {"pl": "Współczynnik uczenia γ", "en": "Learning rate γ"},
    "pg.label.lr_log": {
        "pl": "Współczynnik uczenia γ, skala logarytmiczna (log₁₀ γ)",
        "en": "Learning rate γ, logarithmic scale (log₁₀ γ)",
    },
    "pg.lr_hint": {"pl": "Suwak: od {min} do {max} w skali logarytmicznej.", "en": "Slider: {min} to {max} on a log scale."},
    "pg.label.momentum": {"pl": "Pęd μ", "en": "Momentum μ"},
    "pg.label.schedule": {"pl": "Zmiana γ w czasie", "en": "Learning-rate schedule"},
    "pg.label.decay": {"pl": "Zanik d (γₙ = γ₀·e^(−d·n))", "en": "Decay d (γₙ = γ₀·e^(−d·n))"},
    "pg.label.step_size": {"pl": "Aktualizacji między spadkami", "en": "Updates between drops"},
    "pg.label.gamma": {"pl": "Mnożnik przy spadku", "en": "Factor at each drop"},
    "pg.label.batch": {"pl": "Rozmiar batcha", "en": "Batch size"},
    "pg.label.shuffle": {"pl": "Tasuj dane co epokę", "en": "Shuffle every epoch"},
    "pg.label.reg": {"pl": "Kara za wagi", "en": "Weight penalty"},
    "pg.label.lambda": {"pl": "Siła kary λ", "en": "Penalty strength λ"},
    "pg.label.dropout": {"pl": "Dropout p", "en": "Dropout p"},
    "pg.regenerate": {"pl": "Nowe dane", "en": "New data"},
    "pg.view.axis0": {"pl": "Oś pozioma", "en": "Horizontal axis"},
    "pg.view.axis1": {"pl": "Oś pionowa", "en": "Vertical axis"},
    # Hidden layers
    "pg.layer.name": {"pl": "{layer}.", "en": "{layer}."},
    "pg.layer.fewer": {"pl": "Mniej neuronów w warstwie {layer}", "en": "Fewer neurons in layer {layer}"},
    "pg.layer.more": {"pl": "Więcej neuronów w warstwie {layer}", "en": "More neurons in layer {layer}"},
    "pg.layer.units": {"pl": "Neurony w warstwie {layer}", "en": "Neurons in layer {layer}"},
    "pg.layer.activation": {"pl": "Funkcja aktywacji warstwy {layer}", "en": "Activation of layer {layer}"},
    "pg.layer.add": {"pl": "Dodaj warstwę ukrytą", "en": "Add a hidden layer"},
    "pg.layer.remove": {"pl": "Usuń ostatnią warstwę ukrytą", "en": "Remove the last hidden layer"},
    "pg.output": {
        "pl": "Wyjście: {activation}; funkcja błędu: {loss} (dobrane do zadania).",
        "en": "Output: {activation}; loss: {loss} (chosen for the task).",
    },
    # Option labels
    "pg.choice.dataset.fruit": {"pl": "Owoce (regresja, {n} {n|próbka|próbki|próbek})",
                                "en": "Fruit (regression, {n} {n|sample|samples})"},
    "pg.choice.dataset.fruit_good": {"pl": "Owoce dobre/złe (2 klasy, {n} {n|próbka|próbki|próbek})",
                                     "en": "Fruit good/bad (2 classes, {n} {n|sample|samples})"},
    "pg.choice.dataset.iris": {"pl": "Irysy (3 gatunki)", "en": "Iris (3 species)"},
    "pg.choice.dataset.circle": {"pl": "Koło", "en": "Circle"},
    "pg.choice.dataset.xor": {"pl": "XOR", "en": "XOR"},
    "pg.choice.dataset.gauss": {"pl": "Dwie chmury", "en": "Two clouds"},
    "pg.choice.dataset.spiral": {"pl": "Spirala", "en": "Spiral"},
    "pg.choice.dataset.moons": {"pl": "Półksiężyce", "en": "Moons"},
    "pg.choice.dataset.blobs": {"pl": "Skupiska ({min}–{max} klas)", "en": "Blobs ({min}–{max} classes)"},
    "pg.choice.scaling.none": {"pl": "brak", "en": "none"},
    "pg.choice.scaling.minmax": {"pl": "normalizacja min–max", "en": "min–max normalization"},
    "pg.choice.scaling.standard": {"pl": "standaryzacja (μ, σ)", "en": "standardization (μ, σ)"},
    "pg.choice.loss.auto": {"pl": "dobrana do zadania", "en": "chosen for the task"},
    "pg.choice.loss.cross_entropy": {"pl": "entropia krzyżowa (softmax + NLL)",
                                     "en": "cross-entropy (softmax + NLL)"},
    "pg.choice.reg.none": {"pl": "brak", "en": "none"},
    "pg.choice.reg.l1": {"pl": "L1 (λ·Σ|w|)", "en": "L1 (λ·Σ|w|)"},
    "pg.choice.reg.l2": {"pl": "L2 (λ·Σw²)", "en": "L2 (λ·Σw²)"},
    # Network diagram and weight editor
    "pg.network.caption": {
        "pl": "Sieć: grubość i kolor krawędzi to waga (niebieska dodatnia, pomarańczowa ujemna); w każdym neuronie "
              "mapa jego wyjścia na płaszczyźnie danych.",
        "en": "The network: edge width and colour show the weight (blue positive, orange negative); each neuron "
              "shows a map of its output over the data plane.",
    },
    "pg.network.title": {"pl": "Schemat sieci", "en": "Network diagram"},
    "pg.network.input": {"pl": "wejście", "en": "input"},
    "pg.network.output": {"pl": "wyjście", "en": "output"},
    "pg.network.dead": {"pl": "martwe ReLU: {percent}", "en": "dead ReLU: {percent}"},
    "pg.network.weight": {
        "pl": "waga warstwy {layer}, neuron {row} ← wejście {col}: {value} (kliknij, aby zmienić)",
        "en": "weight of layer {layer}, neuron {row} ← input {col}: {value} (click to change)",
    },
    "pg.network.bias": {
        "pl": "bias warstwy {layer}, neuron {row}: {value} (kliknij, aby zmienić)",
        "en": "bias of layer {layer}, neuron {row}: {value} (click to change)",
    },
    "pg.weight.hint": {
        "pl": "Kliknij krawędź (waga) albo neuron (bias), wpisz nową wartość i zatwierdź.",
        "en": "Click an edge (weight) or a neuron (bias), type a new value and confirm.",
    },
    "pg.weight.layer": {"pl": "Warstwa", "en": "Layer"},
    "pg.weight.row": {"pl": "Neuron", "en": "Neuron"},
    "pg.weight.col": {"pl": "Wejście", "en": "Input"},
    "pg.weight.col_hint": {"pl": "puste = bias", "en": "empty = bias"},
    "pg.weight.value": {"pl": "Wartość", "en": "Value"},
    "pg.weight.set": {"pl": "Ustaw", "en": "Set"},
    # Plots
    "pg.plot.boundary": {
        "pl": "Granica decyzyjna (albo krzywa regresji) i próbki",
        "en": "Decision boundary (or regression curve) and samples",
    },
    "pg.plot.markers": {
        "pl": "● próbki treningowe, ◆ testowe (kolor: klasa lub wartość)",
        "en": "● training samples, ◆ test samples (colour: class or value)",
    },
    "pg.plot.loss": {"pl": "Krzywa błędu", "en": "Loss curve"},
    "pg.plot.logy": {"pl": "skala log.", "en": "log scale"},
    "pg.plot.accuracy": {"pl": "Dokładność", "en": "Accuracy"},
    "pg.plot.gradnorms": {"pl": "Norma gradientu wag w warstwach", "en": "Weight-gradient norm per layer"},
    "pg.axis.update": {"pl": "aktualizacja", "en": "update"},
    "pg.axis.loss": {"pl": "błąd", "en": "loss"},
    "pg.axis.accuracy": {"pl": "dokładność", "en": "accuracy"},
    "pg.axis.gradnorm": {"pl": "‖∂L/∂W‖", "en": "‖∂L/∂W‖"},
    "pg.axis.prob": {"pl": "P(klasa 1)", "en": "P(class 1)"},
    "pg.axis.class": {"pl": "klasa", "en": "class"},
    "pg.axis.y": {"pl": "y (jakość owocu)", "en": "y (fruit quality)"},
    "pg.trace.train_loss": {"pl": "trening", "en": "training"},
    "pg.trace.val_loss": {"pl": "walidacja", "en": "validation"},
    "pg.trace.train_acc": {"pl": "trening", "en": "training"},
    "pg.trace.val_acc": {"pl": "walidacja", "en": "validation"},
    "pg.trace.layer": {"pl": "warstwa {layer}", "en": "layer {layer}"},
    "pg.trace.train_xy": {"pl": "próbki treningowe", "en": "training samples"},
    "pg.trace.test_xy": {"pl": "próbki testowe", "en": "test samples"},
    "pg.trace.model": {"pl": "sieć", "en": "network"},
    # Status line
    "pg.msg.created": {"pl": "Nowy przebieg od aktualizacji 0.", "en": "New run from update 0."},
    "pg.msg.patched": {
        "pl": "Zmieniono: {fields}. Trening trwa dalej od aktualizacji {step} z tymi samymi wagami.",
        "en": "Changed: {fields}. Training goes on from update {step} with the same weights.",
    },
    "pg.msg.reset_needed": {
        "pl": "Zmiana ({fields}) wymaga nowej sieci: nowy przebieg od aktualizacji 0.",
        "en": "Changing {fields} needs a new network: a new run from update 0.",
    },
    "pg.msg.rejected": {
        "pl": "Ustawienia nie zostały zastosowane — popraw zaznaczone pole. Przebieg się nie zmienił.",
        "en": "The settings were not applied — fix the marked field. The run is unchanged.",
    },
    "pg.msg.imported": {"pl": "Wczytano przebieg (aktualizacja {step}).", "en": "Run loaded (update {step})."},
    "pg.msg.weight_set": {"pl": "Ustawiono nową wartość.", "en": "The new value is set."},
    "pg.msg.failed": {
        "pl": "Serwer nie odpowiedział poprawnie ({status}). Spróbuj ponownie.",
        "en": "The server did not answer properly ({status}). Try again.",
    },
    "pg.msg.lost": {
        "pl": "Serwer nie pamięta już tego przebiegu; zaczynam nowy.",
        "en": "The server no longer holds this run; starting a new one.",
    },
    "pg.msg.diverged": {
        "pl": "Trening się rozbiegł przy aktualizacji {step}: błąd przestał być skończoną liczbą. "
              "Zmniejsz współczynnik uczenia γ i naciśnij „Od nowa”.",
        "en": "Training diverged at update {step}: the loss stopped being a finite number. "
              "Lower the learning rate γ and press “Reset”.",
    },
    "pg.msg.forked": {
        "pl": "Zapamiętano krzywą „{name}”. Zmień jedno ustawienie i naciśnij „Start”: nowy przebieg startuje "
              "od aktualizacji 0 z tym samym ziarnem.",
        "en": "Kept the curve “{name}”. Change one setting and press “Play”: the new run starts from update 0 "
              "with the same seed.",
    },
    # Compare
    "pg.compare.heading": {"pl": "Porównanie przebiegów", "en": "Compare runs"},
    "pg.compare.hint": {
        "pl": "Zachowaj krzywą obecnego przebiegu, zmień jedno ustawienie i trenuj od zera: do {n} "
              "{n|krzywej|krzywych|krzywych} błędu na jednym wykresie, podpisanych ustawieniem, którym się różnią.",
        "en": "Keep the current run's curve, change one setting and train from scratch: up to {n} loss "
              "{n|curve|curves} on one plot, labelled with the setting that differs.",
    },
    "pg.compare.fork": {"pl": "Zachowaj krzywą i zacznij porównanie", "en": "Keep this curve and compare"},
    "pg.compare.clear": {"pl": "Usuń zachowane krzywe", "en": "Remove kept curves"},
    "pg.compare.current": {"pl": "obecny", "en": "current"},
    "pg.compare.same": {"pl": "te same ustawienia", "en": "same settings"},
    "pg.compare.kept": {"pl": "{name} — do aktualizacji {step}", "en": "{name} — up to update {step}"},
    "pg.compare.remove": {"pl": "Usuń krzywą {name}", "en": "Remove the curve {name}"},
    # Files
    "pg.files.heading": {"pl": "Zapisz i wczytaj", "en": "Save and load"},
    "pg.files.export": {"pl": "Pobierz przebieg (JSON)", "en": "Download the run (JSON)"},
    "pg.files.csv": {"pl": "Pobierz historię błędu (CSV)", "en": "Download the loss history (CSV)"},
    "pg.files.npz": {"pl": "Pobierz wagi, historię i dane (NumPy .npz)", "en": "Download weights, history and data (NumPy .npz)"},
    "pg.files.weights_csv": {"pl": "Pobierz wagi (CSV)", "en": "Download the weights (CSV)"},
    "pg.files.torch": {"pl": "Pobierz skrypt PyTorch (wczytuje .npz)", "en": "Download a PyTorch script (loads the .npz)"},
    "pg.files.import": {"pl": "Wczytaj przebieg z pliku JSON", "en": "Load a run from a JSON file"},
    "pg.files.bad": {
        "pl": "Tego pliku nie da się wczytać: {reason}",
        "en": "This file cannot be loaded: {reason}",
    },
    "pg.files.not_json": {"pl": "to nie jest plik JSON.", "en": "it is not a JSON file."},
    "pg.files.not_run": {"pl": "to nie jest zapis przebiegu z Placu zabaw.", "en": "it is not a run saved by the Playground."},
    "pg.files.field": {"pl": "niepoprawna wartość: {field}.", "en": "a value is wrong: {field}."},
    # Messages beside controls
    "pg.err.choice": {"pl": "Wybierz jedną z podanych wartości.", "en": "Choose one of the offered values."},
    "pg.err.range_open": {
        "pl": "Dozwolone wartości: od {min} do {max} (bez wartości granicznej).",
        "en": "Allowed values: from {min} to {max} (the limit itself excluded).",
    },
    "pg.err.hidden": {
        "pl": "Sieć może mieć od 0 do {layers} {layers|warstwy|warstw|warstw} ukrytych po {min}–{max} neuronów "
              "(w adresie: neurony-aktywacja, np. 4-tanh,2-relu).",
        "en": "The network may have 0 to {layers} hidden {layers|layer|layers} of {min}–{max} neurons "
              "(in the address: units-activation, e.g. 4-tanh,2-relu).",
    },
    "pg.err.features": {
        "pl": "Wybierz co najmniej jedną cechę, każdą najwyżej raz.",
        "en": "Choose at least one feature, each at most once.",
    },
    "pg.err.view": {
        "pl": "Wybierz dwie cechy spośród cech zbioru.",
        "en": "Choose two of the data set's features.",
    },
    "pg.err.val_test": {
        "pl": "Walidacja i test razem mogą zająć najwyżej {max} danych.",
        "en": "Validation and test together may take at most {max} of the data.",
    },
    "pg.err.loss_task": {
        "pl": "Ta funkcja błędu nie pasuje do zadania; możliwe: {allowed}.",
        "en": "This loss does not fit the task; possible: {allowed}.",
    },
    "pg.err.batch_train": {
        "pl": "Rozmiar batcha może wynosić najwyżej tyle, ile próbek treningowych: {max}.",
        "en": "The batch size may be at most the number of training samples: {max}.",
    },
    # Plotly's own texts (its mode bar and notices): English as Plotly writes them, Polish ours (plotly.js has no
    # Polish dictionary). app/services/playground_plots.py PLOTLY_TEXTS maps Plotly's texts to these keys.
    "pg.plotly.download_png": {"pl": "Pobierz wykres jako PNG", "en": "Download plot as a PNG"},
    "pg.plotly.download": {"pl": "Pobierz wykres", "en": "Download plot"},
    "pg.plotly.zoom": {"pl": "Powiększ zaznaczony obszar", "en": "Zoom"},
    "pg.plotly.pan": {"pl": "Przesuwaj", "en": "Pan"},
    "pg.plotly.box_select": {"pl": "Zaznacz prostokątem", "en": "Box Select"},
    "pg.plotly.lasso_select": {"pl": "Zaznacz lassem", "en": "Lasso Select"},
    "pg.plotly.zoom_in": {"pl": "Powiększ", "en": "Zoom in"},
    "pg.plotly.zoom_out": {"pl": "Pomniejsz", "en": "Zoom out"},
    "pg.plotly.autoscale": {"pl": "Dopasuj osie do danych", "en": "Autoscale"},
    "pg.plotly.reset_axes": {"pl": "Przywróć osie", "en": "Reset axes"},
    "pg.plotly.reset": {"pl": "Przywróć", "en": "Reset"},
    "pg.plotly.spikes": {"pl": "Pokaż lub ukryj linie pomocnicze", "en": "Toggle Spike Lines"},
    "pg.plotly.hover_closest": {"pl": "Pokaż najbliższy punkt pod kursorem", "en": "Show closest data on hover"},
    "pg.plotly.hover_compare": {"pl": "Porównaj dane pod kursorem", "en": "Compare data on hover"},
    "pg.plotly.zoom_back": {"pl": "Kliknij dwa razy, aby oddalić", "en": "Double-click to zoom back out"},
    "pg.plotly.isolate": {"pl": "Kliknij dwa razy w legendzie, aby zostawić jedną krzywą",
                          "en": "Double-click on legend to isolate one trace"},
    "pg.plotly.snapshot_wait": {"pl": "Zapisuję obraz — to może potrwać kilka sekund",
                                "en": "Taking snapshot - this may take a few seconds"},
    "pg.plotly.snapshot_done": {"pl": "Obraz zapisany", "en": "Snapshot succeeded"},
    "pg.plotly.snapshot_failed": {"pl": "Nie udało się pobrać obrazu.",
                                  "en": "Sorry, there was a problem downloading your snapshot!"},
}
