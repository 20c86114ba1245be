using AppPasswords.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

public class LanguageJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task HomePage_ChineseBrowserSwitchesToEnglish_ChoiceIsRememberedAndBothLanguagesAreAccessible()
    {
        var page = await OpenPageAsync(locale: "zh-CN");

        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("如何获取应用密码");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录以开始使用" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveURLAsync(new Uri(Fixture.BaseUrl, "/").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("How to get an app password");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "English" })).ToHaveAttributeAsync("aria-current", "true");
        await AssertAccessibleAsync(page);

        await page.GotoAsync("/Culture");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose your language");
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task HomePage_EnglishBrowserSwitchesToChinese_StaysOnTheSamePage()
    {
        var page = await OpenPageAsync(locale: "en-US");

        await page.GotoAsync("/Culture?from=journey");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "简体中文" }).First.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(Fixture.BaseUrl, "/Culture?from=journey").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("选择你的语言");
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("应用密码");
        Assert.Empty(ConsoleErrors);
    }

    [Theory]
    [InlineData("en-US", "Page not found")]
    [InlineData("zh-CN", "找不到页面")]
    public async Task MissingPage_BothLanguages_FriendlyAndAccessible(string locale, string heading)
    {
        var page = await OpenPageAsync(locale);

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await AssertAccessibleAsync(page);
    }
}
