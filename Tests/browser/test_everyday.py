"""Everyday use in a real browser, counted: a household of four from Afghanistan (Dari, permit F)
from the counter's start page to the saved household, and from the officer's start page to the
printed invitation. Page loads and filled fields are counted by the browser itself (a script
injected through the DevTools protocol), not by the test's own bookkeeping.

Goals (issue «Everyday use»): counter ≤ 4 page loads and ≤ 26 inputs; officer ≤ 5 and ≤ 8."""
import datetime
import json
import random
import string
import urllib.error
import urllib.request
from html.parser import HTMLParser

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARTIFACTS, BASE_URL, assert_accessible, click_and_wait, login, logout, open_page, screenshot, swiss_today

COUNTER_SCRIPT = """
(function () {
  var loads = Number(sessionStorage.getItem('si-loads') || 0) + 1;
  sessionStorage.setItem('si-loads', String(loads));
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (!target || !target.name || target.type === 'hidden') { return; }
    var fields = JSON.parse(sessionStorage.getItem('si-fields') || '[]');
    if (fields.indexOf(target.name) < 0) { fields.push(target.name); }
    sessionStorage.setItem('si-fields', JSON.stringify(fields));
  }, true);
})();
"""


def start_counting(driver):
    """Counts from the page the browser shows now (load 1); returns the script's id for stop."""
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNTER_SCRIPT})["identifier"]
    driver.execute_script("sessionStorage.setItem('si-loads', '1'); sessionStorage.setItem('si-fields', '[]');")
    # The page already shown gets the field listener too (the script runs on later documents by itself).
    driver.execute_script(COUNTER_SCRIPT.replace("var loads = Number(sessionStorage.getItem('si-loads') || 0) + 1;",
                                                 "var loads = 1;"))
    return script


def counts(driver, script):
    """The loads and the distinct fields changed since start_counting; stops counting."""
    loads = int(driver.execute_script("return sessionStorage.getItem('si-loads')") or 0)
    fields = json.loads(driver.execute_script("return sessionStorage.getItem('si-fields')") or "[]")
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})
    return loads, fields


def type_into(driver, element_id, value):
    field = driver.find_element(By.ID, element_id)
    if field.get_attribute("type") in ("date", "time"):
        # Typed date and time fields depend on the browser's locale; set the value and tell the page, as typing does.
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                              "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value)
    else:
        field.clear()
        field.send_keys(value)
        # Leaving the field fires its change event, as moving to the next field does.
        driver.execute_script("arguments[0].blur()", field)


def pick(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(value)


def family_name():
    return "Ahmadi-" + "".join(random.choice(string.ascii_lowercase) for _ in range(5)).capitalize()


def test_household_journey_in_few_screens(browser):
    name = family_name()
    today = swiss_today()
    login(browser, "schalter.grenchen")
    counting = start_counting(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Anmeldung erfassen"))
    type_into(browser, "street", "Bielstrasse 8")
    if not browser.find_element(By.ID, "postalCode").get_attribute("value"):
        type_into(browser, "postalCode", "2540")
    first = dict(familyName=name, givenName="Hamida", birthDate="1990-04-02", moveInDate=(today - datetime.timedelta(days=5)).isoformat())
    for field, value in first.items():
        type_into(browser, "p0-" + field, value)
    pick(browser, "p0-sex", "female")
    pick(browser, "p0-nationality", "AF")
    type_into(browser, "p0-motherTongue", "Dari")
    pick(browser, "p0-status", "F")
    others = [("Karim", "male", "1986-01-15", "partner"), ("Sara", "female", "2013-06-30", "child"), ("Omid", "male", "2017-09-12", "child")]
    for index, (given, sex, birth, relationship) in enumerate(others, start=1):
        browser.find_element(By.ID, "add-person").click()
        WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.ID, f"p{index}-givenName"))
        assert browser.switch_to.active_element.get_attribute("id") == f"p{index}-givenName", "the cursor is in the new block"
        assert browser.find_element(By.ID, f"p{index}-familyName").get_attribute("value") == name, "carried over"
        type_into(browser, f"p{index}-givenName", given)
        pick(browser, f"p{index}-sex", sex)
        type_into(browser, f"p{index}-birthDate", birth)
        browser.find_element(By.ID, f"p{index}-relationship-{relationship}").click()
    assert_accessible(browser, "registration of four")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=review]"))
    assert "Angaben prüfen" in browser.title, browser.page_source[:2000]
    assert_accessible(browser, "check your answers")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=save]"))
    assert "Anmeldung gespeichert" in browser.page_source
    assert "Wie es weitergeht" in browser.page_source
    assert_accessible(browser, "household saved")
    counter_loads, counter_fields = counts(browser, counting)
    screenshot(browser, "haushalt-gespeichert")

    # The counter triages from the household's task list (after the goal's end point).
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".next-step a"))
    browser.find_element(By.ID, "triage-oral").click()
    type_into(browser, "reason", "Familie mit Kindern, Dari")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    logout(browser)

    login(browser, "ib.grenchen")
    counting = start_counting(browser)
    assert_accessible(browser, "officer start page with next households")
    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "#next-heading ~ div tbody tr") if name in r.text][0]
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "Gespräch planen"))
    assert browser.find_element(By.ID, "interpreterNeeded").is_selected(), "interpreter proposed"
    assert Select(browser.find_element(By.ID, "interpreterLanguage")).first_selected_option.text == "Dari"
    type_into(browser, "date", (today + datetime.timedelta(days=7)).isoformat())
    type_into(browser, "time", "09:30")
    if not browser.find_element(By.ID, "place").get_attribute("value"):
        type_into(browser, "place", "Stadthaus Grenchen, Büro 4")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    assert "Nächster Schritt:" in browser.page_source
    assert_accessible(browser, "appointment hub")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Einladung erstellen (Dari und Deutsch)"))
    assert f"Sehr geehrter Herr {name}, sehr geehrte Frau {name}" in browser.page_source.replace("\u2068", "").replace("\u2069", "")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Als gedruckt vermerken']"))
    assert "Im Verlauf vermerkt" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert_accessible(browser, "printed invitation in Dari")
    officer_loads, officer_fields = counts(browser, counting)
    screenshot(browser, "einladung-dari")

    result = {"counter": {"pageLoads": counter_loads, "inputs": len(counter_fields), "fields": counter_fields},
              "officer": {"pageLoads": officer_loads, "inputs": len(officer_fields), "fields": officer_fields}}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey-counts.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print("journey counts:", json.dumps({k: {"pageLoads": v["pageLoads"], "inputs": v["inputs"]} for k, v in result.items()}))
    assert counter_loads <= 4, result["counter"]
    assert len(counter_fields) <= 26, result["counter"]
    assert officer_loads <= 5, result["officer"]
    assert len(officer_fields) <= 8, result["officer"]


