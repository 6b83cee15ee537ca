"""Display names of the things the registries name (nnlib's activations, optimizers, losses, initializers,
schedules, data sets): what a page shows instead of the identifier (never `leaky_relu`, always "Leaky ReLU").

Keys are "name.<kind>.<identifier>"; app.templating's `name(kind, id)` reads them, and tests/test_glossary.py
checks that every registry entry has one in both languages.
"""

_SAME = {  # names that read the same in both languages
    "activation": {"identity": "identity", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "prelu": "PReLU",
                   "silu": "SiLU", "elu": "ELU", "softplus": "Softplus", "sigmoid": "sigmoid", "tanh": "tanh",
                   "softmax": "softmax"},
    "optimizer": {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"},
}

MESSAGES = {
    **{f"name.{kind}.{key}": {"pl": text, "en": text} for kind, names in _SAME.items() for key, text in names.items()},
    "name.optimizer.momentum": {"pl": "SGD z pędem", "en": "SGD with momentum"},
    "name.loss.mse": {"pl": "MSE (błąd średniokwadratowy)", "en": "MSE (mean squared error)"},
    "name.loss.mae": {"pl": "MAE (średni błąd bezwzględny)", "en": "MAE (mean absolute error)"},
    "name.loss.bce": {"pl": "BCE (binarna entropia krzyżowa)", "en": "BCE (binary cross-entropy)"},
    "name.loss.nll": {"pl": "NLL (ujemna log-wiarygodność)", "en": "NLL (negative log-likelihood)"},
    "name.loss.cross_entropy": {"pl": "entropia krzyżowa", "en": "cross-entropy"},
    "name.loss.margin_ranking": {"pl": "ranking z marginesem", "en": "margin ranking"},
    "name.loss.kl_div": {"pl": "dywergencja Kullbacka–Leiblera", "en": "Kullback–Leibler divergence"},
    "name.init.zeros": {"pl": "zera", "en": "zeros"},
    "name.init.constant": {"pl": "stała", "en": "constant"},
    "name.init.normal": {"pl": "normalny N(0, 0.01)", "en": "normal N(0, 0.01)"},
    "name.init.uniform": {"pl": "jednostajny U(−0.05, 0.05)", "en": "uniform U(−0.05, 0.05)"},
    "name.init.xavier_normal": {"pl": "Xavier / Glorot (normalny)", "en": "Xavier / Glorot (normal)"},
    "name.init.xavier_uniform": {"pl": "Xavier / Glorot (jednostajny)", "en": "Xavier / Glorot (uniform)"},
    "name.init.he_normal": {"pl": "He / Kaiming (normalny)", "en": "He / Kaiming (normal)"},
    "name.init.he_uniform": {"pl": "He / Kaiming (jednostajny)", "en": "He / Kaiming (uniform)"},
    "name.schedule.constant": {"pl": "stały", "en": "constant"},
    "name.schedule.exponential": {"pl": "wykładniczy zanik", "en": "exponential decay"},
    "name.schedule.step": {"pl": "skokowy spadek", "en": "step decay"},
    "name.dataset.fruit": {"pl": "owoce", "en": "fruit"},
    "name.dataset.fruit_good": {"pl": "owoce dobre i złe", "en": "good and bad fruit"},
    "name.dataset.iris": {"pl": "irysy", "en": "iris"},
    "name.dataset.circle": {"pl": "koło", "en": "circle"},
    "name.dataset.xor": {"pl": "XOR", "en": "XOR"},
    "name.dataset.gauss": {"pl": "dwie chmury", "en": "two clouds"},
    "name.dataset.spiral": {"pl": "spirala", "en": "spiral"},
    "name.dataset.moons": {"pl": "półksiężyce", "en": "moons"},
    "name.dataset.blobs": {"pl": "skupiska", "en": "blobs"},
    "name.feature.sepal_length": {"pl": "długość działki kielicha", "en": "sepal length"},
    "name.feature.sepal_width": {"pl": "szerokość działki kielicha", "en": "sepal width"},
    "name.feature.petal_length": {"pl": "długość płatka", "en": "petal length"},
    "name.feature.petal_width": {"pl": "szerokość płatka", "en": "petal width"},
    "name.sequence_task.reverse": {"pl": "odwracanie ciągu", "en": "reversing a sequence"},
    "name.sequence_task.previous": {"pl": "poprzedni token", "en": "the previous token"},
}

# nnlib.spec's layer types (LAYER_TYPES), as the lessons name them.
MESSAGES.update({
    "name.layer.dense": {"pl": "warstwa gęsta", "en": "dense layer"},
    "name.layer.dropout": {"pl": "dropout", "en": "dropout"},
    "name.layer.batchnorm": {"pl": "normalizacja batcha", "en": "batch normalization"},
    "name.layer.conv2d": {"pl": "konwolucja", "en": "convolution"},
    "name.layer.maxpool2d": {"pl": "max pooling", "en": "max pooling"},
    "name.layer.avgpool2d": {"pl": "pooling średniej", "en": "average pooling"},
    "name.layer.flatten": {"pl": "spłaszczenie", "en": "flatten"},
    "name.layer.residual": {"pl": "blok rezydualny", "en": "residual block"},
    "name.layer.attention": {"pl": "uwaga (attention)", "en": "attention"},
})
