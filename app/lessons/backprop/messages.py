"""Lesson 1 (/lessons/backprop): the text of the page. Facts from slides 6-8 of the lecture; wording our own."""

MESSAGES = {
    "bp.lead": {
        "pl": "Jak sieć uczy się na jednym przykładzie? Przejdź sześć kroków treningu ze slajdu 8 na małej sieci "
              "z wykładu: jedno wejście x, dwa neurony ReLU w pierwszej warstwie i jeden neuron ReLU na wyjściu. "
              "Zmień dowolną liczbę, a wszystko poniżej przeliczy się od razu.",
        "en": "How does a network learn from one example? Walk through the six steps of training from slide 8 on "
              "the small network of the lecture: one input x, two ReLU neurons in the first layer and one ReLU "
              "neuron at the output. Change any number and everything below is recomputed at once.",
    },
    "bp.s1.heading": {"pl": "1. Sieć: wagi, biasy, architektura", "en": "1. The network: weights, biases, architecture"},
    "bp.s1.text": {
        "pl": "Każdy neuron liczy sumę ważoną swoich wejść plus bias — to jego pobudzenie z — a potem wyjście "
              "y = max(z, 0), czyli ReLU. Sieć ocenia, jak dobry jest owoc, na podstawie jednej liczby x. "
              "Wagi i biasy poniżej pochodzą z wykładu.",
        "en": "Each neuron adds up its weighted inputs plus a bias — its pre-activation z — and outputs "
              "y = max(z, 0), the ReLU. The network rates how good a fruit is from one number x. "
              "The weights and biases below are the lecture's.",
    },
    "bp.s1.notation": {
        "pl": "Oznaczenia: wᵢⱼₖ to waga wejścia k neuronu j w warstwie i, bᵢⱼ to bias tego neuronu, "
              "zᵢⱼ jego pobudzenie, a yᵢⱼ wyjście.",
        "en": "Notation: wᵢⱼₖ is the weight from input k into neuron j of layer i, bᵢⱼ is that neuron's bias, "
              "zᵢⱼ its pre-activation and yᵢⱼ its output.",
    },
    "bp.view.legend": {"pl": "Schemat pokazuje", "en": "The diagram shows"},
    "bp.view.forward": {"pl": "przejście w przód: z, y", "en": "forward pass: z, y"},
    "bp.view.backward": {"pl": "propagację wsteczną: ∂L/∂z, ∂L/∂w", "en": "backward pass: ∂L/∂z, ∂L/∂w"},
    "bp.diagram.title": {"pl": "Sieć z wykładu", "en": "The lecture's network"},
    "bp.diagram.desc": {
        "pl": "Wejście x połączone z neuronami 11 i 12; oba połączone z neuronem wyjściowym 21, "
              "którego wyjście y₂₁ trafia do funkcji błędu L.",
        "en": "Input x connects to neurons 11 and 12; both connect to the output neuron 21, "
              "whose output y₂₁ goes into the loss L.",
    },
    "bp.diagram.off": {
        "pl": "Linia przerywana: ReLU wyłączone (z ≤ 0), neuron zwraca 0 i nie przepuszcza gradientu.",
        "en": "Dashed outline: ReLU off (z ≤ 0); the neuron outputs 0 and passes no gradient back.",
    },
    "bp.neuron": {"pl": "Neuron {name}", "en": "Neuron {name}"},
    "bp.s2.heading": {
        "pl": "2. Przykład i wartość wymagana (ground truth)",
        "en": "2. A sample and its ground truth",
    },
    "bp.s2.text": {
        "pl": "Jeden przykład uczący: wejście x i wartość yₜᵣᵤₑ, którą sieć powinna dla niego zwrócić. "
              "Na wykładzie owoc opisany liczbą x = 4 ma ocenę yₜᵣᵤₑ = 75.",
        "en": "One training example: the input x and the value yₜᵣᵤₑ the network should output for it. "
              "In the lecture the fruit described by x = 4 has the rating yₜᵣᵤₑ = 75.",
    },
    "bp.sample.legend": {"pl": "Przykład", "en": "Sample"},
    "bp.s3.heading": {
        "pl": "3. Przejście w przód: wartości częściowe i końcowe",
        "en": "3. Forward pass: partial and final values",
    },
    "bp.s3.text": {
        "pl": "Liczymy od wejścia do wyjścia, warstwa po warstwie. Neuron, którego z jest ujemne, zwraca 0: "
              "jego ReLU jest wyłączone.",
        "en": "Compute from the input to the output, layer by layer. A neuron whose z is negative outputs 0: "
              "its ReLU is off.",
    },
    "bp.table.formula": {"pl": "Wzór", "en": "Formula"},
    "bp.table.value": {"pl": "Wartość", "en": "Value"},
    "bp.forward.caption": {"pl": "Wartości w sieci", "en": "Values in the network"},
    "bp.s4.heading": {"pl": "4. Miara błędu (loss)", "en": "4. The loss"},
    "bp.s4.text": {
        "pl": "Błąd mówi, jak daleko wyjście sieci jest od wartości wymaganej. Tu, jak na wykładzie, to kwadrat "
              "różnicy L = (yₜᵣᵤₑ − y₂₁)². Dla jednego przykładu to ta sama liczba co MSELoss w PyTorch.",
        "en": "The loss says how far the network's output is from the ground truth. Here, as in the lecture, it "
              "is the squared difference L = (yₜᵣᵤₑ − y₂₁)². For one sample this is the same number as "
              "PyTorch's MSELoss.",
    },
    "bp.loss.caption": {"pl": "Błąd", "en": "Loss"},
    "bp.s5.heading": {
        "pl": "5. Wsteczna propagacja błędu: gradienty",
        "en": "5. Backpropagation: the gradients",
    },
    "bp.s5.text": {
        "pl": "Jak zmieni się L, gdy trochę zmienimy jedną wagę? Reguła łańcuchowa mnoży pochodne cząstkowe "
              "wzdłuż drogi od błędu do tej wagi: ∂L/∂w = ∂L/∂y · ∂y/∂z · ∂z/∂w. Przełącz schemat w kroku 1 "
              "na propagację wsteczną, aby zobaczyć gradienty na sieci.",
        "en": "How does L change when one weight changes a little? The chain rule multiplies the partial "
              "derivatives along the path from the loss back to that weight: ∂L/∂w = ∂L/∂y · ∂y/∂z · ∂z/∂w. "
              "Switch the diagram in step 1 to the backward pass to see the gradients on the network.",
    },
    "bp.s5.relu": {
        "pl": "Pochodna ReLU wynosi 1 dla z > 0 i 0 dla z < 0. W z = 0 pochodna nie istnieje; przyjmujemy tam 0, "
              "tak jak PyTorch.",
        "en": "The derivative of ReLU is 1 for z > 0 and 0 for z < 0. At z = 0 it is undefined; we take 0 there, "
              "as PyTorch does.",
    },
    "bp.gradients.caption": {"pl": "Gradienty", "en": "Gradients"},
    "bp.chain.heading": {"pl": "Reguła łańcuchowa krok po kroku", "en": "The chain rule, factor by factor"},
    "bp.chain.choose": {"pl": "Parametr", "en": "Parameter"},
    "bp.chain.factor": {"pl": "Czynnik", "en": "Factor"},
    "bp.chain.equals": {"pl": "Czyli", "en": "Which is"},
    "bp.chain.caption": {"pl": "Czynniki iloczynu", "en": "The factors of the product"},
    "chain.zero.exact": {
        "pl": "∂L/∂y₂₁ = 0: wyjście jest równe yₜᵣᵤₑ, więc mała zmiana wag nie zmienia błędu.",
        "en": "∂L/∂y₂₁ = 0: the output equals yₜᵣᵤₑ, so a small change of the weights does not change the loss.",
    },
    "chain.zero.relu_off": {
        "pl": "Ten czynnik jest równy 0, bo {z} = {value} < 0: ReLU jest wyłączone (zwraca 0 i jest tam płaskie), "
              "więc nie przepuszcza gradientu wstecz.",
        "en": "This factor is 0 because {z} = {value} < 0: the ReLU is off (it outputs 0 and is flat there), "
              "so it passes no gradient back.",
    },
    "chain.zero.relu_at_zero": {
        "pl": "Ten czynnik jest równy 0, bo {z} = {value}: w zerze pochodna ReLU nie istnieje, a my, tak jak "
              "PyTorch, przyjmujemy tam 0.",
        "en": "This factor is 0 because {z} = {value}: the derivative of ReLU is undefined at 0, and we take 0 "
              "there, as PyTorch does.",
    },
    "chain.zero.input": {
        "pl": "Ten czynnik jest równy 0, bo {input} = 0: waga {weight} mnoży zero, więc jej zmiana nic nie zmienia.",
        "en": "This factor is 0 because {input} = 0: the weight {weight} multiplies zero, so changing it "
              "changes nothing.",
    },
    "chain.zero.weight": {
        "pl": "Ten czynnik jest równy 0, bo {weight} = 0: neuron {neuron} nie wpływa na wyjście.",
        "en": "This factor is 0 because {weight} = 0: neuron {neuron} has no effect on the output.",
    },
    "bp.s6.heading": {"pl": "6. Aktualizacja wag", "en": "6. Weight update"},
    "bp.s6.text": {
        "pl": "Każdy parametr przesuwamy przeciwnie do jego gradientu: w ← w − γ·∂L/∂w, gdzie γ to "
              "współczynnik uczenia (learning rate). Wykład nie podaje γ; 0.001 to nasz wybór.",
        "en": "Every parameter moves against its gradient: w ← w − γ·∂L/∂w, where γ is the learning rate. "
              "The lecture gives no value for γ; 0.001 is our choice.",
    },
    "bp.s6.hint": {
        "pl": "Naciśnij „Krok” i obserwuj błąd. Czy γ = 0.001 nie jest za duże dla tej sieci? Porównaj z "
              "γ = 0.0001. Gdy z₂₁ spadnie poniżej zera, ReLU na wyjściu się wyłącza: wszystkie gradienty są "
              "równe 0 i kolejne kroki niczego nie zmieniają.",
        "en": "Press Step and watch the loss. Is γ = 0.001 too large for this network? Compare with "
              "γ = 0.0001. Once z₂₁ drops below zero the output ReLU is off: every gradient is 0 and further "
              "steps change nothing.",
    },
    "bp.lr.legend": {"pl": "Współczynnik uczenia", "en": "Learning rate"},
    "bp.update.caption": {"pl": "Parametry i ich gradienty", "en": "Parameters and their gradients"},
    "bp.update.param": {"pl": "Parametr", "en": "Parameter"},
    "bp.update.before": {"pl": "Przed krokiem", "en": "Before the step"},
    "bp.update.now": {"pl": "Teraz", "en": "Now"},
    "bp.update.next": {"pl": "Po następnym kroku", "en": "After the next step"},
    "bp.recompute": {"pl": "Przelicz", "en": "Recompute"},
    "bp.step": {"pl": "Krok: zaktualizuj wagi", "en": "Step: update the weights"},
    "bp.reset": {"pl": "Przywróć wartości z wykładu", "en": "Reset to the lecture's values"},
    "bp.last_step": {"pl": "Ostatni krok: błąd {old} → {new}.", "en": "Last step: loss {old} → {new}."},
    "bp.advice.too_big": {
        "pl": "Błąd wzrósł z {old} do {new}: γ = {lr} jest za duże dla tego przykładu. Gradienty są tu rzędu "
              "setek (∂L/∂w₂₁₁ = −700), więc krok γ·∂L/∂w przeskakuje minimum zamiast do niego podejść — to "
              "właśnie pokazuje slajd 8.",
        "en": "The loss rose from {old} to {new}: γ = {lr} is too big for this example. The gradients here are in "
              "the hundreds (∂L/∂w₂₁₁ = −700), so the step γ·∂L/∂w jumps over the minimum instead of moving "
              "towards it — the point of slide 8.",
    },
    "bp.advice.dead": {
        "pl": "Co gorsza, z₂₁ < 0: wyjściowy ReLU zwraca 0 i nie przepuszcza gradientu, więc żaden kolejny krok "
              "niczego już nie zmieni (neuron „umarł”).",
        "en": "Worse, z₂₁ < 0: the output ReLU returns 0 and passes no gradient, so no further step changes "
              "anything (the neuron has died).",
    },
    "bp.advice.use": {"pl": "Ustaw γ = {lr} i spróbuj jeszcze raz", "en": "Set γ = {lr} and try again"},
    "bp.chart.title": {"pl": "Błąd po kolejnych krokach", "en": "Loss after each step"},
    "bp.chart.x": {"pl": "krok", "en": "step"},
    "bp.chart.y": {"pl": "błąd L", "en": "loss L"},
    "bp.chart.summary": {
        "pl": "Wykonane kroki: {steps}. Błąd teraz: {loss}.",
        "en": "Steps done: {steps}. Loss now: {loss}.",
    },
    "step.limit": {
        "pl": "Historia mieści najwyżej {max} kroków. Naciśnij „Przywróć wartości z wykładu”, aby zacząć od nowa.",
        "en": "The history holds at most {max} steps. Press “Reset to the lecture's values” to start again.",
    },
    "step.diverged": {
        "pl": "Rozbieżność: ten krok wyprowadziłby {param} poza zakres ±{limit}. Zmniejsz γ albo przywróć "
              "wartości z wykładu. Krok nie został wykonany.",
        "en": "Diverged: this step would take {param} beyond ±{limit}. Lower γ or reset to the lecture's values. "
              "The step was not applied.",
    },
    "bp.nonfinite": {
        "pl": "Obliczenia wyszły poza zakres liczb (przepełnienie): sieć się rozbiegła. Przywróć wartości z wykładu.",
        "en": "The computation overflowed: the network diverged. Reset to the lecture's values.",
    },
}