def test_conversation_form_and_menu_at_360_pixels(browser):
    login(browser, "ib.grenchen")
    open_page(browser, "/arbeitslisten/termine")
    links = browser.find_elements(By.CSS_SELECTOR, "tbody a[href*='/termine/']")
    assert links, "a planned appointment in the demo data"
    appointment = links[0].get_attribute("href").split("#")[0].split("?")[0].rstrip("/")
    appointment = appointment[:appointment.index("/termine/") + len("/termine/") + 36]
    browser.set_window_size(360, 800)
    for path in [appointment.replace(BASE_URL, "") + "/gespraech", "/", "/anmeldung"]:
        open_page(browser, path)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    # The radio buttons are radio buttons, not stretched boxes.
    radio = browser.find_elements(By.CSS_SELECTOR, "input[type=radio]")
    assert all(r.size["width"] < 40 for r in radio), [r.size for r in radio]
    screenshot(browser, "anmeldung-360px")


def test_a_letter_with_gaps_does_not_print(browser):
    login(browser, "ib.grenchen")
    open_page(browser, "/personen")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Ivanova, Marija"))
    marija = browser.current_url.split("/personen/")[1].split("/")[0].split("?")[0]
    open_page(browser, f"/personen/{marija}/briefe/ansicht?art=invitation&sprache=de")
    assert browser.find_element(By.CSS_SELECTOR, ".sheet").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, ".sheet").is_displayed(), "the letter with gaps is not printed"
    assert "erst gedruckt werden" in browser.find_element(By.CSS_SELECTOR, ".letter-gaps").text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    # A document without a text in the chosen language comes in German, and says so.
    open_page(browser, f"/personen/{marija}/briefe/ansicht?art=summons&sprache=bg")
    assert "keinen Text auf Bulgarisch" in browser.page_source
    assert_accessible(browser, "letter in German instead of Bulgarian")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])


def crawl(cookies, limit=120):
    """Follows every link a user is shown (GET only), breadth first; returns the status of each page."""
    header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    seen, queue, statuses = set(), ["/"], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith("/logout"):
            continue
        seen.add(path)
        request = urllib.request.Request(BASE_URL + path, headers={"Cookie": header})
        try:
            with urllib.request.urlopen(request) as response:
                status, kind, body = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            status, kind, body = error.code, error.headers.get("Content-Type", ""), error.read()
        statuses[path] = status
        if "text/html" not in kind:
            continue
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        queue += [link for link in parser.links if link not in seen]
    return statuses


def test_no_link_ends_in_kein_zugriff(browser):
    for username in ("schalter.grenchen", "ib.derendingen", "leitung.grenchen", "misa.sachbearbeitung"):
        login(browser, username)
        statuses = crawl(browser.get_cookies())
        # A letter with gaps is a page that says what is missing (422); anything else must open.
        bad = {path: status for path, status in statuses.items() if status not in (200, 422)}
        assert not bad, f"{username}: {bad}"
        assert len(statuses) >= 2, statuses
        logout(browser)
