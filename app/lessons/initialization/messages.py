"""Lesson 5 (/lessons/initialization): gradient values, data preparation, weight initialization."""

MESSAGES = {
    "init.lead": {
        "pl": "Każda warstwa mnoży to, co dostaje. Jeśli wagi są za duże, liczby rosną z warstwy na warstwę; "
              "jeśli za małe — maleją do zera. Dotyczy to zarówno wartości w przód, jak i gradientów wstecz. "
              "Zobacz to na łańcuchu neuronów z wykładu, a potem na głębokiej sieci.",
        "en": "Every layer multiplies what it receives. With weights that are too large the numbers grow from "
              "layer to layer; with weights that are too small they shrink towards zero. This holds for the "
              "values going forward and for the gradients going back. See it on the lecture's chain of neurons, "
              "then on a deep network.",
    },
    "init.nonfinite": {
        "pl": "Część liczb przekroczyła zakres liczb zmiennoprzecinkowych (przepełnienie) — tak wygląda "
              "eksplodujący gradient w praktyce.",
        "en": "Some numbers went beyond the range of floating-point numbers (overflow): this is what an "
              "exploding gradient looks like in practice.",
    },
    "init.recompute": {"pl": "Przelicz", "en": "Recompute"},
    # 1. the chains
    "init.s1.heading": {"pl": "1. Łańcuch neuronów: eksplozja i zanikanie", "en": "1. A chain of neurons: explode and vanish"},
    "init.s1.text": {
        "pl": "Połączmy kilka jednakowych neuronów jeden za drugim: wyjście jednego jest wejściem następnego. "
              "Na slajdzie łańcuch y = max(20x − 10, 0) daje dla x = 1 kolejno 10, 190, 3790, 75790, a łańcuch "
              "y = max(0.2x, 0) daje 0.2, 0.04, 0.008, 0.0016. Zmień wagę, bias, wejście lub liczbę warstw.",
        "en": "Connect a few identical neurons one after another: the output of one is the input of the next. "
              "On the slide the chain y = max(20x − 10, 0) gives, for x = 1, 10, 190, 3790, 75790 in turn, and the "
              "chain y = max(0.2x, 0) gives 0.2, 0.04, 0.008, 0.0016. Change the weight, the bias, the input or "
              "the number of layers.",
    },
    "init.chain.a.name": {"pl": "Łańcuch A", "en": "Chain A"},
    "init.chain.b.name": {"pl": "Łańcuch B", "en": "Chain B"},
    "init.chain.common": {"pl": "Wspólne", "en": "Shared"},
    "init.label.depth": {"pl": "warstwy (n)", "en": "layers (n)"},
    "init.chain.caption.output": {"pl": "to wyjście ostatniej warstwy;", "en": "is the output of the last layer;"},
    "init.chain.caption.grad": {
        "pl": "mówi, jak mocno zmiana w warstwie i porusza wyjście.",
        "en": "tells how strongly a change in layer i moves the output.",
    },
    "init.table.formula": {"pl": "wzór", "en": "formula"},
    "init.chain.a.value": {"pl": "A: |y<sub>i</sub>|", "en": "A: |y<sub>i</sub>|"},
    "init.chain.b.value": {"pl": "B: |y<sub>i</sub>|", "en": "B: |y<sub>i</sub>|"},
    "init.chain.a.grad": {"pl": "A: |∂y<sub>n</sub>/∂z<sub>i</sub>|", "en": "A: |∂y<sub>n</sub>/∂z<sub>i</sub>|"},
    "init.chain.b.grad": {"pl": "B: |∂y<sub>n</sub>/∂z<sub>i</sub>|", "en": "B: |∂y<sub>n</sub>/∂z<sub>i</sub>|"},
    "init.chain.plot.title": {"pl": "Wartości i gradienty w łańcuchu", "en": "Values and gradients along the chain"},
    "init.chain.plot.y": {"pl": "wartość bezwzględna (skala log.)", "en": "absolute value (log scale)"},
    "init.chain.plot.summary": {
        "pl": "Skala logarytmiczna: równe odstępy to mnożenie przez stały czynnik. Zero nie ma miejsca na tej "
              "skali — punkt z zerem jest pominięty (neuron wyłączony).",
        "en": "A log scale: equal steps mean multiplying by a constant factor. Zero has no place on this scale, "
              "so a point that is zero is left out (the neuron is off).",
    },
    "init.axis.layer": {"pl": "warstwa i", "en": "layer i"},
    "init.s1.back": {
        "pl": "Wstecz jest tak samo: gradient wyjścia względem wcześniejszej warstwy to iloczyn wag (i pochodnych "
              "ReLU) wszystkich warstw po drodze.",
        "en": "Backwards it is the same: the gradient of the output with respect to an earlier layer is a product "
              "of the weights (and ReLU derivatives) of all the layers on the way.",
    },
    "init.s1.consequences": {
        "pl": "Eksplodujący gradient daje ogromne kroki uczenia i niestabilność: zwykle po kilku krokach błąd "
              "przestaje być liczbą skończoną (NaN), a jeśli nie, ogromne kroki wyłączają neurony ReLU na dobre. "
              "Zanikający gradient daje kroki bliskie zera: uczenie zwalnia albo staje. Zobaczysz to w punkcie 4: "
              "N(0, 1) z ReLU, a potem N(0, 0.01).",
        "en": "An exploding gradient gives huge update steps and instability: usually after a few updates the loss "
              "stops being a finite number (NaN), and if not, the huge steps switch ReLU neurons off for good. A "
              "vanishing gradient gives steps close to zero: training slows down or stops. You will see it in "
              "part 4: N(0, 1) with ReLU, then N(0, 0.01).",
    },
    # 2. data
    "init.s2.heading": {"pl": "2. Przygotowanie danych", "en": "2. Preparing the data"},
    "init.s2.text": {
        "pl": "Skala wejść działa jak dodatkowa waga pierwszej warstwy. Dlatego cechy sprowadza się do podobnej "
              "skali, osobno dla każdej cechy:",
        "en": "The scale of the inputs acts like an extra weight on the first layer. So features are brought to a "
              "similar scale, each feature on its own:",
    },
    "init.s2.normalize": {"pl": "normalizacja", "en": "normalization"},
    "init.s2.standardize": {"pl": "standaryzacja", "en": "standardization"},
    "init.s2.caption": {
        "pl": "Cechy zbioru Iris (150 wierszy, w cm) i pierwszy wiersz po skalowaniu",
        "en": "The features of the Iris set (150 rows, in cm) and the first row after scaling",
    },
    "init.s2.feature": {"pl": "cecha", "en": "feature"},
    "init.s2.row1": {"pl": "wiersz 1", "en": "row 1"},
    "init.s2.row1_scaled.minmax": {"pl": "wiersz 1, normalizacja", "en": "row 1, normalized"},
    "init.s2.row1_scaled.standard": {"pl": "wiersz 1, standaryzacja", "en": "row 1, standardized"},
    "init.s2.note": {
        "pl": "W trenowanych niżej sieciach min, max, μ i σ liczone są tylko na zbiorze treningowym i stosowane "
              "bez zmian do walidacyjnego i testowego.",
        "en": "In the networks trained below, min, max, μ and σ come from the training set only and are applied "
              "unchanged to the validation and test sets.",
    },
    # 3. initialization
    "init.s3.heading": {"pl": "3. Inicjalizacja wag", "en": "3. Initializing the weights"},
    "init.s3.text": {
        "pl": "Wagi losujemy. Przykład z wykładu to N(0, σ = 0.01). Xavier (Glorot) dobiera skalę do średniej "
              "liczby wejść i wyjść warstwy, a He (Kaiming) — do liczby wejść, z myślą o ReLU:",
        "en": "Weights are drawn at random. The lecture's example is N(0, σ = 0.01). Xavier (Glorot) fits the "
              "scale to the mean number of a layer's inputs and outputs, and He (Kaiming) to its number of inputs, "
              "with ReLU in mind:",
    },
    "init.choice.normal_001": {"pl": "normalny, σ = 0.01", "en": "normal, σ = 0.01"},
    "init.choice.normal_1": {"pl": "normalny, σ = 1", "en": "normal, σ = 1"},
    "init.choice.xavier_normal": {"pl": "Xavier, normalny", "en": "Xavier normal"},
    "init.choice.xavier_uniform": {"pl": "Xavier, jednostajny", "en": "Xavier uniform"},
    "init.choice.he_normal": {"pl": "He, normalny", "en": "He normal"},
    "init.choice.he_uniform": {"pl": "He, jednostajny", "en": "He uniform"},
    "init.s3.he_note.slide": {
        "pl": "Uwaga: slajd podaje granicę He jednostajnego jako",
        "en": "Note: the slide writes the He uniform bound as",
    },
    "init.s3.he_note.standard": {
        "pl": ". Standard (He i in. 2015, inicjalizator Kaiming uniform z PyTorch) i ta aplikacja używają",
        "en": ". The standard (He et al. 2015, PyTorch's Kaiming uniform initializer) and this app use",
    },
    "init.s3.he_note.differ": {
        "pl": ". Różnica jest widoczna tylko, gdy warstwa ma inną liczbę wejść niż wyjść – porównaj dwie ostatnie "
              "kolumny tabeli.",
        "en": ". They differ only when a layer has a different number of inputs and outputs: compare the last two "
              "columns of the table.",
    },
    "init.deep.legend": {"pl": "Głęboka sieć", "en": "Deep network"},
    "init.label.layers": {"pl": "warstwy ukryte", "en": "hidden layers"},
    "init.label.width": {"pl": "neurony w warstwie", "en": "units per layer"},
    "init.label.init": {"pl": "inicjalizacja", "en": "initializer"},
    "init.label.act": {"pl": "aktywacja", "en": "activation"},
    "init.label.seed": {"pl": "ziarno losowania", "en": "random seed"},
    "init.bounds.caption": {
        "pl": "Skale inicjalizacji dla warstw sieci trenowanej niżej (Iris: 4 cechy, 3 klasy)",
        "en": "Initialization scales for the layers of the network trained below (Iris: 4 features, 3 classes)",
    },
    "init.bounds.layer": {"pl": "warstwa", "en": "layer"},
    "init.bounds.first": {"pl": "pierwsza ({inputs} → {units})", "en": "first ({inputs} → {units})"},
    "init.bounds.hidden": {"pl": "ukryta ({inputs} → {units})", "en": "hidden ({inputs} → {units})"},
    "init.bounds.output": {"pl": "wyjściowa ({inputs} → {units})", "en": "output ({inputs} → {units})"},
    "init.bounds.xavier_std": {"pl": "Xavier σ", "en": "Xavier σ"},
    "init.bounds.xavier_bound": {"pl": "Xavier, granica", "en": "Xavier bound"},
    "init.bounds.he_std": {"pl": "He σ", "en": "He σ"},
    "init.bounds.he_standard": {"pl": "He, granica (standard)", "en": "He bound (standard)"},
    "init.bounds.he_slide": {"pl": "He, granica (slajd)", "en": "He bound (slide)"},
    "init.s3.at_init": {"pl": "Sieć tuż po inicjalizacji", "en": "The network right after initialization"},
    "init.s3.at_init_text": {
        "pl": "Przepuszczamy przez sieć {n} losowych wejść z N(0, 1) i liczymy błąd MSE względem losowych celów. "
              "Wykres pokazuje, jak rozkład aktywacji i norma gradientu wag zmieniają się z warstwy na warstwę.",
        "en": "We pass {n} random inputs drawn from N(0, 1) through the network and compute the MSE loss against "
              "random targets. The plots show how the spread of the activations and the norm of the weight "
              "gradient change from layer to layer.",
    },
    "init.s3.at_init_read": {
        "pl": "Z ReLU przy N(0, 0.01) odchylenie aktywacji maleje z warstwy na warstwę prawie do zera, a gradienty "
              "wag są znikome; przy N(0, 1) rośnie lawinowo, a gradienty są ogromne; He utrzymuje je w każdej "
              "warstwie na podobnym poziomie. Wybierz aktywację ReLU i porównaj te trzy inicjalizacje.",
        "en": "With ReLU, N(0, 0.01) makes the spread of the activations shrink from layer to layer almost to zero "
              "and the weight gradients negligible; N(0, 1) makes it grow like an avalanche and the gradients huge; "
              "He keeps it at a similar level in every layer. Choose the ReLU activation and compare the three.",
    },
    "init.deep.scale.title": {"pl": "Skala aktywacji i gradientów", "en": "Scale of activations and gradients"},
    "init.deep.scale.y": {"pl": "wartość (skala log.)", "en": "value (log scale)"},
    "init.axis.layer_out": {"pl": "warstwa (ostatnia = wyjściowa)", "en": "layer (the last one is the output)"},
    "init.deep.std": {"pl": "odchylenie std. aktywacji", "en": "std of the activations"},
    "init.deep.grad": {"pl": "norma ∂L/∂W", "en": "norm of ∂L/∂W"},
    "init.deep.mean": {"pl": "średnia aktywacji", "en": "mean of the activations"},
    "init.deep.output": {"pl": "wyjście", "en": "output"},
    "init.deep.hist.title": {"pl": "Histogramy aktywacji warstw ukrytych", "en": "Histograms of the hidden layers' activations"},
    "init.deep.hist.summary": {
        "pl": "Wszystkie histogramy mają wspólną oś: wąski słupek w zerze oznacza aktywacje bliskie zera; "
              "słupki na brzegach przy tanh i sigmoid oznaczają nasycenie (pochodna bliska zera).",
        "en": "All histograms share one axis: a narrow bar at zero means activations close to zero; bars at the "
              "edges with tanh and sigmoid mean saturation (a derivative close to zero).",
    },
    "init.deep.caption": {
        "pl": "Warstwa po warstwie ({n} wejść, {width} neuronów w warstwie)",
        "en": "Layer by layer ({n} inputs, {width} units per layer)",
    },
    "init.axis.activation": {"pl": "aktywacja", "en": "activation"},
    "init.axis.fraction": {"pl": "udział", "en": "fraction"},
    "init.axis.layer_n": {"pl": "warstwa {n}", "en": "layer {n}"},
    # 4. live training
    "init.s4.heading": {"pl": "4. Ta sama sieć w trakcie uczenia", "en": "4. The same network while it learns"},
    "init.s4.text": {
        "pl": "Sieć o ustawieniach z punktu 3 uczy się rozpoznawać gatunki irysów (4 cechy, 3 klasy, "
              "entropia krzyżowa, SGD). Obserwuj błąd oraz skalę aktywacji i gradientów w każdej warstwie.",
        "en": "A network with the settings of part 3 learns to tell the iris species apart (4 features, 3 classes, "
              "cross-entropy, SGD). Watch the loss and the scale of the activations and gradients in every layer.",
    },
    "init.live.legend": {"pl": "Uczenie", "en": "Training"},
    "init.label.scaling": {"pl": "skalowanie danych", "en": "data scaling"},
    "init.scaling.none": {"pl": "brak", "en": "none"},
    "init.scaling.minmax": {"pl": "normalizacja (min–max)", "en": "normalization (min–max)"},
    "init.scaling.standard": {"pl": "standaryzacja (μ, σ)", "en": "standardization (μ, σ)"},
    "init.live.train": {"pl": "Ucz", "en": "Train"},
    "init.live.pause": {"pl": "Pauza", "en": "Pause"},
    "init.live.new": {"pl": "Nowa sieć z ustawień", "en": "New network from the settings"},
    "init.live.idle": {"pl": "Naciśnij „Ucz”, aby zacząć.", "en": "Press “Train” to start."},
    "init.live.training": {"pl": "Uczenie… krok {step}", "en": "Training… update {step}"},
    "init.live.paused": {
        "pl": "Wstrzymane po {n} {n|kroku|krokach|krokach}.", "en": "Paused after {n} {n|update|updates}.",
    },
    "init.live.done": {"pl": "Koniec po {n} {n|kroku|krokach|krokach}.", "en": "Stopped after {n} {n|update|updates}."},
    "init.live.diverged": {
        "pl": "Uczenie się rozbiegło w kroku {step}: błąd przestał być liczbą skończoną.",
        "en": "Training diverged at update {step}: the loss stopped being a finite number.",
    },
    "init.live.invalid": {"pl": "Popraw zaznaczone pola.", "en": "Correct the marked fields."},
    "init.live.failed": {
        "pl": "Serwer odmówił albo nie odpowiada. Spróbuj ponownie.",
        "en": "The server refused or did not answer. Please try again.",
    },
    "init.live.working": {"pl": "Uczenie sieci {done} z {total}…", "en": "Training network {done} of {total}…"},
    "init.live.finished": {"pl": "Gotowe.", "en": "Done."},
    "init.live.loss_title": {"pl": "Błąd w trakcie uczenia", "en": "Loss during training"},
    "init.live.scale_title": {"pl": "Skala w warstwach teraz", "en": "Scale per layer now"},
    "init.live.hist_title": {
        "pl": "Histogramy aktywacji teraz (zbiór treningowy)", "en": "Histograms of the activations now (training set)",
    },
    "init.axis.update": {"pl": "krok (aktualizacja wag)", "en": "update"},
    "init.axis.loss": {"pl": "błąd", "en": "loss"},
    # 5. seeds
    "init.s5.heading": {"pl": "5. Ten sam przepis, inne losowanie", "en": "5. Same recipe, another draw"},
    "init.s5.text": {
        "pl": "Losowe wagi i optymalizacja lokalna: różne punkty startu dają różne wyniki. Uczymy {n} sieci "
              "różniących się tylko ziarnem losowania, każdą przez {updates} kroków.",
        "en": "Random weights plus local optimization: different starting points give different results. We train "
              "{n} networks that differ only in the random seed, each for {updates} updates.",
    },
    "init.s5.when": {
        "pl": "Ziarno ma znaczenie, gdy sieć się uczy: przy Xavier lub He wyniki, zwłaszcza błąd walidacyjny, "
              "różnią się od ziarna do ziarna. Z N(0, 0.01) w 10 warstwach gradient zanika, sieć niczego się nie "
              "uczy i każde ziarno kończy z tym samym błędem.",
        "en": "The seed matters when the network learns: with Xavier or He the results, the validation loss above "
              "all, differ from seed to seed. With N(0, 0.01) in 10 layers the gradient vanishes, the network "
              "learns nothing and every seed ends with the same loss.",
    },
    "init.s5.run": {"pl": "Ucz {n} sieci", "en": "Train {n} networks"},
    "init.s5.caption": {"pl": "Wyniki po {updates} krokach", "en": "Results after {updates} updates"},
    "init.s5.train_loss": {"pl": "błąd treningowy (ostatni batch)", "en": "training loss (last batch)"},
    "init.s5.val_loss": {"pl": "błąd walidacyjny", "en": "validation loss"},
    "init.s5.val_acc": {"pl": "dokładność walidacyjna", "en": "validation accuracy"},
    "init.s5.plot_title": {"pl": "Krzywe błędu dla różnych ziaren", "en": "Loss curves for different seeds"},
    "init.s5.seed_n": {"pl": "ziarno {n}", "en": "seed {n}"},
    # 6. scaling
    "init.s6.heading": {"pl": "6. Skalowanie danych a uczenie", "en": "6. Data scaling and training"},
    "init.s6.text": {
        "pl": "Ta sama sieć i to samo ziarno, trzy wersje danych: bez skalowania, po normalizacji i po "
              "standaryzacji, każda przez {updates} kroków.",
        "en": "The same network and the same seed, three versions of the data: unscaled, normalized and "
              "standardized, each for {updates} updates.",
    },
    "init.s6.read": {
        "pl": "Bez skalowania cechy irysów (do 7.9 cm) działają jak większe wagi pierwszej warstwy. Przy Xavier "
              "z tanh albo He z ReLU po {updates} krokach błąd treningowy po standaryzacji jest wyraźnie niższy niż "
              "bez skalowania.",
        "en": "Without scaling the iris features (up to 7.9 cm) act like larger weights of the first layer. With "
              "Xavier and tanh, or He and ReLU, after {updates} updates the training loss on standardized data is "
              "clearly lower than without scaling.",
    },
    "init.s6.run": {"pl": "Porównaj skalowania", "en": "Compare the scalings"},
    "init.s6.plot_title": {"pl": "Krzywe błędu dla różnych skalowań", "en": "Loss curves for different scalings"},
}
