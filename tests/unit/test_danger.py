"""The deterministic danger check: danger now is caught, history and worry are not."""

from __future__ import annotations

import pytest

from hulpwijzer.danger import detect_danger, says_not_now

DANGER_NOW = [
    "hij slaat me nu",
    "er staat iemand met een mes voor de deur",
    "help mijn vriend knijpt mijn keel dicht",
    "hij zegt dat hij me vanavond vermoordt",
    "ik zit opgesloten in de badkamer",
    "ze bloedt heel erg",
    "mijn buurman is zijn vrouw aan het wurgen",
    "hij heeft een mes",
    "hij heeft n mess",
    "Ik woon in Lelystad en maak me al lang zorgen over de buren, en nu hoor ik hem "
    "schreeuwen dat hij haar gaat vermoorden",
    "hij trapt de deur in",
    "hij staat met een pistool in de kamer",
    "ik hoor de buurkinderen gillen en hij slaat ze",
    "mijn vader slaat mijn moeder nu",
    "HELPPP hij wurgt haar",
    "hij dreigt me te vermoorden",
    "mijn moeder reageert niet meer",
    "hij heeft zn handen om me nek",
    "hij gaat me vermoorde",
    "we hebben al jaren problemen en ik heb al met het wijkteam gepraat, maar vanavond "
    "trapt hij de deur van de badkamer in",
    "bel 112 hij slaat haar",
    # A state now after an act in the past tense: the act is history, the state is not.
    "hij sloeg haar en nu beweegt ze niet meer",
    "mijn vader duwde mijn moeder van de trap, ze is bewusteloos",
    "hij schopte de hond en nu bloedt mijn zusje ook",
    # Held inside now.
    "mijn man laat me het huis niet uit en heeft mijn telefoon afgepakt",
    "hij laat de kinderen de kamer niet uit",
    "ze houdt me hier vast in de schuur",
    # A cry for help beside violence, violence that goes on, heard or seen now.
    "help!! mijn stiefvader slaat mijn moeder",
    "snel, mijn broer wordt geschopt op het schoolplein",
    "hij schopt haar en houdt niet op",
    "ik hoor bij de bovenburen gegil en harde klappen",
    "de vrouw hiernaast roept om hulp",
    "ik zie door het raam hoe hij haar tegen de muur duwt",
    "de oppas is mijn broertje aan het slaan",
    "mijn oom heeft mijn tante net in elkaar geslagen",
    "ik ben net in mijn gezicht geslagen en hij staat nog in de gang",
    # Followed, hiding, held, taken.
    "mijn ex rijdt al een kwartier achter me aan",
    "hij volgt me nu met de auto",
    "ik heb me verstopt op zolder want hij is woedend",
    "twee mannen trekken mijn zus een busje in",
    "ze hebben me vastgebonden aan een stoel",
    "hij probeert bij ons in te breken",
    "hij trapt de ramen kapot",
    # Said outright, and in English.
    "ik ben echt in gevaar",
    "ik ben hier niet veilig, kom alsjeblieft",
    "he has a knife and he is drunk",
    "my stepdad is hitting my mum right now",
    "she's bleeding a lot",
    "please send the police",
    "I'm in danger",
    # Threats in other words.
    "hij zegt dat hij me afmaakt als ik ga",
    "hij dreigt haar dood te steken",
    "vannacht ben je dood, schreef hij net",
    # Heard now without a hitting verb; passed on a moment ago; kept inside; drugged.
    "het gebonk houdt niet op en ik hoor een vrouw roepen hou op",
    "glas breekt beneden en mijn zusje zegt stop stop",
    "mijn vriendin appte me net dat hij haar niet laat gaan en dat ze bang is",
    "zojuist een spraakbericht van mijn moeder, ze fluisterde help",
    "haar familie zegt dat ze de deur niet uit mag en ze hebben haar telefoon",
    "ze mag al een week het huis niet uit van haar man",
    "er zit iets in mijn drankje gedaan denk ik, alles draait",
    "die man blijft me shotjes geven en nu ben ik zo duizelig",
    # Harm about to arrive: coming home or back soon, on the way, heard on the stairs,
    # with a threat or earlier violence (which must not silence it).
    "mijn ex komt vanavond om 8 uur terug en zei dat hij me te pakken krijgt",
    "hij kwam net binnen, hij is dronken en zei dat ik dood ben",
    "ik hoor haar vriend aankomen, vorige maand sloeg hij haar neus kapot",
    "mijn oom is onderweg naar ons toe en dreigt de deur in te trappen",
    # Someone hurt and unattended now.
    "mn opa ligt op de vloer in de badkamer en reageert amper",
    "mijn broertje is gevallen en ademt bijna niet",
]
NOT_NOW = [
    "vroeger sloeg hij me",
    "vorig jaar had hij een mes",
    "ik weet nu niet wat ik moet doen",
    "wat moet ik nu doen",
    "ik maak me nu al weken zorgen",
    "ze sneed groenten met een mes",
    "hij dreigde toen met een mes maar nu woon ik alleen",
    "er is nu geen gevaar",
    "hij is nu weg",
    "nee niet nu",
    "mijn buurvrouw wordt geslagen denk ik",
    "hoe meld ik kindermishandeling",
    "mijn ex stalkt me",
    "ik wil niet meer leven",
    "masker 19",
    "ik ben gisteren verkracht",
    "kan ik anoniem bellen",
    "ik snijd de groente met een groot mes, hoe slijp ik dat",
    "hij heeft me ooit gewurgd en ik ben nog steeds bang",
    "vorig jaar sloeg hij me bewusteloos",
    "als kind werd ik opgesloten in de kelder",
    "ik ben toen bewusteloos geraakt, dat is lang geleden",
    "hij laat me nooit alleen de deur uit",
    # Habits and reports, not now: Veilig Thuis, not 112.
    "mijn vader slaat me vaak als hij dronken is",
    "ik hoor dat de buurvrouw geslagen wordt, wat kan ik doen",
    "ik hoor van mijn dochter dat haar vriend haar slaat",
    "mijn ex volgt me overal",
    "mijn moeder wordt in het verpleeghuis vastgebonden in bed",
    "ik zoek hulp omdat mijn man me slaat",
    "is mijn kind in gevaar als hij zo boos wordt?",
    "ik voel me niet veilig bij mijn vriend",
    "hij heeft me net verkracht maar hij is nu weg",
    "ik ben een keer gewurgd door mijn ex en durf nu niet meer alleen te zijn",
    "help, hoe meld ik iets anoniem",
    "hij slaat de deur altijd hard dicht",
    "mijn vriend volgt me met een app op mijn telefoon",
    # Noise, relays and drinks that are history, habit or harmless.
    "elke zaterdag gebonk bij de buren en dan roept ze hou op",
    "vorig jaar hoorde ik glas breken en zei ze stop stop",
    "mijn moeder appte me net dat ze later thuis is",
    "van twee biertjes word ik altijd duizelig",
    "mijn dochter mag van mij na tienen het huis niet uit, is dat streng?",
    "iedere avond komt hij dronken thuis en dan slaat hij",
    "mijn vriend komt straks thuis, we gaan samen koken",
    "twee jaar geleden kwam hij dronken thuis en sloeg hij me",
]


