"""Lesson 12 (/lessons/transformers): the text of the page. Facts and numbers from slides 65-70; wording our own.
Sentences that state an outcome (the *.claim keys) are tested in tests/lessons/transformers/test_claims.py."""

MESSAGES = {
    "tr.lead": {
        "pl": "Słowo znaczy co innego w innym zdaniu. Mechanizm uwagi pozwala każdemu tokenowi zdania spojrzeć na "
              "wszystkie pozostałe i wziąć z nich tyle, ile pasuje do jego pytania.",
        "en": "A word means different things in different sentences. Attention lets every token of a sentence look "
              "at all the others and take from each as much as fits its question.",
    },
    # ---------------------------------------------------------------- the problem and the formula
    "tr.problem.heading": {"pl": "Zależności na odległość", "en": "Long-range dependencies"},
    "tr.problem.text": {
        "pl": "„Mary had a little lamb.” czytamy jak wierszyk dla dzieci. „In the hospital, Mary had a little "
              "lamb.” to już inna historia – a o tym decydują słowa stojące daleko od „had” i „lamb”. Zadania "
              "sekwencja-na-sekwencję (np. tłumaczenie) wymagają, by sieć łączyła takie odległe słowa.",
        "en": "“Mary had a little lamb.” reads as a nursery rhyme. “In the hospital, Mary had a little lamb.” is "
              "another story – and the words that decide it stand far from “had” and “lamb”. "
              "Sequence-to-sequence tasks (translation, say) need a network that links such distant words.",
    },
    "tr.problem.formula": {
        "pl": "Każdy token dostaje zapytanie q, klucz k i wartość v (rzuty jego wektora przez macierze W_Q, W_K, "
              "W_V). Wagi uwagi to softmax iloczynów skalarnych zapytania z kluczami, podzielonych przez √dₖ; "
              "wyjście to średnia wartości ważona tymi wagami.",
        "en": "Every token gets a query q, a key k and a value v (its vector projected by the matrices W_Q, W_K, "
              "W_V). The attention weights are the softmax of the query's dot products with the keys, divided by "
              "√dₖ; the output is the average of the values weighted by them.",
    },
    # ---------------------------------------------------------------- the workbench
    "tr.bench.heading": {"pl": "Warsztat: dwa zdania, jedna głowica uwagi",
                         "en": "Workbench: two sentences, one attention head"},
    "tr.bench.text": {
        "pl": "Każdy token ma stały wektor czterech cech (tabela poniżej, bez informacji o pozycji), więc ten sam "
              "token ma te same q, k, v w obu zdaniach. Zmień macierze albo wczytaj ustawienie i patrz, jak "
              "zmieniają się wagi.",
        "en": "Every token has a fixed vector of four features (the table below, without any position), so the "
              "same token has the same q, k, v in both sentences. Change the matrices or load a preset and watch "
              "the weights change.",
    },
    "tr.bench.embeddings": {"pl": "Wektory tokenów (cechy)", "en": "Token vectors (features)"},
    "tr.bench.token": {"pl": "token", "en": "token"},
    "tr.feature.person": {"pl": "osoba", "en": "person"},
    "tr.feature.animal": {"pl": "zwierzę", "en": "animal"},
    "tr.feature.place": {"pl": "miejsce", "en": "place"},
    "tr.feature.function": {"pl": "słowo funkcyjne", "en": "function word"},
    "tr.bench.matrices": {"pl": "Macierze rzutów (wiersz: wyjście, kolumna: cecha)",
                          "en": "Projection matrices (row: output, column: feature)"},
    "tr.bench.presets": {"pl": "Ustawienia", "en": "Presets"},
    "tr.preset.identity": {"pl": "jednostkowe", "en": "identity"},
    "tr.preset.context": {"pl": "kontekst: zwierzę szuka miejsca", "en": "context: an animal looks for a place"},
    "tr.preset.random": {"pl": "losowe (ziarno)", "en": "random (seed)"},
    "tr.preset.reset": {"pl": "od nowa", "en": "reset"},
    "tr.bench.seed": {"pl": "ziarno", "en": "seed"},
    "tr.bench.options": {"pl": "Opcje", "en": "Options"},
    "tr.bench.causal": {"pl": "maska przyczynowa (token nie widzi późniejszych)",
                        "en": "causal mask (a token does not see later ones)"},
    "tr.bench.scale": {"pl": "dziel przez √dₖ", "en": "divide by √dₖ"},
    "tr.bench.sentence": {"pl": "zdanie wzoru", "en": "sentence of the formula"},
    "tr.sentence.short": {"pl": "Mary had a little lamb.", "en": "Mary had a little lamb."},
    "tr.sentence.long": {"pl": "In the hospital, Mary had a little lamb.",
                         "en": "In the hospital, Mary had a little lamb."},
    "tr.bench.row": {"pl": "wiersz (zapytanie)", "en": "row (query)"},
    "tr.heat.short": {"pl": "„Mary had a little lamb.”", "en": "“Mary had a little lamb.”"},
    "tr.heat.long": {"pl": "„In the hospital, Mary had a little lamb.”",
                     "en": "“In the hospital, Mary had a little lamb.”"},
    "tr.axis.key": {"pl": "klucz", "en": "key"},
    "tr.axis.query": {"pl": "zapytanie", "en": "query"},
    "tr.axis.weight": {"pl": "waga", "en": "weight"},
    "tr.row.heading": {"pl": "Wzór z liczbami jednego wiersza", "en": "The formula with the numbers of one row"},
    "tr.row.caption": {"pl": "Zapytanie tokenu „{token}” wobec każdego klucza",
                       "en": "The query of the token “{token}” against every key"},
    "tr.row.dot": {"pl": "iloczyn skalarny", "en": "dot product"},
    "tr.row.score": {"pl": "wynik", "en": "score"},
    "tr.row.masked": {"pl": "zamaskowany", "en": "masked"},
    "tr.bench.shift": {
        "pl": "Największa zmiana wagi między wspólnymi tokenami obu zdań: {shift}.",
        "en": "The largest change of a weight between the tokens both sentences share: {shift}.",
    },
    "tr.context.claim": {
        "pl": "Kontekst zmienia uwagę: te same tokeny mają w dłuższym zdaniu inne wagi, bo każdy wiersz dzieli "
              "się też z „In the hospital,”. Przy ustawieniu „kontekst” „lamb” w dłuższym zdaniu daje największą "
              "wagę słowu „hospital”, a jego wyjście zyskuje cechę „miejsce”, której w krótszym zdaniu prawie nie ma.",
        "en": "Context changes attention: the same tokens get other weights in the longer sentence, since every "
              "row is shared with “In the hospital,” as well. With the “context” preset, “lamb” in the longer "
              "sentence gives its largest weight to “hospital”, and its output gains the “place” feature it "
              "almost lacks in the shorter sentence.",
    },
    "tr.mask.claim": {
        "pl": "Z maską przyczynową każdy token daje wagę 0 wszystkim tokenom po nim: nad przekątną mapy są same zera.",
        "en": "With the causal mask every token gives weight 0 to all tokens after it: above the diagonal of the "
              "map there are only zeros.",
    },
    # ---------------------------------------------------------------- saturation
    "tr.sat.heading": {"pl": "Po co dzielić przez √dₖ", "en": "Why divide by √dₖ"},
    "tr.sat.text": {
        "pl": "Iloczyn skalarny dₖ losowych składowych ma wariancję dₖ: im dłuższe wektory, tym większe wyniki "
              "i tym ostrzejszy softmax. Tu zapytania i klucze mają losowe składowe N(0, 1), każde zapytanie "
              "patrzy na {keys} kluczy, a wykres uśrednia {rows} wierszy.",
        "en": "The dot product of dₖ random components has variance dₖ: the longer the vectors, the larger the "
              "scores and the sharper the softmax. Here queries and keys have random N(0, 1) components, each "
              "query looks at {keys} keys, and the plot averages {rows} rows.",
    },
    "tr.sat.claim": {
        "pl": "Bez dzielenia wiersze wag nasycają się wraz z dₖ: przy dₖ = 64 największa waga wiersza to średnio "
              "ponad 0.8: prawie jeden klucz bierze wszystko, a gradient softmaksu maleje do mniej niż połowy. "
              "Z dzieleniem przez √dₖ największa waga zostaje około 0.3 przy każdym dₖ.",
        "en": "Without the division the rows saturate as dₖ grows: at dₖ = 64 the largest weight of a row is on "
              "average above 0.8: almost one key takes it all, and the softmax's gradient shrinks to less than "
              "half. Divided by √dₖ the largest weight stays about 0.3 at every dₖ.",
    },
    "tr.sat.unscaled": {"pl": "bez dzielenia", "en": "not divided"},
    "tr.sat.scaled": {"pl": "podzielone przez √dₖ", "en": "divided by √dₖ"},
    "tr.sat.plot_title": {"pl": "Średnia największa waga wiersza", "en": "Mean largest weight of a row"},
    "tr.sat.max_axis": {"pl": "największa waga", "en": "largest weight"},
    "tr.sat.sample_title": {"pl": "Jeden losowy wiersz przy dₖ = {dk}", "en": "One random row at dₖ = {dk}"},
    "tr.sat.numbers": {
        "pl": "Przy dₖ = {dk}: największa waga {max_unscaled} bez dzielenia, {max_scaled} z dzieleniem; entropia "
              "wiersza {entropy_unscaled} i {entropy_scaled} (równe wagi: ln {keys} = {uniform}); gradient "
              "softmaksu (norma jakobianu) {grad_unscaled} i {grad_scaled}.",
        "en": "At dₖ = {dk}: largest weight {max_unscaled} not divided, {max_scaled} divided; entropy of a row "
              "{entropy_unscaled} and {entropy_scaled} (equal weights: ln {keys} = {uniform}); the softmax's "
              "gradient (norm of its Jacobian) {grad_unscaled} and {grad_scaled}.",
    },
    # ---------------------------------------------------------------- the live model
    "tr.live.heading": {"pl": "Głowica uwagi uczona na żywo", "en": "An attention head trained live"},
    "tr.live.text": {
        "pl": "Zadanie – {task}: {length} tokenów (liczb od 0 do {top}) w odwrotnej kolejności. Wejście tokenu "
              "to jego kod i pozycja; jedna głowica uwagi (dₖ = {dk}) i warstwa gęsta, Adam ze współczynnikiem "
              "uczenia {lr}, {updates} {updates|krok|kroki|kroków}. Mapa pokazuje wagi wybranego przykładu ze zbioru walidacyjnego.",
        "en": "The task – {task}: {length} tokens (numbers 0 to {top}) in reverse order. A token's input is its "
              "code and its position; one attention head (dₖ = {dk}) and a dense layer, Adam with learning rate "
              "{lr}, {updates} {updates|update|updates}. The map shows the weights of a chosen example of the validation set.",
    },
    "tr.live.claim": {
        "pl": "Po {updates} {updates|kroku|krokach|krokach} model odwraca ciągi z dokładnością co najmniej 95 % tokenów zbioru "
              "walidacyjnego, a wagi układają się na przekątnej od prawego górnego rogu: pozycja t patrzy na "
              "pozycję T − 1 − t.",
        "en": "After {updates} {updates|update|updates} the model reverses the sequences with an accuracy of at least 95 % of the "
              "validation set's tokens, and the weights line up on the diagonal from the top right corner: "
              "position t looks at position T − 1 − t.",
    },
    "tr.live.train": {"pl": "Ucz", "en": "Train"},
    "tr.live.pause": {"pl": "Pauza", "en": "Pause"},
    "tr.live.reset": {"pl": "Od nowa", "en": "Reset"},
    "tr.live.example": {"pl": "przykład", "en": "example"},
    "tr.live.step": {"pl": "krok", "en": "update"},
    "tr.live.acc": {"pl": "dokładność (tokeny, zbiór walidacyjny)", "en": "accuracy (tokens, validation set)"},
    "tr.live.acc_axis": {"pl": "dokładność [%]", "en": "accuracy [%]"},
    "tr.live.loss": {"pl": "błąd", "en": "loss"},
    "tr.live.updates": {"pl": "krok", "en": "update"},
    "tr.live.curves_title": {"pl": "Błąd i dokładność", "en": "Loss and accuracy"},
    "tr.live.heat_title": {"pl": "Wagi uwagi przykładu", "en": "Attention weights of the example"},
    "tr.live.diag": {"pl": "średnia waga na odwróconej przekątnej", "en": "mean weight on the reversed diagonal"},
    "tr.live.idle": {"pl": "Gotowe do uczenia.", "en": "Ready to train."},
    "tr.live.running": {"pl": "Uczenie trwa…", "en": "Training…"},
    "tr.live.paused": {"pl": "Pauza.", "en": "Paused."},
    "tr.live.done": {"pl": "Koniec: {updates} {updates|krok|kroki|kroków}.",
                     "en": "Done: {updates} {updates|update|updates}."},
    "tr.live.failed": {"pl": "Serwer nie odpowiada ({status}). Spróbuj ponownie.",
                       "en": "The server did not answer ({status}). Try again."},
    # ---------------------------------------------------------------- history
    "tr.history.heading": {"pl": "Krótka historia", "en": "A short history"},
    "tr.history.rnn": {
        "pl": "Sieci rekurencyjne czytają ciąg token po tokenie i niosą stan ukryty z kroku na krok; informacja "
              "z początku długiego zdania słabnie po drodze.",
        "en": "Recurrent networks read a sequence token by token and carry a hidden state from step to step; "
              "what the start of a long sentence said fades on the way.",
    },
    "tr.history.lstm": {
        "pl": "LSTM dodaje komórkę pamięci z bramkami, które decydują, co zapamiętać, a co zapomnieć – dzięki "
              "temu zależności sięgają dalej, ale ciąg nadal czyta się krok po kroku.",
        "en": "LSTM adds a memory cell with gates that decide what to keep and what to forget – dependencies "
              "reach further, but the sequence is still read one step at a time.",
    },
    "tr.history.transformer": {
        "pl": "Transformer (Vaswani i in. 2017, „Attention is all you need”) rezygnuje z rekurencji: każdy token "
              "patrzy na wszystkie naraz przez mechanizm uwagi, a całe zdanie liczy się równolegle.",
        "en": "The transformer (Vaswani et al. 2017, “Attention is all you need”) drops recurrence: every token "
              "looks at all the others at once through attention, and the whole sentence is computed in parallel.",
    },
}
