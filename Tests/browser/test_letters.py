"""Letters in a real browser: choosing, the A4 print view in Arabic and Tigrinya, the canton's texts, the letterhead."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import assert_accessible, click_and_wait, login, open_page, screenshot, submit


def open_person(driver, name):
    open_page(driver, "/personen")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, name))


def test_arabic_and_tigrinya_letters(browser):
    login(browser, "ib.grenchen")
    open_person(browser, "Al-Rina, Samira")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Brief erstellen"))
    assert_accessible(browser, "letter chooser")
    assert Select(browser.find_element(By.ID, "sprache")).first_selected_option.get_attribute("value") == "ar"
    Select(browser.find_element(By.ID, "art")).select_by_value("invitation")
    submit(browser)
    sections = browser.find_elements(By.CSS_SELECTOR, "section.letter-text")
    assert [s.get_attribute("lang") for s in sections] == ["de", "ar"]
    assert sections[1].get_attribute("dir") == "rtl"
    assert "Al-Rina" in browser.page_source
    assert "Donnerstag, 12. September 2024" in sections[0].text
    assert browser.find_elements(By.XPATH, "//button[text()='PDF herunterladen']")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Als gedruckt vermerken']"))
    assert "Im Verlauf vermerkt" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert_accessible(browser, "Arabic letter")
    arabic = browser.find_elements(By.CSS_SELECTOR, "section.letter-text")[-1]
    browser.execute_script("arguments[0].scrollIntoView()", arabic)
    screenshot(browser, "brief-arabisch")

    # The Gebremedhin household speaks Tigrinya; a welcome letter needs no appointment.
    open_person(browser, "Gebremedhin, Senait")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Brief erstellen"))
    Select(browser.find_element(By.ID, "art")).select_by_value("welcome")
    assert Select(browser.find_element(By.ID, "sprache")).first_selected_option.get_attribute("value") == "ti"
    submit(browser)
    section = browser.find_elements(By.CSS_SELECTOR, "section.letter-text")[-1]
    assert section.get_attribute("lang") == "ti"
    assert any(0x1200 <= ord(ch) <= 0x137F for ch in section.text), "Ethiopic script"
    assert_accessible(browser, "Tigrinya letter")
    browser.execute_script("arguments[0].scrollIntoView()", section)
    screenshot(browser, "brief-tigrinya")


def test_missing_appointment_is_a_visible_gap(browser):
    login(browser, "ib.grenchen")
    open_person(browser, "Ivanova, Marija")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Brief erstellen"))
    Select(browser.find_element(By.ID, "art")).select_by_value("invitation")
    submit(browser)
    assert "Es fehlen Angaben" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert not browser.find_elements(By.XPATH, "//button[text()='PDF herunterladen']")
    assert_accessible(browser, "letter with gaps")


def test_canton_texts_and_municipal_letterhead(browser):
    login(browser, "ags.fachexpertin")
    open_page(browser, "/briefvorlagen")
    assert_accessible(browser, "template matrix")
    open_page(browser, "/briefvorlagen/invitation/ar")
    assert "Vorschau mit Beispieldaten" in browser.page_source
    assert_accessible(browser, "template editor")
    open_page(browser, "/")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".user-actions button"))

    login(browser, "ib.derendingen")
    open_page(browser, "/briefkopf")
    assert_accessible(browser, "letterhead form")
    open_page(browser, "/briefe/serie")
    assert_accessible(browser, "batch letters")
