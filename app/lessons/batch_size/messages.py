"""Lesson 4 (batch size) messages: key -> {"pl", "en"}. BS is the batch size, as the lecture writes it."""

MESSAGES = {
    "bs.lead": {
        "pl": "Ile próbek wziąć do jednego kroku? Tutaj ta sama sieć uczy się na tych samych danych z rozmiarem "
              "batcha od 1 do całego zbioru, a strona mierzy na żywo, co się zmienia.",
        "en": "How many samples should one update use? Here the same network learns the same data with batch sizes "
              "from 1 up to the whole set, and the page measures live what changes.",
    },
    "bs.lecture.heading": {"pl": "Co mówi wykład", "en": "What the lecture says"},
    "bs.fact.full": {
        "pl": "Pełny batch (cały zbiór na krok) jest niepraktyczny dla dużych zbiorów: na epokę przypada tylko "
              "jeden krok, a pamięć rośnie z liczbą próbek.",
        "en": "A full batch (the whole set per update) is impractical for large data sets: an epoch makes only one "
              "update, and the memory grows with the number of samples.",
    },
    "bs.fact.popular": {"pl": "Popularne rozmiary:", "en": "Popular sizes:"},
    "bs.fact.small": {
        "pl": "Małe rozmiary – więcej kroków na epokę, szybsze zmiany wag:",
        "en": "Small sizes – more updates per epoch, faster change of the weights:",
    },
    "bs.fact.large": {
        "pl": "Duży batch potrzebuje więcej pamięci i daje mniej szumu.",
        "en": "A large batch needs more memory and gives less noise.",
    },
    "bs.fact.noise": {
        "pl": "Mały batch sprawia, że krzywa błędu skacze – co nie musi być złe: szum może chronić przed "
              "przeuczeniem (drugi eksperyment niżej).",
        "en": "A small batch makes the loss curve jump – which need not be bad: the noise can protect against "
              "overfitting (the second experiment below).",
    },
    "bs.symbol": {
        "pl": "BS to rozmiar batcha (ang. batch size), tak jak na wykładzie; m to liczba próbek zbioru "
              "treningowego.",
        "en": "BS is the batch size, as the lecture writes it; m is the number of samples in the training set.",
    },
    "bs.exp.heading": {"pl": "Eksperyment 1: wszystkie rozmiary naraz", "en": "Experiment 1: every size at once"},
    "bs.exp.text": {
        "pl": "Dane: dwie klasy – punkty w kole i pierścień wokół niego (szum 0.1), wszystkie w zbiorze "
              "treningowym. Sieć: 2 wejścia, 8 neuronów tanh, 1 wyjście z sigmoidą, błąd BCE, zwykły SGD z tym "
              "samym γ i tymi samymi wagami startowymi dla każdego rozmiaru. Każdy przebieg robi tyle samo epok.",
        "en": "Data: two classes – points in a disc and a ring around it (noise 0.1), all in the training set. "
              "Network: 2 inputs, 8 tanh units, 1 sigmoid output, BCE loss, plain SGD with the same γ and the same "
              "starting weights for every size. Every run does the same number of epochs.",
    },
    "bs.label.m": {"pl": "Liczba próbek m", "en": "Samples m"},
    "bs.label.epochs": {"pl": "Epoki", "en": "Epochs"},
    "bs.label.seed": {"pl": "Ziarno", "en": "Seed"},
    "bs.apply": {"pl": "Zastosuj", "en": "Apply"},
    "bs.train": {"pl": "Ucz", "en": "Train"},
    "bs.pause": {"pl": "Pauza", "en": "Pause"},
    "bs.reset": {"pl": "Od nowa", "en": "Start over"},
    "bs.progress": {"pl": "Epoka {done} z {total}.", "en": "Epoch {done} of {total}."},
    "bs.msg.lost": {
        "pl": "Serwer nie ma już tych przebiegów (np. po restarcie). Kliknij „Od nowa”.",
        "en": "The server no longer has these runs (e.g. after a restart). Click “Start over”.",
    },
    "bs.msg.failed": {
        "pl": "Nie udało się połączyć z serwerem. Spróbuj ponownie.",
        "en": "Could not reach the server. Please try again.",
    },
    "bs.status.diverged": {
        "pl": "Co najmniej jeden przebieg się rozbiegł (błąd lub waga nieskończone). Zmniejsz γ.",
        "en": "At least one run diverged (the loss or a weight is no longer finite). Lower γ.",
    },
    "bs.table.caption": {
        "pl": "Pomiary dla m = {m} {m|próbki|próbek|próbek}",
        "en": "Measurements for m = {m} {m|sample|samples}",
    },
    "bs.col.batch": {"pl": "Rozmiar batcha BS", "en": "Batch size BS"},
    "bs.col.updates": {"pl": "Kroków na epokę", "en": "Updates per epoch"},
    "bs.col.memory": {"pl": "Pamięć batcha [kilobajty]", "en": "Batch memory [kilobytes]"},
    "bs.col.update_time": {"pl": "Czas kroku", "en": "Time per update"},
    "bs.col.epoch_time": {"pl": "Czas epoki", "en": "Time per epoch"},
    "bs.col.epochs": {"pl": "Epoki", "en": "Epochs"},
    "bs.col.loss": {"pl": "Błąd (cały zbiór)", "en": "Loss (whole set)"},
    "bs.col.accuracy": {"pl": "Dokładność", "en": "Accuracy"},
    "bs.col.noise": {"pl": "Szum krzywej σ", "en": "Curve noise σ"},
    "bs.full": {"pl": "pełny", "en": "full"},
    "bs.table.note": {
        "pl": "Pamięć: aktywacje jednego batcha w liczbach float64, BS · (2 + 8 + 1) wartości po 8 bajtów "
              "(1 kilobajt = 1000 bajtów). Czas: zmierzony na serwerze w ostatniej porcji kroków. Szum σ: "
              "średnie kwadratowe odchylenie błędu batcha od średniej jego epoki w ostatnich 10 epokach, "
              "podzielone przez średni błąd.",
        "en": "Memory: one batch's activations as float64 numbers, BS · (2 + 8 + 1) values of 8 bytes each "
              "(1 kilobyte = 1000 bytes). Time: measured on the server over the last chunk of updates. Noise σ: "
              "the root mean square of the batch loss minus the mean of its epoch over the last 10 epochs, "
              "divided by the mean loss.",
    },
    "bs.tex.epoch": {"pl": "epoka", "en": "epoch"},
    "bs.tex.update": {"pl": "krok", "en": "update"},
    "bs.plot.loss_title": {"pl": "Błąd batcha w kolejnych krokach", "en": "Batch loss, update by update"},
    "bs.plot.measures_title": {"pl": "Pomiary w funkcji rozmiaru batcha", "en": "Measurements against the batch size"},
    "bs.trace": {"pl": "BS = {b}", "en": "BS = {b}"},
    "bs.axis.epoch": {"pl": "epoka", "en": "epoch"},
    "bs.axis.batch_loss": {"pl": "błąd batcha (BCE)", "en": "batch loss (BCE)"},
    "bs.axis.noise": {"pl": "szum σ", "en": "noise σ"},
    "bs.axis.updates": {"pl": "kroków na epokę", "en": "updates per epoch"},
    "bs.axis.memory": {"pl": "pamięć batcha [kilobajty]", "en": "batch memory [kilobytes]"},
    "bs.axis.seconds": {"pl": "czas epoki [milisekundy]", "en": "time per epoch [milliseconds]"},
    "bs.axis.batch_size": {"pl": "rozmiar batcha BS", "en": "batch size BS"},
    "bs.read.heading": {"pl": "Jak to czytać", "en": "How to read it"},
    "bs.read.noise": {
        "pl": "Szum: przy BS = 1 każdy punkt krzywej to błąd jednej próbki, więc krzywa skacze; im większy batch, "
              "tym bardziej średnia wygładza błąd – σ maleje z każdym podwojeniem BS – a przy pełnym batchu każda "
              "epoka to jeden krok i σ = 0.",
        "en": "Noise: with BS = 1 each point of the curve is one sample's loss, so the curve jumps; the larger the "
              "batch, the more the mean smooths the loss – σ falls with every doubling of BS – and with the full "
              "batch every epoch is one update and σ = 0.",
    },
    "bs.read.updates": {
        "pl": "Kroki: w jednej epoce BS = 1 robi m kroków, a pełny batch tylko jeden. Dlatego po tej samej liczbie "
              "epok małe batche (od 1 do 8) mają niższy błąd niż duże (od 64) i dalej odeszły od wag startowych "
              "– zmieniały wagi wiele razy częściej.",
        "en": "Updates: in one epoch BS = 1 makes m updates and the full batch only one. That is why after the same "
              "number of epochs small batches (1 to 8) have a lower loss than large ones (64 and up) and have moved "
              "further from the starting weights – they changed the weights many times more often.",
    },
    "bs.read.memory": {
        "pl": "Pamięć rośnie liniowo z BS: aktywacje każdej próbki batcha trzeba trzymać do przejścia wstecz. "
              "Tu to kilobajty; w dużych sieciach na GPU to właśnie pamięć ogranicza rozmiar batcha.",
        "en": "Memory grows linearly with BS: every sample's activations must be kept for the backward pass. Here "
              "that is kilobytes; in large networks on a GPU it is exactly memory that limits the batch size.",
    },
    "bs.read.time": {
        "pl": "Czas: jeden krok kosztuje stały narzut plus pracę proporcjonalną do BS. Przy małym BS narzut "
              "powtarza się m razy na epokę, więc epoka trwa dłużej; przy dużym BS operacje na macierzach liczą "
              "wiele próbek naraz.",
        "en": "Time: one update costs a fixed overhead plus work in proportion to BS. With a small BS the overhead "
              "repeats m times per epoch, so an epoch takes longer; with a large BS matrix operations handle many "
              "samples at once.",
    },
    "bs.of.heading": {"pl": "Eksperyment 2: szum a przeuczenie", "en": "Experiment 2: the noise against overfitting"},
    "bs.of.text": {
        "pl": "Dane: XOR z szumem 0.5 – zbiór treningowy ma {train} próbek, walidacyjny {val}. Sieć: dwie warstwy "
              "po 32 neurony tanh, błąd BCE, zwykły SGD z γ = 0.1. Dwa przebiegi z tymi samymi wagami startowymi "
              "(ziarno z pola wyżej): BS = 1 i pełny batch (BS = {train}), każdy po {updates} kroków.",
        "en": "Data: XOR with noise 0.5 – {train} samples in the training set, {val} in the validation set. "
              "Network: two layers of 32 tanh units, BCE loss, plain SGD with γ = 0.1. Two runs from the same "
              "starting weights (the seed of the field above): BS = 1 and the full batch (BS = {train}), "
              "{updates} updates each.",
    },
    "bs.of.run": {"pl": "Ucz oba przebiegi", "en": "Train both runs"},
    "bs.of.progress": {"pl": "Krok {done} z {total}.", "en": "Update {done} of {total}."},
    "bs.of.caption": {
        "pl": "Wyniki po {n} {n|kroku|krokach|krokach}",
        "en": "Results after {n} {n|update|updates}",
    },
    "bs.of.col.loss": {"pl": "Błąd treningowy", "en": "Training loss"},
    "bs.of.col.val_loss": {"pl": "Błąd walidacyjny", "en": "Validation loss"},
    "bs.of.col.gap": {"pl": "Luka (walidacyjny − treningowy)", "en": "Gap (validation − training)"},
    "bs.of.col.accuracy": {"pl": "Dokładność treningowa", "en": "Training accuracy"},
    "bs.of.col.val_accuracy": {"pl": "Dokładność walidacyjna", "en": "Validation accuracy"},
    "bs.of.read": {
        "pl": "Pełny batch schodzi z błędem treningowym niżej, ale jego błąd walidacyjny zostaje wyraźnie wyżej: "
              "sieć dopasowała się do przypadkowych szczegółów zbioru treningowego (przeuczenie, lekcja 7). Przy "
              "BS = 1 wahania gradientu nie pozwalają tak ciasno dopasować się do tych szczegółów: błąd "
              "treningowy jest wyższy, ale luka między błędem walidacyjnym a treningowym – wyraźnie mniejsza. Tak "
              "szum może chronić przed przeuczeniem; jak mocno, zależy od danych, sieci i γ.",
        "en": "The full batch takes the training loss lower, but its validation loss stays clearly higher: the "
              "network has fitted chance details of the training set (overfitting, lesson 7). With BS = 1 the "
              "swings of the gradient keep it from fitting those details so tightly: its training loss is higher, "
              "but the gap between the validation and the training loss is clearly smaller. That is how the noise "
              "can protect against overfitting; how much depends on the data, the network and γ.",
    },
    "bs.err.m": {
        "pl": "Wybierz jedną z liczb: {sizes}.",
        "en": "Choose one of: {sizes}.",
    },
    "bs.err.ids": {
        "pl": "Podaj od 1 do {most} identyfikatorów przebiegów, oddzielonych przecinkami.",
        "en": "Give 1 to {most} run ids, separated by commas.",
    },
    "bs.err.no_run": {
        "pl": "Ta sesja nie ma takiego przebiegu tej lekcji.",
        "en": "This session has no such run of this lesson.",
    },
    "bs.err.not_lesson_run": {
        "pl": "Ten przebieg nie należy do tej lekcji (inne dane albo funkcja straty).",
        "en": "This run is not one of this lesson's (other data or another loss).",
    },
}
