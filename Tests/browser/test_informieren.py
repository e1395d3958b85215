"""Informieren in a real browser: the Al-Rina and Ivanova journeys, done through the forms.

They run in the lead group Derendingen, so they do not meet the demo data's Grenchen records."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import assert_accessible, click_and_wait, login, logout, open_page, screenshot, submit


def fill(driver, element_id, value):
    field = driver.find_element(By.ID, element_id)
    if field.get_attribute("type") in ("date", "time"):
        # Typing into date inputs depends on the browser's locale; the value is what the form sends.
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def choose(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(value)


def check(driver, element_id):
    box = driver.find_element(By.ID, element_id)
    if not box.is_selected():
        box.click()


LANGUAGE_NAMES = {"ara": "Arabisch", "por": "Portugiesisch", "bul": "Bulgarisch", "tir": "Tigrinya", "prs": "Dari"}


def status_of(person):
    """The combined «Ausländerausweis / Status» for a permit and an asylum status."""
    if "status" in person:
        return person["status"]
    permit = person.get("permit", "")
    return permit + ("-refugee" if person.get("asylumStatus") == "recognised_refugee" else "")


def fill_person(driver, index, person):
    prefix = f"p{index}-"
    for field in ("familyName", "givenName", "birthDate", "entryDate", "moveInDate", "focusNote"):
        if field in person:
            fill(driver, prefix + field, person[field])
    for field in ("sex", "nationality", "germanLevel"):
        if field in person:
            choose(driver, prefix + field, person[field])
    if "motherTongue" in person:
        # A searchable field: the clerk types the language's name.
        fill(driver, prefix + "motherTongue", LANGUAGE_NAMES.get(person["motherTongue"], person["motherTongue"]))
    if "permit" in person or "status" in person:
        choose(driver, prefix + "status", status_of(person))
    if "relationship" in person:
        driver.find_element(By.ID, f"{prefix}relationship-{person['relationship']}").click()
    if person.get("socialAssistance"):
        check(driver, prefix + "socialAssistance")


FAMILY = [
    dict(familyName="Al-Rina", givenName="Karim", sex="male", birthDate="1981-03-14", nationality="SY", motherTongue="ara",
         germanLevel="A1", entryDate="2023-05-10", moveInDate="2024-08-15", permit="B", asylumStatus="recognised_refugee",
         socialAssistance=True),
    dict(familyName="Al-Rina", givenName="Samira", sex="female", birthDate="1985-11-02", nationality="SY", motherTongue="ara",
         germanLevel="none", entryDate="2023-05-10", moveInDate="2024-08-15", permit="B", asylumStatus="recognised_refugee",
         socialAssistance=True, focusNote="Deutsch lernen; Bildungsweg von Adil", relationship="partner"),
    dict(familyName="Al-Rina", givenName="Adil", sex="male", birthDate="2007-06-21", nationality="SY", motherTongue="ara",
         germanLevel="A2", entryDate="2023-05-10", moveInDate="2024-08-15", permit="B", asylumStatus="recognised_refugee",
         socialAssistance=True, relationship="child"),
]


def register_household(driver, municipality_label, street, postal, place, persons):
    open_page(driver, "/anmeldung")
    assert_accessible(driver, "registration form")
    Select(driver.find_element(By.ID, "municipalityID")).select_by_visible_text(municipality_label)
    fill(driver, "street", street)
    fill(driver, "postalCode", postal)
    fill(driver, "place", place)
    for index, person in enumerate(persons):
        if index > 0:
            # The script adds the block in place (no page load); the cursor goes to it.
            driver.find_element(By.CSS_SELECTOR, "button[value=addPerson]").click()
            WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.ID, f"p{index}-givenName"))
        fill_person(driver, index, person)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=review]"))
    # Against a server that already ran this test, the duplicate check asks first: confirm, as a clerk would.
    if driver.find_elements(By.ID, "duplicates"):
        assert_accessible(driver, "registration with duplicates")
        check(driver, "confirmDuplicates")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=review]"))
    if driver.find_elements(By.CSS_SELECTOR, "button[value=save]"):
        assert_accessible(driver, "check your answers")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[value=save]"))


def test_al_rina_journey(browser):
    login(browser, "schalter.derendingen")
    # First a mistake: the move-in before the entry into Switzerland is refused at the field, and nothing is lost.
    wrong = dict(FAMILY[0], moveInDate="2022-01-01")
    register_household(browser, "Derendingen", "Hauptstrasse 3", "4552", "Derendingen", [wrong])
    assert "vor der Einreise in die Schweiz" in browser.find_element(By.ID, "p0-moveInDate-error").text
    assert browser.find_element(By.ID, "p0-givenName").get_attribute("value") == "Karim"
    assert_accessible(browser, "registration with errors")

    register_household(browser, "Derendingen", "Hauptstrasse 3", "4552", "Derendingen", FAMILY)
    assert "Die Anmeldung ist gespeichert." in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Asyl: anerkannte/r Flüchtling" in browser.page_source
    assert_accessible(browser, "household")

    assert "Wie es weitergeht" in browser.page_source
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Triage: schriftlich oder mündlich"))
    browser.find_element(By.ID, "triage-oral").click()
    fill(browser, "reason", "Familie mit Kindern; Fokus Deutsch und Bildung")
    choose(browser, "folderStatus", "handed_over")
    fill(browser, "folderDate", "2024-08-20")
    choose(browser, "folderLanguage", "other")
    assert_accessible(browser, "triage form")
    submit(browser)
    assert "Triage: mündliche Erstinformation" in browser.page_source
    logout(browser)

    login(browser, "ib.derendingen")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Zu planen"))
    assert "Samira" in browser.page_source
    assert_accessible(browser, "work list to plan")
    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if "Samira" in r.text][0]
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "Gespräch planen"))
    assert Select(browser.find_element(By.ID, "interpreterLanguage")).first_selected_option.text == "Arabisch"
    fill(browser, "date", "2024-09-12")
    fill(browser, "time", "14:00")
    fill(browser, "place", "Gemeindehaus Derendingen")
    browser.find_element(By.ID, "format-group").click()
    check(browser, "interpreterNeeded")
    choose(browser, "interpreterChannel", "heks_linguadukt")
    choose(browser, "interpreterStatus", "confirmed")
    fill(browser, "interpreterName", "Y. Haddad")
    for box in ("checklistFolder", "checklistInvitation", "checklistInterpreter"):
        check(browser, box)
    assert_accessible(browser, "planning form")
    submit(browser)
    assert "Arabisch · HEKS Linguadukt · bestätigt · Y. Haddad" in browser.page_source
    assert_accessible(browser, "appointment")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Gespräch erfassen"))
    for topic in ("rights_and_duties", "life_in_municipality", "learning_german", "education_and_work", "children_and_youth"):
        check(browser, f"topic-{topic}")
    fill(browser, "focusNotes", "Deutschkurs für Frau Al-Rina; Weg zur Ausbildung für Adil")
    check(browser, "step-referred_to_offers")
    check(browser, "step-follow_up_conversation")
    for field in browser.find_elements(By.CSS_SELECTOR, "input[id^=sig-]"):
        browser.execute_script("arguments[0].value = '2024-09-12'", field)
    assert_accessible(browser, "conversation form")
    submit(browser)
    assert "durchgeführt" in browser.page_source
    assert "Themen: Rechte und Pflichten" in browser.page_source

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Samira Al-Rina"))
    timeline = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    for text in ("Erstinformationsgespräch geführt", "Unterschrift am 12.09.2024", "Dolmetschen: Arabisch",
                 "Triage: mündliche Erstinformation", "Anmeldung am Schalter erfasst"):
        assert text in timeline, text
    assert_accessible(browser, "person with timeline")
    screenshot(browser, "verlauf-al-rina")

    # Grenchen's officer finds only Grenchen's own (demo) Adil Al-Rina, never the Derendingen record.
    logout(browser)
    login(browser, "ib.grenchen")
    open_page(browser, "/personen")
    fill(browser, "search-name", "Al Rina Adil")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Suchen']"))
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert rows and all(row.endswith("Grenchen") for row in rows), rows
    assert_accessible(browser, "search results")


def test_ivanova_journey_without_conversation(browser):
    login(browser, "schalter.derendingen")
    marija = dict(familyName="Ivanova", givenName="Marija", sex="female", birthDate="1990-04-18", nationality="BG",
                  motherTongue="bul", germanLevel="A2", entryDate="2024-03-01", moveInDate="2024-03-01", permit="B")
    register_household(browser, "Subingen", "Dorfstrasse 20", "4553", "Subingen", [marija])
    assert "EU/EFTA" in browser.page_source
    click_and_wait(browser, browser.find_elements(By.LINK_TEXT, "Marija Ivanova")[0])
    person_url = browser.current_url
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Triage und Mappe"))
    browser.find_element(By.ID, "triage-written").click()
    fill(browser, "reason", "Arbeitet Vollzeit; schriftliche Information gewünscht")
    choose(browser, "folderStatus", "sent")
    fill(browser, "folderDate", "2024-03-05")
    choose(browser, "folderLanguage", "en")
    submit(browser)
    logout(browser)

    login(browser, "ib.derendingen")
    contacts = [
        ("2024-11-04", "counter", "Kontakt A: fragt nach Weiterbildungsmöglichkeiten.", "Übersicht abgegeben"),
        ("2024-11-12", "third_party", "Kontakt B: Hinweis am Sprachtreff, dass sie sich zurückgezogen hat.", "Ansprechen"),
        ("2024-11-20", "phone", "Kontakt C: möchte die bulgarische Community über Arbeit informieren.", "Treffen vereinbaren"),
    ]
    for date, channel, note, next_step in contacts:
        browser.get(person_url)
        click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Kontakt erfassen"))
        fill(browser, "occurredOn", date)
        choose(browser, "channel", channel)
        fill(browser, "note", note)
        fill(browser, "nextStep", next_step)
        fill(browser, "nextStepDue", "2024-12-01")
        assert_accessible(browser, "contact form")
        submit(browser)
    timeline = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    for text in ("Kontakt: am Schalter", "Kontakt: Information von Dritten", "Kontakt: Telefon", "Nächster Schritt: Treffen vereinbaren",
                 "Triage: schriftliche Erstinformation"):
        assert text in timeline, text
    assert "Erstinformationsgespräch" not in timeline
    assert timeline.index("Kontakt C") < timeline.index("Kontakt A")
    screenshot(browser, "verlauf-ivanova")
