"""Lesson 11 (/lessons/convolutional): the text of the page. Facts and references from slides 58-64; wording our
own. Every sentence that states an outcome has a test in tests/lessons/convolutional/test_claims.py."""

MESSAGES = {
    "conv.lead": {
        "pl": "Obiekt na obrazie może być przesunięty, obrócony, powiększony albo zniekształcony, a cechy, po których "
              "go rozpoznajemy, są złożone i rzadkie. Sieć konwolucyjna uczy się małych filtrów, które przesuwa po "
              "całym obrazie, więc ta sama cecha jest wykrywana w każdym miejscu.",
        "en": "An object in an image may be shifted, rotated, scaled or deformed, and the features that identify it "
              "are complex and sparse. A convolutional network learns small filters that it slides over the whole "
              "image, so the same feature is found wherever it is.",
    },
    # ---------------------------------------------------------------- the workbench
    "conv.bench.heading": {"pl": "Warsztat konwolucji", "en": "The convolution workbench"},
    "conv.bench.text": {
        "pl": "Wybierz obraz 8 × 8 i wpisz wagi filtra 3 × 3. Każdy piksel mapy cech to suma iloczynów wag "
              "filtra i pikseli okna, na którym filtr leży; skok s mówi, o ile pikseli przesuwamy okno, a "
              "uzupełnienie zerami p dokłada p wierszy i kolumn zer wokół obrazu.",
        "en": "Pick an 8 × 8 image and type the weights of a 3 × 3 kernel. Each pixel of the feature map is the sum "
              "of the products of the kernel's weights and the pixels of the window it lies on; the stride s says "
              "how many pixels the window moves, and the padding p adds p rows and columns of zeros around the "
              "image.",
    },
    "conv.bench.kernels": {
        "pl": "Sobel x porównuje prawą kolumnę okna z lewą, więc odpowiada na krawędzie pionowe, a na poziomych "
              "daje 0 (z dala od brzegu, gdzie zera uzupełnienia tworzą własne krawędzie); Sobel y odwrotnie. "
              "Tożsamość z p = 1 zwraca obraz bez zmian. Wagi rozmycia sumują się do 1, więc jednolity obszar "
              "zachowuje jasność, a filtr krawędzi daje na nim 0.",
        "en": "Sobel x compares the window's right column with its left one, so it answers to vertical edges and "
              "gives 0 on horizontal ones (away from the border, where the padding's zeros make edges of their "
              "own); Sobel y the other way round. Identity with p = 1 returns the image unchanged. The blur's "
              "weights add up to 1, so a flat region keeps its brightness, and the edge kernel gives 0 on it.",
    },
    "conv.bench.pool": {
        "pl": "Pooling zmniejsza mapę: okno q × q przesuwane co q pikseli zostawia maksimum (max) albo średnią "
              "(avg). Przy q = 2 każdy bok mapy maleje o połowę (w dół, gdy jest nieparzysty).",
        "en": "Pooling shrinks the map: a q × q window moved by q pixels keeps the maximum (max) or the mean "
              "(avg). With q = 2 each side of the map is halved (rounded down when odd).",
    },
    "conv.field.image": {"pl": "Obraz", "en": "Image"},
    "conv.field.kernel": {"pl": "Filtr 3 × 3", "en": "3 × 3 kernel"},
    "conv.field.presets": {"pl": "Gotowe filtry", "en": "Preset kernels"},
    "conv.field.settings": {"pl": "Skok, uzupełnienie zerami, pooling", "en": "Stride, padding, pooling"},
    "conv.field.stride": {"pl": "skok s", "en": "stride s"},
    "conv.field.padding": {"pl": "uzupełnienie zerami p", "en": "padding p"},
    "conv.field.pool": {"pl": "pooling q", "en": "pool q"},
    "conv.field.pool_kind": {"pl": "rodzaj poolingu", "en": "kind of pooling"},
    "conv.field.recompute": {"pl": "Przelicz", "en": "Recompute"},
    "conv.kernel.identity": {"pl": "tożsamość", "en": "identity"},
    "conv.kernel.edge": {"pl": "krawędzie", "en": "edge"},
    "conv.kernel.sobel_x": {"pl": "Sobel x", "en": "Sobel x"},
    "conv.kernel.sobel_y": {"pl": "Sobel y", "en": "Sobel y"},
    "conv.kernel.blur": {"pl": "rozmycie", "en": "blur"},
    "conv.kernel.sharpen": {"pl": "wyostrzenie", "en": "sharpen"},
    "conv.kernel.reset": {"pl": "Od nowa", "en": "Start over"},
    "conv.image.digit": {"pl": "cyfra {digit}", "en": "digit {digit}"},
    "conv.image.vertical": {"pl": "krawędź pionowa", "en": "vertical edge"},
    "conv.image.horizontal": {"pl": "krawędź pozioma", "en": "horizontal edge"},
    "conv.image.square": {"pl": "kwadrat", "en": "square"},
    "conv.size.text": {"pl": "Bok mapy cech n₁ dla obrazu n × n i filtra k × k, oraz bok n₂ po poolingu q × q:",
                       "en": "The side n₁ of the feature map for an n × n image and a k × k kernel, and the side n₂ "
                             "after a q × q pooling:"},
    "conv.size.now": {"pl": "Teraz:", "en": "Now:"},
    "conv.plot.input": {"pl": "Obraz wejściowy 8 × 8", "en": "Input image 8 × 8"},
    "conv.plot.feature": {"pl": "Mapa cech {h} × {w}", "en": "Feature map {h} × {w}"},
    "conv.plot.pooled": {"pl": "Po poolingu {h} × {w}", "en": "After pooling {h} × {w}"},
    "conv.plot.range": {"pl": "od {lo} do {hi} (czerwone +, niebieskie −)", "en": "from {lo} to {hi} (red +, blue −)"},
    "conv.error.pool": {"pl": "Okno poolingu nie może być większe niż mapa cech ({out} × {out}).",
                        "en": "The pooling window cannot be larger than the feature map ({out} × {out})."},
    # ---------------------------------------------------------------- LeNet trained live
    "conv.live.heading": {"pl": "Sieć w stylu LeNet uczona na żywo", "en": "A LeNet-style network trained live"},
    "conv.live.text": {
        "pl": "Pary konwolucja + pooling powtarzamy, a na końcu jest kilka warstw gęstych, jak w LeNet. Sieć "
              "uczy się na 1797 cyfrach 8 × 8. Obok krzywych widać filtry pierwszej warstwy i mapy cech obrazu "
              "wybranego w warsztacie (pomysł Zeilera i Fergusa), a pod nimi macierz pomyłek na zbiorze testowym.",
        "en": "Convolution + pooling pairs are repeated and a few dense layers come last, as in LeNet. The network "
              "learns from 1797 digits of 8 × 8 pixels. Beside the curves are the first layer's filters and the "
              "feature maps of the image chosen in the workbench (Zeiler and Fergus's idea), and under them the "
              "confusion matrix on the test set.",
    },
    "conv.live.setup": {
        "pl": "Sieć: konwolucja 1 → 6 (3 × 3, p = 1) + ReLU + max 2 × 2, konwolucja 6 → 12 + ReLU + max 2 × 2, "
              "10 wyjść; Adam, γ = 0.01, batch 32; zbiory: 60 % treningowy, 20 % walidacyjny, 20 % testowy; "
              "{updates} {updates|krok|kroki|kroków}.",
        "en": "Network: convolution 1 → 6 (3 × 3, p = 1) + ReLU + max 2 × 2, convolution 6 → 12 + ReLU + "
              "max 2 × 2, 10 outputs; Adam, γ = 0.01, batch 32; sets: 60 % training, 20 % validation, 20 % test; "
              "{updates} {updates|update|updates}.",
    },
    "conv.live.claim": {
        "pl": "Po {updates} krokach dokładność na zbiorze testowym przekracza 90 %.",
        "en": "After {updates} updates the accuracy on the test set is above 90 %.",
    },
    "conv.live.train": {"pl": "Trenuj", "en": "Train"},
    "conv.live.pause": {"pl": "Pauza", "en": "Pause"},
    "conv.live.reset": {"pl": "Od nowa", "en": "Start over"},
    "conv.live.idle": {"pl": "Naciśnij „Trenuj”.", "en": "Press “Train”."},
    "conv.live.running": {"pl": "Trening trwa…", "en": "Training…"},
    "conv.live.paused": {"pl": "Wstrzymano.", "en": "Paused."},
    "conv.live.done": {"pl": "Gotowe.", "en": "Done."},
    "conv.live.diverged": {"pl": "Trening się rozbiegł.", "en": "Training diverged."},
    "conv.live.failed": {"pl": "Serwer nie odpowiedział ({status}); spróbuj ponownie.",
                         "en": "The server did not answer ({status}); try again."},
    "conv.live.step": {"pl": "Krok:", "en": "Update:"},
    "conv.live.val": {"pl": "dokładność na zbiorze walidacyjnym:", "en": "validation accuracy:"},
    "conv.live.test": {"pl": "dokładność na zbiorze testowym:", "en": "test accuracy:"},
    "conv.live.loss": {"pl": "Błąd w czasie treningu", "en": "Loss during training"},
    "conv.live.accuracy": {"pl": "Dokładność", "en": "Accuracy"},
    "conv.live.train_loss": {"pl": "błąd na batchu", "en": "loss on the batch"},
    "conv.live.val_acc": {"pl": "zbiór walidacyjny", "en": "validation set"},
    "conv.live.filters": {"pl": "Filtry pierwszej warstwy (czerwone +, niebieskie −)",
                          "en": "First-layer filters (red +, blue −)"},
    "conv.live.maps": {"pl": "Mapy cech pierwszej warstwy: {image}", "en": "First-layer feature maps: {image}"},
    "conv.live.confusion": {"pl": "Macierz pomyłek (zbiór testowy)", "en": "Confusion matrix (test set)"},
    "conv.live.predicted": {"pl": "przewidziana cyfra", "en": "predicted digit"},
    "conv.live.true": {"pl": "prawdziwa cyfra", "en": "true digit"},
    "conv.live.cell": {"pl": "prawdziwa %{y}, przewidziana %{x}: %{z}", "en": "true %{y}, predicted %{x}: %{z}"},
    "conv.axis.update": {"pl": "krok", "en": "update"},
    "conv.axis.layer": {"pl": "warstwa", "en": "layer"},
    "conv.axis.grad": {"pl": "‖∂L/∂W‖ (skala log.)", "en": "‖∂L/∂W‖ (log scale)"},
    # ---------------------------------------------------------------- residual connections
    "conv.res.heading": {"pl": "Połączenia rezydualne: dlaczego ResNet się uczy",
                         "en": "Residual connections: why ResNet trains"},
    "conv.res.text": {
        "pl": "Dwie głębokie sieci: 12 warstw po 16 neuronów z sigmoidą, SGD, γ = 0.1, batch 20, zbiór koło. "
              "Druga jest taka sama, ale do każdej warstwy tak szerokiej jak poprzednia dodaje jej wejście "
              "(połączenie rezydualne, He i in. 2016):",
        "en": "Two deep networks: 12 layers of 16 sigmoid units, SGD, γ = 0.1, batch 20, the circle data set. The "
              "second is the same, but every layer as wide as the one before adds its input to its output (a "
              "residual connection, He et al. 2016):",
    },
    "conv.res.claim": {
        "pl": "Po {updates} krokach zwykła sieć stoi na błędzie zgadywania (około 0.69), a gradient jej pierwszej "
              "warstwy jest ponad tysiąc razy mniejszy niż w sieci rezydualnej; sieć rezydualna uczy się koła. "
              "Przez połączenia rezydualne gradient płynie do pierwszych warstw bez mnożenia przez pochodne "
              "wszystkich sigmoid po drodze.",
        "en": "After {updates} updates the plain network stays at the loss of guessing (about 0.69), and the "
              "gradient of its first layer is over a thousand times smaller than in the residual network; the "
              "residual network learns the circle. Through the residual connections the gradient reaches the "
              "first layers without being multiplied by the derivatives of every sigmoid on the way.",
    },
    "conv.res.plain": {"pl": "zwykła", "en": "plain"},
    "conv.res.residual": {"pl": "rezydualna", "en": "residual"},
    "conv.res.loss": {"pl": "Błąd na batchu", "en": "Loss on the batch"},
    "conv.res.grads": {"pl": "Norma gradientu wag każdej warstwy", "en": "Gradient norm of each layer's weights"},
    "conv.res.train": {"pl": "Trenuj obie", "en": "Train both"},
    # ---------------------------------------------------------------- history
    "conv.history.heading": {"pl": "Trochę historii", "en": "A little history"},
    "conv.history.hmax": {
        "pl": "Model HMAX (Riesenhuber i Poggio, 1999) opisuje rozpoznawanie obiektów w korze wzrokowej: "
              "warstwy prostych detektorów cech przeplatają się z warstwami, które biorą maksimum z sąsiednich "
              "detektorów. To biologiczna inspiracja par konwolucja + pooling.",
        "en": "The HMAX model (Riesenhuber and Poggio, 1999) describes object recognition in the visual cortex: "
              "layers of simple feature detectors alternate with layers that take the maximum over neighbouring "
              "detectors. It is the biological inspiration of convolution + pooling pairs.",
    },
    "conv.history.lenet": {
        "pl": "LeNet (LeCun i in., 1998) uczy filtrów konwolucji propagacją wsteczną, powtarza pary konwolucja + "
              "pooling i kończy kilkoma warstwami gęstymi, jak sieć powyżej.",
        "en": "LeNet (LeCun et al., 1998) learns its convolution filters by backpropagation, repeats "
              "convolution + pooling pairs and ends with a few dense layers, as the network above does.",
    },
    "conv.history.zf": {
        "pl": "Zeiler i Fergus (ECCV 2014) pokazali, czego uczą się filtry kolejnych warstw: najpierw krawędzi "
              "i plam koloru, dalej coraz bardziej złożonych części obiektów.",
        "en": "Zeiler and Fergus (ECCV 2014) showed what the filters of successive layers learn: first edges and "
              "colour blobs, then more and more complex parts of objects.",
    },
    "conv.history.resnet": {
        "pl": "ResNet (He i in., CVPR 2016) dodał połączenia rezydualne (skip connections) i pozwolił uczyć sieci "
              "o setkach warstw.",
        "en": "ResNet (He et al., CVPR 2016) added residual (skip) connections and made networks of hundreds of "
              "layers trainable.",
    },
}
