"""Lesson 4 (batch size) messages: key -> {"pl", "en"}."""

MESSAGES = {
    "bs.lead": {
        "pl": "Ile próbek wziąć do jednego kroku? Tutaj ta sama sieć uczy się na tych samych danych z rozmiarem "
              "batcha od 1 do całego zbioru, a strona mierzy na żywo, co się zmienia.",
        "en": "How many samples should one update use? Here the same network learns the same data with batch sizes "
              "from 1 up to the whole set, and the page measures live what changes.",
    },
    "bs.lecture.heading": {"pl": "Co mówi wykład", "en": "What the lecture says"},
    "bs.fact.full": {
        "pl": "Pełny batch (cały zbiór na krok) jest niepraktyczny dla dużych zbiorów.",
        "en": "A full batch (the whole set per update) is impractical for large data sets.",
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
        "pl": "Mały batch sprawia, że krzywa błędu skacze – co nie musi być złe: szum może chronić przed przeuczeniem.",
        "en": "A small batch makes the loss curve jump – which need not be bad: the noise can protect against "
              "overfitting.",
    },
    "bs.exp.heading": {"pl": "Eksperyment: wszystkie rozmiary naraz", "en": "The experiment: every size at once"},
    "bs.exp.text": {
        "pl": "Dane: dwie klasy – punkty w kole i pierścień wokół niego (szum 0,1), wszystkie do uczenia. Sieć: "
              "2 wejścia, 8 neuronów tanh, 1 wyjście z sigmoidą, błąd BCE, zwykły SGD z tym samym γ i tymi samymi "
              "wagami startowymi dla każdego rozmiaru. Każdy przebieg robi tyle samo epok.",
        "en": "Data: two classes – points in a disc and a ring around it (noise 0.1), all used for training. "
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
    "bs.table.caption": {"pl": "Pomiary dla m = {m} próbek", "en": "Measurements for m = {m} samples"},
    "bs.col.batch": {"pl": "Batch B", "en": "Batch B"},
    "bs.col.updates": {"pl": "Kroków na epokę", "en": "Updates per epoch"},
    "bs.col.bytes": {"pl": "Pamięć batcha [B]", "en": "Batch memory [bytes]"},
    "bs.col.update_time": {"pl": "Czas kroku", "en": "Time per update"},
    "bs.col.epoch_time": {"pl": "Czas epoki", "en": "Time per epoch"},
    "bs.col.epochs": {"pl": "Epoki", "en": "Epochs"},
    "bs.col.loss": {"pl": "Błąd (cały zbiór)", "en": "Loss (whole set)"},
    "bs.col.accuracy": {"pl": "Trafność", "en": "Accuracy"},
    "bs.col.noise": {"pl": "Szum krzywej", "en": "Curve noise"},
    "bs.full": {"pl": "pełny", "en": "full"},
    "bs.table.note": {
        "pl": "Pamięć: aktywacje jednego batcha w float64, B · (2 + 8 + 1) · 8 bajtów. Czas: zmierzony na serwerze "
              "w ostatniej porcji kroków. Szum: odchylenie standardowe różnic kolejnych wartości błędu batcha "
              "z ostatnich 100 kroków.",
        "en": "Memory: one batch's activations in float64, B · (2 + 8 + 1) · 8 bytes. Time: measured on the "
              "server over the last chunk of updates. Noise: the standard deviation of successive differences of "
              "the batch loss over the last 100 updates.",
    },
    "bs.plot.loss_title": {"pl": "Błąd batcha w kolejnych krokach", "en": "Batch loss, update by update"},
    "bs.plot.measures_title": {"pl": "Pomiary w funkcji rozmiaru batcha", "en": "Measurements against the batch size"},
    "bs.trace": {"pl": "B = {b}", "en": "B = {b}"},
    "bs.axis.epoch": {"pl": "epoka", "en": "epoch"},
    "bs.axis.batch_loss": {"pl": "błąd batcha (BCE)", "en": "batch loss (BCE)"},
    "bs.axis.noise": {"pl": "szum σΔ", "en": "noise σΔ"},
    "bs.axis.updates": {"pl": "kroków na epokę", "en": "updates per epoch"},
    "bs.axis.bytes": {"pl": "pamięć batcha [B]", "en": "batch memory [bytes]"},
    "bs.axis.seconds": {"pl": "czas epoki [ms]", "en": "time per epoch [ms]"},
    "bs.axis.batch_size": {"pl": "rozmiar batcha B", "en": "batch size B"},
    "bs.read.heading": {"pl": "Jak to czytać", "en": "How to read it"},
    "bs.read.noise": {
        "pl": "Szum: przy B = 1 każdy punkt krzywej to błąd jednej próbki, więc krzywa skacze; im większy batch, "
              "tym bardziej średnia wygładza błąd, a przy pełnym batchu krzywa jest gładka.",
        "en": "Noise: with B = 1 each point of the curve is one sample's loss, so the curve jumps; the larger the "
              "batch, the more the mean smooths the loss, and with the full batch the curve is smooth.",
    },
    "bs.read.updates": {
        "pl": "Kroki: w jednej epoce B = 1 robi m kroków, a pełny batch tylko jeden. Dlatego po tej samej liczbie "
              "epok małe batche są zwykle dalej – zmieniały wagi wiele razy częściej.",
        "en": "Updates: in one epoch B = 1 makes m updates and the full batch only one. That is why after the same "
              "number of epochs small batches are usually further along – they changed the weights many times more often.",
    },
    "bs.read.memory": {
        "pl": "Pamięć rośnie liniowo z B: aktywacje każdej próbki batcha trzeba trzymać do przejścia wstecz. "
              "Tu to bajty; w dużych sieciach na GPU to właśnie pamięć ogranicza rozmiar batcha.",
        "en": "Memory grows linearly with B: every sample's activations must be kept for the backward pass. Here "
              "that is bytes; in large networks on a GPU it is exactly memory that limits the batch size.",
    },
    "bs.read.time": {
        "pl": "Czas: jeden krok kosztuje stały narzut plus pracę proporcjonalną do B. Przy małym B narzut "
              "powtarza się m razy na epokę, więc epoka trwa dłużej; przy dużym B operacje na macierzach liczą "
              "wiele próbek naraz.",
        "en": "Time: one update costs a fixed overhead plus work in proportion to B. With a small B the overhead "
              "repeats m times per epoch, so an epoch takes longer; with a large B matrix operations handle many "
              "samples at once.",
    },
    "bs.read.overfit": {
        "pl": "Szum nie jest tylko wadą: losowe wahania gradientu utrudniają dopasowanie się do szczegółów zbioru "
              "uczącego (o przeuczeniu w lekcji 7) i pomagają zejść z siodła (lekcja 2).",
        "en": "Noise is not only a flaw: random swings of the gradient make it harder to fit the quirks of the "
              "training set (overfitting is lesson 7) and help leave a saddle (lesson 2).",
    },
    "bs.err.m": {
        "pl": "Wybierz jedną z liczb: {sizes}.",
        "en": "Choose one of: {sizes}.",
    },
}
