"""Browser tests against a running start.integration (scripts/test starts it with the demo data).

SI_BASE_URL: where the app runs; SI_DEMO_PASSWORD: the password of every demo account."""
import datetime
import os
import pathlib

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("SI_BASE_URL", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("SI_DEMO_PASSWORD", "")
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "artifacts"


def swiss_today():
    """Today as the app counts it (Swiss time, CET/CEST): late in the evening UTC the machine's date is a
    day behind. Summer time runs from the last Sunday of March to the last Sunday of October, 01:00 UTC."""
    now = datetime.datetime.now(datetime.timezone.utc)

    def last_sunday(month):
        day = datetime.datetime(now.year, month, 31, 1, tzinfo=datetime.timezone.utc)
        return day - datetime.timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= now < last_sunday(10)
    return (now + datetime.timedelta(hours=2 if summer else 1)).date()


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=de-CH"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def open_page(driver, path):
    driver.get(BASE_URL + path)


def click_and_wait(driver, element):
    """Clicks a submit button or link and waits until the next page has replaced this one."""
    html = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_driver):
        try:
            html.is_enabled()
            return False
        except WebDriverException:
            # Stale, or detached while Chromium swaps the document: either way the old page is gone.
            return True

    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))


def login(driver, username, password=None):
    open_page(driver, "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password or PASSWORD)
    submit(driver)


def logout(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".user-actions button"))


def assert_accessible(driver, label):
    """axe-core on the current page: WCAG 2.1 A/AA and best practices, no violation allowed."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    violations = results["violations"]
    assert not violations, f"{label}: " + axe.report(violations)


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