@pytest.mark.parametrize("text", DANGER_NOW)
def test_danger_now_is_caught(text: str) -> None:
    assert detect_danger(text) is not None


@pytest.mark.parametrize("text", NOT_NOW)
def test_no_alarm_for_history_worry_or_negation(text: str) -> None:
    assert detect_danger(text) is None


def test_signal_says_why() -> None:
    signal = detect_danger("hij knijpt mijn keel dicht")
    assert signal is not None and signal.category == "strangling" and signal.cue


@pytest.mark.parametrize("text, danger", [
    # A past or a habit silences its own clause, not a later one that says "nu".
    ("vorig jaar sloeg hij me, nu staat hij met een mes voor de deur", True),
    ("hij heeft me vroeger vaak geslagen maar nu staat hij hier met een mes", True),
    ("vroeger sloeg hij me elke week, nu zegt hij dat hij me komt vermoorden", True),
    ("vorig jaar had hij een mes, nu woon ik alleen", False),
    ("hij sloeg me vroeger, nu gaat het goed met me", False),
    ("ik ben nu veilig, hij stond toen met een mes voor de deur", False),
])
def test_a_later_clause_with_now_is_read_on_its_own(text: str, danger: bool) -> None:
    assert (detect_danger(text) is not None) == danger


@pytest.mark.parametrize("text", [
    "zodra hij dronken is gooit hij met stoelen. nu is hij naar zijn werk gelukkig",
    "hij dreigde altijd dat hij me zou vermoorden. nu is het uit en woont hij in duitsland",
    "jaren terug heeft mijn broer mijn vader met een hamer bedreigd",
    "gisteren heeft hij me gewurgd tot ik bijna flauwviel, vandaag doet hij alsof er niks is",
    "als ik nee zeg gooit hij met dingen. niet op dit moment, maar het wordt erger",
    "die true crime podcast over een vrouw die 20 jaar werd opgesloten is heftig",
    "my mom is literally gonna kill me 💀",
])
def test_a_now_that_says_it_is_over_or_not_real_is_no_danger_now(text: str) -> None:
    assert detect_danger(text) is None


@pytest.mark.parametrize("text, not_now", [
    ("elke vrijdag slaat hij deuren kapot, nu slaapt hij zijn roes uit", True),
    ("met 13 schopte mn vader me, nu woon ik op kamers", True),
    ("elke vrijdag slaat hij, en nu slaat hij weer", False),
])
def test_says_not_now_reads_a_safe_now(text: str, not_now: bool) -> None:
    assert says_not_now(text) is not_now


