"""Translations: one function (``i18n.tr``) over data catalogs, every catalog complete and its fields the
English ones, the Japanese font chosen when a text needs it, Japanese lines broken without spaces, a
Japanese briefing that reads, and the language option kept between runs."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pygame
import pytest
import test_ui_text_fit as text_fit
from ui_helpers import key, settle, start_battle

from layzner_tactics import i18n
from layzner_tactics.data import load_catalog
from layzner_tactics.scenario.library import user_scenarios_dir
from layzner_tactics.scenario.template import new_mission_text
from layzner_tactics.ui import widgets
from layzner_tactics.ui.app import App, open_display
from layzner_tactics.ui.menus import BriefingScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.options_menu import OptionsScene

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "layzner_tactics"
CATALOGS = sorted(i18n.LANG_DIR.glob("*.toml"))
BRIEFING_JA = (
    "火星、一九九六年。グラドス軍の偵察隊が着陸場へ向かっている。"
    "アンナのバギーを東の着陸場まで送り届けろ。砂嵐が近づいている、急げ。"
)


@pytest.fixture(autouse=True)
def english_after():
    """Every test leaves the UI in English, with no fonts or texts cached for another language."""
    yield
    if pygame.font.get_init():
        widgets.use_language("en")
    else:
        i18n.set_language("en")


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def code_texts() -> dict[str, str]:
    """Every text the code passes to ``tr``, marks with ``N_`` or says with ``T_`` (a ``Text`` below the
    UI), as written, with where it first is."""
    out: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "N_", "T_")
                and node.args
            ):
                for text in _literals(node.args[0]):
                    out.setdefault(text, f"{path.relative_to(ROOT)}:{node.lineno}")
    return out


def catalog_texts() -> dict[str, str]:
    """The texts of the bundled stat catalog the screens show translated: each terrain's name as
    written ("Ruins", a panel's heading), in lower case ("ruins", in a sentence of the log or of Rei)
    and its description. Unit and weapon names are names, shown as written."""
    out: dict[str, str] = {}
    for tid, terrain in load_catalog().terrain.items():
        for text in (terrain.name, terrain.name.lower(), terrain.description):
            if text:
                out.setdefault(text, f"data/catalog/terrain.toml: {tid}")
    return out


def shown_texts() -> dict[str, str]:
    return {**catalog_texts(), **code_texts()}


def test_the_code_translates_its_texts():
    """The finder finds the texts (a broken finder would make the completeness tests vacuous)."""
    texts = code_texts()
    assert len(texts) > 300
    assert {"New Campaign", "TURN {turn}/{turns}", "Cursor up", "Victory after {n} turn(s)"} <= set(texts)
    # and the texts said below the UI (``T_``): the log's lines, the end reasons, Rei's advice
    said = {"{unit} moves {n} tile(s)", "the turn limit ({turns}) passed", "no counter", "{pilot}: {fate}"}
    assert said <= set(texts)
    assert {"Ruins", "ruins", "Flat concrete with painted markings."} <= set(catalog_texts())


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_every_catalog_has_every_text_of_the_code(path):
    messages = i18n.read_catalog(path).messages
    missing = [f"{where}: {text!r}" for text, where in shown_texts().items() if text not in messages]
    assert not missing, f"{path.name} lacks {len(missing)} texts:\n" + "\n".join(missing)


def test_english_is_the_template_of_exactly_the_code_texts():
    english = i18n.read_catalog(i18n.LANG_DIR / "en.toml")
    assert english.code == i18n.DEFAULT and english.font == "default"
    stale = sorted(set(english.messages) - set(shown_texts()))
    assert not stale, f"en.toml has texts the code no longer shows: {stale}"
    assert all(k == v for k, v in english.messages.items())


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_a_catalog_uses_the_english_fields(path):
    """``read_catalog`` refuses a mismatch; here every shipped catalog is read, and its fields listed."""
    for english, translated in i18n.read_catalog(path).messages.items():
        assert set(i18n.fields_of(translated) or []) == set(i18n.fields_of(english) or []), english


def test_a_wrong_field_is_refused_with_file_and_line(tmp_path):
    bad = tmp_path / "xx.toml"
    bad.write_text(
        '[language]\nname = "X"\n\n[messages]\n"New Campaign" = "N"\n'
        '"TURN {turn}/{turns}" = "T {turn}/{tunrs}"\n',
        encoding="utf-8",
    )
    with pytest.raises(i18n.CatalogError) as err:
        i18n.read_catalog(bad)
    assert err.value.line == 6
    assert "xx.toml:6:" in str(err.value) and "tunrs" in str(err.value)


@pytest.mark.parametrize(
    "translated",
    ["{turn.__class__}", "{turn[0]}", "{turn!r}", "{turn:{turns}}", "{turn"],
)
def test_a_catalog_cannot_reach_past_its_fields(tmp_path, translated):
    """A field is a name the code gives, never an attribute, an index or a conversion of it."""
    bad = tmp_path / "xx.toml"
    bad.write_text(
        f'[language]\nname = "X"\n[messages]\n"Turn {{turn}}" = "{translated}"\n', encoding="utf-8"
    )
    with pytest.raises(i18n.CatalogError):
        i18n.read_catalog(bad)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("not toml [", "not TOML"),
        ("[messages]\n", "[language]"),
        ('[language]\nname = "X"\nfont = "gothic"\n', "font"),
        ('[language]\nname = "X"\n[messages]\n"Back" = 3\n', "must be text"),
    ],
)
def test_a_broken_catalog_says_what_is_wrong(tmp_path, text, problem):
    bad = tmp_path / "xx.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(i18n.CatalogError, match=r"xx\.toml") as err:
        i18n.read_catalog(bad)
    assert problem in str(err.value)


def test_tr_translates_fills_fields_and_falls_back_to_english():
    assert i18n.tr("TURN {turn}/{turns}", turn=2, turns=9) == "TURN 2/9"
    assert i18n.set_language("ja") == "ja"
    assert i18n.language() == "ja" and i18n.wide_font()
    assert i18n.tr("TURN {turn}/{turns}", turn=2, turns=9) == "ターン 2/9"
    assert i18n.tr("New Campaign") == "ニューゲーム"
    assert i18n.tr("A text no catalog has: {x}", x=1) == "A text no catalog has: 1"
    assert i18n.N_("Back") == "Back"
    assert i18n.set_language("tlh") == "en"  # no such catalog: English
    assert i18n.tr("New Campaign") == "New Campaign" and not i18n.wide_font()


def test_the_languages_are_the_catalog_files_english_first():
    langs = i18n.languages()
    assert langs[0] == ("en", "English")
    assert ("ja", "日本語") in langs
    assert [c for c, _ in langs] == ["en", *sorted(p.stem for p in CATALOGS if p.stem != "en")]


def test_the_japanese_catalog_is_japanese():
    """Every entry translated (a copied English line would pass the completeness test), in the wide font."""
    ja = i18n.read_catalog(i18n.LANG_DIR / "ja.toml")
    assert ja.font == "wide"
    # names (V-MAX, HP, keys) may stay as they are; every line gains Japanese script or full-width marks
    kana_or_kanji = [t for t in ja.messages.values() if any("\u3000" <= c <= "\uffef" for c in t)]
    untranslated = [e for e, t in ja.messages.items() if t == e and any(c.isalpha() for c in e)]
    assert not untranslated, untranslated
    assert len(kana_or_kanji) == len(ja.messages)


# ------------------------------------------------------------------ the font


def test_the_bundled_font_ships_with_its_licence_and_package_data():
    font = widgets.WIDE_FONT
    assert font.is_file() and font.stat().st_size < 2_500_000
    licence = (font.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "M+ FONTS Project" in licence
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["*"]
    assert "*.otf" in package_data and "*.toml" in package_data and "*.txt" in package_data


def _image(f: pygame.font.Font, msg: str) -> bytes:
    return pygame.image.tobytes(f.render(msg, True, (255, 255, 255)), "RGBA")


def test_a_kanji_renders_as_glyphs_not_as_the_default_fonts_boxes(app):
    """pygame's default font draws every kanji as the same missing-glyph box; the font chosen for a
    text with kanji (the bundled one) draws each as itself."""
    default, wide = widgets.font(24), widgets.font(24, False, True)
    assert len({_image(default, c) for c in "漢字火"}) == 1  # the premise: the default font has no kanji
    for c in "漢字火":
        assert _image(widgets.font_for(c, 24), c) == _image(wide, c)
    assert len({_image(widgets.font_for(c, 24), c) for c in "漢字火"}) == 3
    # a Latin text keeps the default font, and so does an accented one the default font has
    for msg in ("Blue Dust", "Élisabeth"):
        assert _image(widgets.font_for(msg, 24), msg) == _image(default, msg) != _image(wide, msg)


def _missing_glyphs(f: pygame.font.Font, chars: set[str]) -> list[str]:
    """The characters ``f`` draws as its missing-glyph box (the box of a noncharacter)."""
    box = _image(f, "\uffff")
    return sorted(
        c for c in chars if c.strip() and f.metrics(c)[0] == f.metrics("\uffff")[0] and _image(f, c) == box
    )


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_every_character_of_a_catalog_has_a_glyph_in_its_font(app, path):
    """A translation may only use characters its font draws: M PLUS 1 has no arrows, infinity or
    full-width slash, and a tofu box there is as bad as an untranslated line."""
    catalog = i18n.read_catalog(path)
    f = widgets.font(22, False, catalog.font == "wide")
    assert _missing_glyphs(f, set("".join(catalog.messages.values()))) == []
    assert _missing_glyphs(f, set("→∞")) == list("→∞")  # the check finds a missing glyph


def test_japanese_is_broken_into_lines_without_spaces(app):
    lines = widgets.wrap(BRIEFING_JA, 22, 300)
    assert len(lines) > 2 and "".join(lines) == BRIEFING_JA
    f = widgets.font_for(BRIEFING_JA, 22)
    assert all(f.size(line)[0] <= 300 for line in lines)
    # kinsoku: no line starts with a closing mark
    assert not any(line[0] in widgets.NO_BREAK_BEFORE for line in lines[1:])
    # English still breaks at spaces only
    assert widgets.wrap("Anna's buggy must reach the pad", 22, 120) == [
        "Anna's buggy",
        "must reach the",
        "pad",
    ]


def _japanese_mission(home: Path) -> str:
    text = (
        new_mission_text("nihongo", "赤い砂の着陸場")
        .replace(
            "Anna's buggy must reach the landing pad in the east before the Grados patrol closes in.",
            BRIEFING_JA,
        )
        .replace("Get Anna's buggy to the landing pad", "アンナのバギーを着陸場へ")
    )
    folder = user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nihongo.toml").write_text(text, encoding="utf-8")
    return "nihongo"


def _drawn(app: App, scene) -> list[widgets.DrawnText]:
    with widgets.recording(app.screen) as log:
        scene.draw(app.screen)
    return log.texts


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_japanese_briefing_reads(app, tmp_path, language):
    """A user's mission written in Japanese: its title, story and objective are drawn whole, in lines
    that fit the page, with Japanese glyphs (in an English UI too)."""
    widgets.use_language(language)
    scene = BriefingScene(app, _japanese_mission(tmp_path))
    assert scene.mission is not None, scene.error
    texts = _drawn(app, scene)
    shown = [t.text for t in texts]
    assert "赤い砂の着陸場" in shown
    story = [t for t in texts if t.text and t.text[0] in BRIEFING_JA and t.text in BRIEFING_JA]
    assert "".join(t.text for t in story) == BRIEFING_JA  # every character, none cut off
    page = app.screen.get_rect().inflate(-80, -80)
    assert all(page.contains(t.rect) for t in story)
    assert any("アンナのバギーを着陸場へ" in s for s in shown)
    assert ("作戦目標" in shown) == (language == "ja") and ("Objectives" in shown) == (language == "en")
    title = "赤い砂の着陸場"
    assert _image(widgets.font_for(title, 56, True), title) == _image(widgets.font(56, True, True), title)


# ------------------------------------------------------------------ the option


def test_the_language_is_kept_between_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    Options(language="ja").save()
    assert Options.load().language == "ja"
    assert Options().language == "en"


def test_options_change_the_language_at_once_and_remember_it(app):
    app.stack = [TitleScene(app)]
    scene = OptionsScene(app)
    app.stack.append(scene)
    keys = [it.key for it in scene.menu.items]
    for _ in range(keys.index("language")):
        scene.handle(key(pygame.K_DOWN))
    assert scene.menu.items[scene.menu.index].key == "language"
    scene.handle(key(pygame.K_RIGHT))
    assert app.options.language == "ja" and i18n.language() == "ja"
    assert Options.load().language == "ja"
    shown = [t.text for t in _drawn(app, scene)]
    assert "オプション" in shown and "言語 (Language)" in shown and any("日本語" in s for s in shown)
    # back at the title, its menu is rebuilt in the new language
    title = app.stack[0]
    title.resumed()
    assert "ニューゲーム" in [t.text for t in _drawn(app, title)]
    scene.handle(key(pygame.K_RIGHT))  # and round again to English
    assert app.options.language == "en" and Options.load().language == "en"
    assert "Options" in [t.text for t in _drawn(app, scene)]


def test_a_new_window_opens_in_the_remembered_language(app):
    app2 = App(app.screen, Options(language="ja"))
    assert i18n.language() == "ja"
    assert "ミッション選択" in [t.text for t in _drawn(app2, TitleScene(app2))]


# ------------------------------------------------------------------ Japanese screens fit


@pytest.fixture(params=text_fit.SIZES, ids=lambda s: f"{s[0][0]}x{s[0][1]}-{s[1]}%")
def ja_app(request, tmp_path, monkeypatch):
    """The windows and UI scales of ``test_ui_text_fit``, in Japanese."""
    size, percent, held = request.param
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    options = Options(language="ja", ui_scale=percent)
    options.window = size
    opened = open_display(options, True)
    assert not isinstance(opened, str), opened
    screen = pygame.display.set_mode(size)
    app = App(screen, options)
    assert i18n.language() == "ja"
    assert widgets.scale() == pytest.approx(held)
    yield app
    widgets.use_language("en")
    widgets.set_scale(1.0)
    pygame.quit()


def test_japanese_menus_fit(ja_app):
    """Every menu text in Japanese fits its box and overlaps no other (the English walk, in Japanese)."""
    text_fit.test_menus_fit(ja_app)


@pytest.mark.parametrize("mission", text_fit.MISSIONS)
def test_every_japanese_battle_panel_fits(ja_app, mission):
    text_fit.test_every_battle_panel_fits(ja_app, mission)


# ------------------------------------------------------------------ texts said below the UI


def test_a_text_is_english_by_str_and_translated_whole_by_tr():
    """A ``Text`` keeps the English msgid and its fields: ``str()`` is the English line in any
    language, ``tr`` translates it with every text nested in its fields; names stay as written."""
    said = i18n.T_(
        "{unit} could strike there next phase: {chance} % for {damage}", unit="Baybull", chance=25, damage=800
    )
    line = i18n.Join(", ", (i18n.T_("no counter"), said), capital=True)
    english = "No counter, Baybull could strike there next phase: 25 % for 800"
    assert str(line) == english and i18n.tr(line) == english
    i18n.set_language("ja")
    assert str(line) == english  # the lower layers' English does not follow the language
    assert i18n.tr(line) == "反撃なし、次のフェイズにBaybullがそこを攻撃しうる：25 %で800"
    assert not i18n.Text("") and not i18n.Join(", ", ()) and i18n.T_("Hold here")


def test_the_lower_layers_say_the_same_english_in_any_language():
    """The engine's log lines, its end reason and Rei's advice do not change with the UI's language,
    nor do the game they describe (its hash) and the advice's actions: only ``tr`` translates them."""
    from layzner_tactics.ai import rei
    from layzner_tactics.ai.policy import make_policy
    from layzner_tactics.campaign import training_mission
    from layzner_tactics.engine import (
        EventNames,
        describe_event,
        event_text,
        legal_actions,
        new_game,
        observe,
    )
    from layzner_tactics.sim.match import play_match

    mission = training_mission()
    setup = mission.setup
    names = EventNames.of(setup, {str(k): v for k, v in mission.unit_names.items()})

    def played() -> tuple[list[str], list[str], str, str, str, tuple]:
        policies = {s.id: make_policy(s.ai, s.id, 7, s.posture) for s in mission.sides}
        result = play_match(setup, 7, policies, keep_events=True)
        log = [describe_event(e, names) for e in result.events]
        shown = [i18n.tr(event_text(e, names)) for e in result.events]
        start = new_game(setup, 7)
        side = start.side_to_act
        first = min(u for u, unit in start.units.items() if unit.side == side)
        advice = rei.advise(observe(start, side), legal_actions(start), first)
        assert advice is not None
        return log, shown, result.final_hash, result.outcome.reason, str(advice.reason), advice.actions

    english, shown_en, hash_en, reason_en, advice_en, actions_en = played()
    assert shown_en == english and len(english) > 5
    i18n.set_language("ja")
    log_ja, shown_ja, hash_ja, reason_ja, advice_ja, actions_ja = played()
    assert (log_ja, hash_ja, reason_ja, advice_ja, actions_ja) == (
        english,
        hash_en,
        reason_en,
        advice_en,
        actions_en,
    )
    assert shown_ja[0].startswith("ターン1：") and not any(
        a == b for a, b in zip(shown_ja, english, strict=True)
    )
    assert "勝利" in shown_ja[-1] or "引き分け" in shown_ja[-1]


def test_the_battle_log_and_reis_advice_read_in_japanese(app):
    """In a Japanese UI the battle screen draws the engine's log lines and Rei's advice in Japanese
    (the game and the advice unchanged: their English stays the same), with Japanese glyphs."""
    from layzner_tactics.ui.battle import readouts

    widgets.use_language("ja")
    battle = start_battle(app)
    assert battle.log[0] == "ターン1：Earthフェイズ"
    app.step([key(pygame.K_r)])  # ask Rei
    advice = battle.advice
    assert advice is not None and advice.actions
    name = battle.unit_name(advice.unit)
    assert battle.advice_text == f"{name}: {i18n.tr(advice.reason)}" != f"{name}: {advice.reason}"
    assert any(w in battle.advice_text for w in ("視界内に敵なし", "そこを攻撃しうる", "射程外"))
    said = [line for line, _ in readouts.advice_lines(battle)]
    assert any(line.startswith("推定：") and "生命反応" in line for line in said)
    _all_drawn(app, battle, said)

    app.step([key(pygame.K_g)])  # follow the advice: moves and strikes fill the log
    settle(app, battle)
    struck = [line for line in battle.log if "を攻撃（" in line or "に反撃（" in line]
    assert struck, battle.log
    _all_drawn(app, battle, struck[-1:])


def _all_drawn(app: App, scene, lines: list[str]) -> None:
    """Every character of ``lines`` is drawn (wrapped, none cut off), kanji in a font that has them."""
    drawn = _drawn(app, scene)
    joined = "".join(t.text for t in drawn).replace(" ", "")
    for line in lines:
        assert line.replace(" ", "") in joined, line
    kanji = [t.text for t in drawn if any("\u4e00" <= c <= "\u9fff" for c in t.text)]
    wide = widgets.font(20, False, True)
    assert kanji and all(_image(widgets.font_for(t, 20), t) == _image(wide, t) for t in kanji)
