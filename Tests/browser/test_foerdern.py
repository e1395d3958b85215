"""Fördern, Fordern and MISA in a real browser: the Muster journey from the school's report to
MISA's decision, and the Al-Rina conversation pages, each page checked with axe."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_accessible, click_and_wait, login, logout, open_page, screenshot, swiss_today

TODAY = swiss_today()


def fill(driver, element_id, value):
    field = driver.find_element(By.ID, element_id)
    if field.get_attribute("type") in ("date", "time"):
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def choose(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(value)


def choose_text(driver, element_id, text):
    Select(driver.find_element(By.ID, element_id)).select_by_visible_text(text)


def tick(driver, element_id):
    box = driver.find_element(By.ID, element_id)
    if not box.is_selected():
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()


def submit_to(driver, action_suffix):
    """Submits the form whose action ends in `action_suffix` (a case page has one form per step)."""
    button = driver.find_element(By.CSS_SELECTOR, f"form[action$='{action_suffix}'] button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    click_and_wait(driver, button)


def follow(driver, text):
    link = driver.find_element(By.PARTIAL_LINK_TEXT, text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    click_and_wait(driver, link)


def test_muster_journey_to_misa_and_back(browser):
    login(browser, "ib.derendingen")
    open_page(browser, "/personen")
    follow(browser, "Muster, M.")
    follow(browser, "Fordern-Fall eröffnen")
    assert_accessible(browser, "new case")
    choose(browser, "triggerSource", "school")
    choose_text(browser, "regularStructureID", "Primarschule Derendingen")
    fill(browser, "triggerNote", "Die Lehrperson kann nicht mit Frau Muster sprechen; nur schriftlicher Kontakt.")
    submit_to(browser, "/fordern/faelle/neu")
    assert "Vorprüfung" in browser.page_source
    assert_accessible(browser, "case at pre-check")

    # Pre-check: a criterion concerned without a note is refused at the field, the typed values kept.
    tick(browser, "concerned-language_skills")
    browser.find_element(By.ID, "conversationType-maxi").click()
    submit_to(browser, "/vorpruefung")
    assert browser.find_element(By.ID, "note-language_skills").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "concerned-language_skills").is_selected()
    assert_accessible(browser, "pre-check with error")
    fill(browser, "note-language_skills", "Versteht und spricht kein Deutsch; kein Nachweis.")
    submit_to(browser, "/vorpruefung")

    # Summons: planned, then made from the letters area with the planned date and place.
    fill(browser, "plannedOn", (TODAY + datetime.timedelta(days=7)).isoformat())
    fill(browser, "time", "10:00")
    fill(browser, "place", "Gemeindehaus Derendingen")
    choose(browser, "interpreterLanguage", "ita")
    submit_to(browser, "/vorladung")
    follow(browser, "Vorladung erstellen")
    assert "Gemeindehaus Derendingen" in browser.page_source
    browser.back()

    # The integration conversation with the parents' German course and a cost refund.
    follow(browser, "Integrationsgespräch erfassen")
    assert_accessible(browser, "integration conversation form")
    fill(browser, "place", "Derendingen")
    tick(browser, "interpreterPresent")
    choose(browser, "interpreterLanguage", "ita")
    choose(browser, "interpreterChannel", "heks_linguadukt")
    fill(browser, "need", "Frau Muster kann kein Deutsch verstehen und sprechen.")
    choose_text(browser, "m0-offerID", "Deutschkurs für Eltern mit Kinderbetreuung (Leitgemeinde Derendingen)")
    browser.find_element(By.ID, "m0-responsible-person").click()
    fill(browser, "m0-dueOn", (TODAY + datetime.timedelta(days=150)).isoformat())
    fill(browser, "m0-costNote", "Kostenersatz bei der Gemeinde")
    muster_signature = browser.find_element(By.CSS_SELECTOR, "select[id^='signature-']").get_attribute("id")
    choose(browser, muster_signature, "signed")
    submit_to(browser, "/integrationsgespraeche/neu")
    assert "Integrationsgespräch vom" in browser.find_element(By.TAG_NAME, "h1").text
    assert_accessible(browser, "integration conversation")
    follow(browser, "Zum Fordern-Fall")

    # Review not fulfilled; the report to MISA: check, then send.
    browser.find_element(By.ID, "outcome-not_fulfilled").click()
    fill(browser, "reviewNote", "Deutschkurs abgebrochen.")
    submit_to(browser, "/ueberpruefung")
    follow(browser, "Meldung an MISA vorbereiten")
    assert_accessible(browser, "report check")
    fill(browser, "deficit", "Keine Fortschritte; Verständigung mit der Schule nur schriftlich.")
    submit_to(browser, "/meldung")
    assert "an MISA gesendet" in browser.page_source
    assert_accessible(browser, "case after sending")
    case_url = browser.current_url.split("?")[0]
    logout(browser)

    # MISA: inbox, report, receipt, decision.
    login(browser, "misa.sachbearbeitung")
    open_page(browser, "/misa?status=sent")
    assert_accessible(browser, "misa inbox")
    follow(browser, "M. Muster")
    assert "Keine Fortschritte" in browser.page_source
    assert_accessible(browser, "misa report")
    submit_to(browser, "/eingang")
    browser.find_element(By.ID, "decision-integration_agreement").click()
    fill(browser, "decidedOn", TODAY.isoformat())
    fill(browser, "validUntil", (TODAY + datetime.timedelta(days=365)).isoformat())
    fill(browser, "note", "Integrationsvereinbarung: Deutschkurs A1 innert 12 Monaten.")
    submit_to(browser, "/entscheid")
    assert "Integrationsvereinbarung" in browser.page_source
    screenshot(browser, "misa-entscheid")
    logout(browser)

    # The municipality sees the outcome on its start page and on the case.
    login(browser, "ib.derendingen")
    assert "Neue Entscheide von MISA" in browser.page_source
    browser.get(case_url)
    assert "Integrationsvereinbarung" in browser.page_source
    submit_to(browser, "/kenntnisnahme")
    assert "Zur Kenntnis genommen" not in [b.text for b in browser.find_elements(By.CSS_SELECTOR, "button")]


def test_al_rina_pages_are_accessible(browser):
    login(browser, "ib.grenchen")
    open_page(browser, "/personen")
    follow(browser, "Al-Rina, Samira")
    assert "Neuzuzüger-Anlass" in browser.page_source, "the contact at the event is on her timeline"
    link = browser.find_element(By.CSS_SELECTOR, "main a[href^='/personen/'][href$='/foerdern']")
    click_and_wait(browser, link)
    assert_accessible(browser, "promotion page")
    for link in ("Standortbestimmung erfassen", "Ziel erfassen", "Massnahme erfassen"):
        page = browser.current_url
        found = browser.find_elements(By.PARTIAL_LINK_TEXT, link)
        if found:
            follow(browser, link)
            assert_accessible(browser, link)
            browser.get(page)
    follow(browser, "Integrationsgespräch vom 28.11.2024")
    assert "Arabisch" in browser.page_source
    assert_accessible(browser, "Al-Rina conversation")
    open_page(browser, "/foerdern/anlaesse")
    follow(browser, "Neuzuzüger-Anlass Grenchen")
    assert_accessible(browser, "newcomers' event")
    open_page(browser, "/foerdern")
    assert_accessible(browser, "Fördern overview")
