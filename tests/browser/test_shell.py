"""The login page and the application shell, as a person sees them."""

from tests.browser.conftest import screenshot


def test_salesperson_logs_in_and_sees_the_shell(page_for, alice):
    page = page_for(None)
    page.goto("/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login-desktop")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "secret-pass-123")
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("text=Hello,")
    assert page.locator(".app-sidebar").is_visible()
    assert page.locator(".app-nav .nav-link.active").inner_text().strip() == "Workbench"
    screenshot(page, "shell-desktop")


def test_phone_width_hides_the_sidebar_behind_a_menu_button(page_for, alice):
    page = page_for(alice, width=390, height=844)
    assert not page.locator(".app-sidebar .app-nav").is_visible()
    page.click("[aria-controls=sidebar]")
    page.wait_for_selector(".app-sidebar.show")
    assert page.locator(".app-nav").get_by_text("Workbench").is_visible()
    screenshot(page, "shell-phone-menu")


def test_chinese_browser_gets_the_chinese_shell(page_for, mary, alice):
    page = page_for(mary, locale="zh-CN")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_text("你的团队").is_visible()
    screenshot(page, "shell-desktop-zh")


def test_language_switcher_changes_the_language(page_for, alice):
    page = page_for(alice)
    page.click(".app-sidebar button[value=zh-hans]")
    page.wait_for_selector("text=工作台")
    page.click(".app-sidebar button[value=en]")
    page.wait_for_selector(".app-nav >> text=Workbench")


def test_login_page_at_phone_width(page_for, db):
    page = page_for(None, width=390, height=844, locale="zh-CN")
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="登录").is_visible()
    screenshot(page, "login-phone-zh")