@pytest.mark.parametrize("text", [
    "pa geeft me klappen als ik te laat thuis ben",
    "ze schopt hem wanneer ze boos wordt",
    "my stepdad hits my mom when he drinks",
    "als hij gedronken heeft duwt hij me tegen de kast",
])
def test_a_habit_stated_as_its_condition_is_not_now(text: str) -> None:
    assert says_not_now(text)


@pytest.mark.parametrize("text", [
    "als ik nu niet opendoe slaat hij de deur in",
    "hij is boos en slaat me nu",
])
def test_a_condition_beside_now_is_still_now(text: str) -> None:
    assert not says_not_now(text)


@pytest.mark.parametrize("text", [
    "mijn tante belde gillend en nu neemt ze niet meer op",
    "buurmeisje appte 'kom snel' en daarna niks meer, haar vader drinkt als hij boos is",
    "my sister texted 'help' and then nothing",
])
def test_a_cry_then_silence_is_danger_now_whatever_habit_is_told_beside_it(text: str) -> None:
    signal = detect_danger(text)
    assert signal is not None and signal.category == "cry_then_silence"


@pytest.mark.parametrize("text", [
    "ik appte hem gisteravond en daarna niks meer, ghosting denk ik",
    "vorige zomer belde ze huilend en daarna niets meer, nu gaat het goed met haar",
    "ik stuurde haar een kaartje en toen niks meer gehoord",
    "mn vriendin appte 'ben je thuis?' en daarna niks meer",
])
def test_silence_after_ones_own_message_or_long_ago_is_not_danger_now(text: str) -> None:
    assert detect_danger(text) is None


@pytest.mark.parametrize("text", [
    "morgenochtend zetten ze me in het vliegtuig naar marokko, ik moet daar met mijn neef trouwen",
    "om 6 uur vertrekken we naar het vliegveld en mijn vader zegt dat ik niet meer terug mag",
    "mijn ouders nemen mijn zusje vanavond mee naar somalie om haar te laten besnijden, we vertrekken naar schiphol",
])
def test_being_taken_abroad_soon_to_be_married_off_cut_or_left_is_danger_now(text: str) -> None:
    signal = detect_danger(text)
    assert signal is not None and signal.category == "taken_abroad"


@pytest.mark.parametrize("text", [
    "morgen vliegen we naar turkije op vakantie, ik heb er zin in",
    "mijn nicht is vorig jaar uitgehuwelijkt, vroeger gingen we elk jaar naar marokko",
    "wat kan ik doen als mijn ouders me volgende zomer naar pakistan brengen om te trouwen",
])
def test_a_holiday_the_past_or_a_later_summer_is_not_taken_abroad_now(text: str) -> None:
    signal = detect_danger(text)
    assert signal is None or signal.category != "taken_abroad"


def test_abuse_expected_tonight_is_not_silenced_by_always() -> None:
    assert detect_danger("mn stiefopa komt vanavond logeren bij ons en hij zit altijd aan me") is not None
    # Without a time today it is a habit: no 112 first on that alone.
    assert detect_danger("mn stiefopa komt elke maand logeren bij ons en hij zit altijd aan me") is None


def test_someone_found_down_and_cold_is_danger_now_even_with_yesterday_in_the_message() -> None:
    text = ("ik kom bij mijn moeder, ze ligt in de gang op de vloer, de buurvrouw zag haar gisteren "
            "nog lopen maar nu is ze koud en reageert ze niet")
    assert detect_danger(text) is not None


@pytest.mark.parametrize("text", [
    "mijn stiefvader deed dingen bij me toen ik klein was. ik ben nu 40 en ik droom er nog over",
    "hij gooit met stoelen als hij verliest. niet op dit moment hoor, maar het wordt erger",
    "gisteravond heeft mijn broer me tegen de kast geduwd",
    "haar man heeft haar gister een blauw oog geslagen",
    "زوجي يصرخ علي ودائما يضربني عندما يشرب",
])
def test_an_age_now_a_not_now_and_last_night_weigh_against_the_models_word(text: str) -> None:
    assert says_not_now(text)


@pytest.mark.parametrize("text", [
    "ik ben nu 13 en mijn vader slaat mijn moeder nu",
    "hij schopt haar nu, ik kan nu even niet bellen",
])
def test_an_age_or_not_now_beside_violence_now_does_not_silence_it(text: str) -> None:
    assert detect_danger(text) is not None


def test_it_coming_back_is_a_memory_not_someone_arriving() -> None:
    assert detect_danger("ik ben jaren misbruikt, ik ben nu 30 en het komt elke nacht terug in mn dromen") is None


def test_since_last_night_is_still_going_on_not_past() -> None:
    assert not says_not_now("mijn zusje van 2 is alleen thuis sinds gisteravond en ze huilt")
    assert says_not_now("mijn zusje was gisteravond alleen thuis en huilde")
