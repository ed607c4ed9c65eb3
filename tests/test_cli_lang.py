"""The `wicara` command's own messages in the interface language: WICARA_UI_LANGUAGE or --ui-lang, default id."""

from __future__ import annotations

from click.testing import CliRunner

from coach.cli import main


def _create(tmp_path, *args: str, **env: str):
    env = {"WICARA_DATA_DIR": str(tmp_path), "WICARA_DATABASE_URL": "", **env}
    return CliRunner().invoke(main, [*args, "admin", "create-trainer", "Ani Wijaya", "--login", "ani",
                                     "--password-stdin"], input="kata-sandi-ani\n", env=env)


def test_admin_messages_are_indonesian_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    done = _create(tmp_path)
    assert done.exit_code == 0, done.output
    assert done.output.strip() == ("Akun admin 'ani' dibuat untuk Ani Wijaya. Ini akun pertama, jadi menjadi admin: "
                                   "ia dapat menambah pelatih di aplikasi.")
    listed = CliRunner().invoke(main, ["admin", "list"], env={"WICARA_DATA_DIR": str(tmp_path),
                                                              "WICARA_DATABASE_URL": ""})
    assert listed.output.split()[:3] == ["ani", "admin", "aktif"]


def test_the_setting_or_the_option_gives_english(tmp_path, monkeypatch):
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    by_setting = _create(tmp_path / "a", WICARA_UI_LANGUAGE="en")
    assert by_setting.output.startswith("Created admin account 'ani' for Ani Wijaya. It is the first account")
    by_option = _create(tmp_path / "b", "--ui-lang", "en")
    assert by_option.output.startswith("Created admin account 'ani' for Ani Wijaya.")
    over_setting = _create(tmp_path / "c", "--ui-lang", "id", WICARA_UI_LANGUAGE="en")
    assert over_setting.output.startswith("Akun admin 'ani' dibuat")


def test_the_export_count_takes_the_plural_of_its_language():
    from coach.i18n import t

    assert t("cli.wrote_csv", "en", n=1, file="a.csv") == "Wrote 1 attempt to a.csv."
    assert t("cli.wrote_csv", "en", n=3, file="a.csv") == "Wrote 3 attempts to a.csv."
    assert t("cli.wrote_csv", "id", n=1, file="a.csv") == "1 rekaman ditulis ke a.csv."


def test_errors_say_in_indonesian_what_they_mean_with_the_library_words_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("WICARA_UI_LANGUAGE", raising=False)
    bad = tmp_path / "speech.wav"
    bad.write_bytes(b"not a recording at all")
    said = CliRunner().invoke(main, ["analyze", str(bad), "--quiet"])
    line = said.output.strip()
    assert said.exit_code == 1 and len(line.splitlines()) == 1
    english_part, indonesian = line.split(" — ")
    assert english_part.startswith("Error: ") and "not a readable audio file" in english_part
    assert indonesian.startswith("Berkas ini tidak bisa dibaca sebagai audio: pakai rekaman wav")
    english = CliRunner().invoke(main, ["--ui-lang", "en", "analyze", str(bad), "--quiet"]).output.strip()
    assert english.startswith("Error: ") and "not a readable audio file" in english and "Berkas" not in english


def test_an_error_class_without_a_line_of_its_own_takes_its_parents():
    from coach.errors import CohortArchivedError, ThrottledError
    from coach.i18n import error_message

    assert error_message(ThrottledError("x", wait_s=5), "id", family="cli.error") == "Masuk gagal."
    assert error_message(CohortArchivedError("x"), "en", family="cli.error") == "This action is not allowed."


def test_the_weak_secret_line_names_the_limit_the_check_used():
    from coach.errors import WeakSecretError
    from coach.i18n import error_message
    from coach.workspace.passwords import MIN_PASSWORD_CHARS, check_secret

    try:
        check_secret("abc", pin=False)
    except WeakSecretError as e:
        said = error_message(e, "id", family="cli.error")
    assert said.startswith("Kata sandi ini ditolak") and f"minimal {MIN_PASSWORD_CHARS} karakter" in said
