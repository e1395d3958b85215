"""The foundation in a real browser: login, start page per role, every page accessible."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import assert_accessible, click_and_wait, login, logout, open_page, screenshot, submit


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def test_officer_logs_in_and_sees_the_start_page(browser):
    open_page(browser, "/")
    assert browser.current_url.endswith("/login")
    assert_accessible(browser, "login")
    login(browser, "ib.grenchen")
    assert heading(browser) == "Willkommen, Nadia Keller"
    nav = browser.find_element(By.CSS_SELECTOR, "nav.main-nav").text
    for area in ["Informieren", "Fördern", "Angebote", "Fordern", "Dokumente & Bestellungen"]:
        assert area in nav
    # Areas that do not exist yet have no menu item.
    for area in ["Berichterstattung", "Netzwerk"]:
        assert area not in nav
    assert "Grenchen" in browser.find_element(By.CSS_SELECTOR, ".user-box").text
    assert_accessible(browser, "start page")
    screenshot(browser, "start-integrationsbeauftragte")


def test_wrong_password_gives_one_message_and_keeps_the_name(browser):
    login(browser, "ib.grenchen", "ganz-falsches-passwort")
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert "Benutzername oder Passwort ist falsch" in alert
    assert browser.find_element(By.ID, "username").get_attribute("value") == "ib.grenchen"
    assert_accessible(browser, "login with error")


def test_keyboard_reaches_the_skip_link_first(browser):
    login(browser, "ib.grenchen")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    focused.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda driver: driver.switch_to.active_element.get_attribute("id") == "inhalt")
    assert browser.switch_to.active_element.get_attribute("id") == "inhalt"


def test_person_pages_and_contact_form(browser):
    login(browser, "ib.grenchen")
    open_page(browser, "/personen")
    assert_accessible(browser, "person list")
    assert "Muster" not in browser.page_source
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Ivanova, Marija"))
    assert heading(browser) == "Marija Ivanova"
    assert "Bulgarien" in browser.page_source
    assert_accessible(browser, "person detail")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Personalien bearbeiten"))
    email = browser.find_element(By.ID, "p0-email")
    email.clear()
    email.send_keys("marija(at)beispiel")
    submit(browser)
    assert "Bitte eine gültige E-Mail-Adresse eingeben" in browser.find_element(By.ID, "p0-email-error").text
    assert browser.find_element(By.ID, "p0-email").get_attribute("value") == "marija(at)beispiel"
    assert_accessible(browser, "person form with error")
    email = browser.find_element(By.ID, "p0-email")
    email.clear()
    email.send_keys("marija@beispiel.ch")
    submit(browser)
    assert "Gespeichert." in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "marija@beispiel.ch" in browser.page_source


def test_every_page_of_every_role_is_accessible(browser):
    pages = {
        "schalter.grenchen": ["/", "/informieren", "/personen", "/anmeldung", "/arbeitslisten/zu-triagieren"],
        "ib.grenchen": ["/arbeitslisten/zu-planen", "/arbeitslisten/termine", "/arbeitslisten/unterschriften",
                        "/arbeitslisten/nicht-erschienen", "/termine/neu"],
        "ib.derendingen": ["/", "/dokumente", "/arbeitslisten/naechste-schritte", "/foerdern", "/foerdern/angebote",
                           "/foerdern/angebote/neu", "/foerdern/regelstrukturen", "/foerdern/regelstrukturen/neu", "/foerdern/anlaesse",
                           "/foerdern/anlaesse/neu", "/fordern", "/fordern/erinnerungen/ueberpruefungen",
                           "/fordern/erinnerungen/massnahmen", "/fordern/erinnerungen/bei-misa", "/fordern/erinnerungen/entscheide"],
        "leitung.grenchen": ["/", "/konto/passwort"],
        "ags.fachexpertin": ["/", "/organisation", "/organisation/gemeinden", "/organisation/gemeinden/neu",
                             "/organisation/leitgemeinden", "/organisation/leitgemeinden/neu", "/organisation/bezirke"],
        "misa.sachbearbeitung": ["/", "/misa"],
        "admin": ["/", "/verwaltung/benutzer", "/verwaltung/benutzer/neu", "/verwaltung/audit", "/organisation"],
    }
    for username, paths in pages.items():
        login(browser, username)
        for path in paths:
            open_page(browser, path)
            assert browser.find_elements(By.TAG_NAME, "h1"), f"{username} {path}"
            assert "Fehlercode" not in browser.page_source, f"{username} {path}"
            assert_accessible(browser, f"{username} {path}")
        # A page of another role: a German refusal, also accessible.
        open_page(browser, "/verwaltung/benutzer" if username != "admin" else "/personen")
        assert heading(browser) == "Kein Zugriff"
        assert_accessible(browser, f"{username} forbidden page")
        logout(browser)
        assert browser.current_url.endswith("/login")


def test_administrator_sees_form_errors_at_the_fields(browser):
    login(browser, "admin")
    open_page(browser, "/verwaltung/benutzer/neu")
    browser.find_element(By.ID, "username").send_keys("Ungültig Name")
    submit(browser)
    assert "3–50 Zeichen" in browser.find_element(By.ID, "username-error").text
    assert "Bitte ausfüllen." in browser.find_element(By.ID, "displayName-error").text
    assert browser.find_element(By.ID, "username").get_attribute("value") == "Ungültig Name"
    assert_accessible(browser, "user form with errors")
    open_page(browser, "/verwaltung/audit")
    assert "Anmeldung erfolgreich" in browser.page_source
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Kette prüfen']"))
    assert "Der Audit-Trail ist intakt" in browser.find_element(By.ID, "verification").text
    assert_accessible(browser, "audit trail")
    screenshot(browser, "audit-trail")


def test_small_screen_has_no_horizontal_scrolling(browser):
    browser.set_window_size(360, 800)
    login(browser, "ib.grenchen")
    for path in ["/", "/personen", "/informieren"]:
        open_page(browser, path)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    screenshot(browser, "start-360px")
